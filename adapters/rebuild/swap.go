package rebuild

import (
	"context"
	"fmt"
	"github.com/kinerja/kinerja/adapters/readside"
	"regexp"

	"github.com/jackc/pgx/v5"
)

// swap moves the rebuilt tables in, in one transaction (see Rebuild).
func (rb *rebuild) swap(ctx context.Context, log Log, batch int, prog *Progress) error {
	return pgx.BeginFunc(ctx, rb.conn, func(tx pgx.Tx) error {
		liveCP := rb.qualified(rb.live, "projection_checkpoints")
		var livePos uint64
		err := tx.QueryRow(ctx, `INSERT INTO `+liveCP+` (name, position, writer_schema) VALUES ($1, 0, $2)
			ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name, writer_schema = $2 RETURNING position`, rb.p.Name(), readside.WriterSchema).Scan(&livePos)
		if err != nil {
			return fmt.Errorf("rebuild %s: lock live checkpoint: %w", rb.p.Name(), err)
		}
		if err := rb.finish(ctx, tx, log, batch, prog); err != nil {
			return err
		}
		names, err := rb.indexNames(ctx, tx)
		if err != nil {
			return err
		}
		for _, t := range rb.p.Tables() {
			if _, err := tx.Exec(ctx, `DROP TABLE `+rb.qualified(rb.live, t)); err != nil {
				return fmt.Errorf("rebuild %s: drop old %s: %w", rb.p.Name(), t, err)
			}
			if _, err := tx.Exec(ctx, `ALTER TABLE `+rb.qualified(rb.scratch, t)+` SET SCHEMA `+pgx.Identifier{rb.live}.Sanitize()); err != nil {
				return fmt.Errorf("rebuild %s: move new %s: %w", rb.p.Name(), t, err)
			}
		}
		if err := rb.renameIndexes(ctx, tx, names); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE `+liveCP+` SET position = $2, updated_at = now(), writer_schema = $3 WHERE name = $1`,
			rb.p.Name(), max(prog.Position, livePos), readside.WriterSchema)
		if err != nil {
			return fmt.Errorf("rebuild %s: set checkpoint: %w", rb.p.Name(), err)
		}
		return nil
	})
}

// finish applies the rest of the log to the new tables within tx. The live
// projection waits on its checkpoint row meanwhile, so the new tables end at
// or after the live position.
func (rb *rebuild) finish(ctx context.Context, tx pgx.Tx, log Log, batch int, prog *Progress) error {
	for {
		events, err := log.ReadAll(ctx, prog.Position, batch)
		if err != nil {
			return fmt.Errorf("rebuild %s: %w", rb.p.Name(), err)
		}
		if len(events) == 0 {
			return nil
		}
		if prog.Position, err = readside.ApplyBatch(ctx, tx, rb.p, events); err != nil {
			return fmt.Errorf("rebuild: %w", err)
		}
		prog.Events += len(events)
		prog.Head = max(prog.Head, prog.Position)
	}
}

// indexNames maps the normalised definition of each index of the live
// tables to its name.
func (rb *rebuild) indexNames(ctx context.Context, tx pgx.Tx) (map[string]string, error) {
	rows, err := tx.Query(ctx, `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = ANY($2)`,
		rb.live, rb.p.Tables())
	if err != nil {
		return nil, fmt.Errorf("rebuild %s: read index names: %w", rb.p.Name(), err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			return nil, fmt.Errorf("rebuild %s: read index names: %w", rb.p.Name(), err)
		}
		out[normaliseIndex(def)] = name
	}
	return out, rows.Err()
}

// renameIndexes gives the moved tables' indexes the names the old ones had
// (CREATE TABLE … LIKE generates its own), so later migrations find them.
func (rb *rebuild) renameIndexes(ctx context.Context, tx pgx.Tx, old map[string]string) error {
	current, err := rb.indexNames(ctx, tx)
	if err != nil {
		return err
	}
	for def, name := range current {
		want, ok := old[def]
		if !ok || want == name {
			continue
		}
		if _, err := tx.Exec(ctx, `ALTER INDEX `+rb.qualified(rb.live, name)+` RENAME TO `+pgx.Identifier{want}.Sanitize()); err != nil {
			return fmt.Errorf("rebuild %s: rename index %s: %w", rb.p.Name(), name, err)
		}
	}
	return nil
}

// indexNameRE matches the name part of an index definition.
var indexNameRE = regexp.MustCompile(`^(CREATE (UNIQUE )?INDEX) \S+ ON `)

func normaliseIndex(def string) string { return indexNameRE.ReplaceAllString(def, "$1 ON ") }
