package rebuild

import (
	"context"
	"errors"
	"fmt"
	"github.com/kinerja/kinerja/adapters/readside"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// What can be done with a replay schema once built: describe it, list them
// all, read from it, drop it.

// ReplayInfoOf returns the description of the replay in schema. Errors
// wrap ErrUnsafeSchema for a bad name and ErrNotReplay when schema holds no
// replay.
func ReplayInfoOf(ctx context.Context, db readside.Querier, schema string) (ReplayInfo, error) {
	if err := ValidateSchemaName(schema); err != nil {
		return ReplayInfo{}, err
	}
	_, marked, err := schemaState(ctx, db, schema)
	if err != nil {
		return ReplayInfo{}, err
	}
	if !marked {
		return ReplayInfo{}, fmt.Errorf("replay %s: %w", schema, ErrNotReplay)
	}
	info := ReplayInfo{Schema: schema}
	// The owner is read through to_jsonb: replays built before owners were
	// recorded lack those columns and belong to no instansi.
	err = db.QueryRow(ctx, `SELECT live_schema, projections, until_asked, position, events, started_at, finished_at, complete,
			COALESCE(to_jsonb(i)->>'instansi', ''), COALESCE(to_jsonb(i)->>'built_by', '')
		FROM `+pgx.Identifier{schema, "replay_info"}.Sanitize()+` i`).Scan(&info.LiveSchema, &info.Projections, &info.Until,
		&info.Position, &info.Events, &info.StartedAt, &info.FinishedAt, &info.Complete, &info.Instansi, &info.BuiltBy)
	var pe *pgconn.PgError
	if errors.Is(err, pgx.ErrNoRows) || errors.As(err, &pe) && (pe.Code == "42P01" || pe.Code == "3F000") {
		return ReplayInfo{}, fmt.Errorf("replay %s: %w", schema, ErrNotReplay) // none, or dropped meanwhile
	}
	if err != nil {
		return ReplayInfo{}, fmt.Errorf("replay %s: read replay_info: %w", schema, err)
	}
	info.StartedAt = info.StartedAt.UTC()
	if info.FinishedAt != nil {
		t := info.FinishedAt.UTC()
		info.FinishedAt = &t
	}
	return info, nil
}

// ListReplays returns the replays of the database made from the pool's
// schema, oldest first.
func ListReplays(ctx context.Context, pool *pgxpool.Pool) ([]ReplayInfo, error) {
	rows, err := pool.Query(ctx, `SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.relname = 'replay_info' AND c.relkind = 'r' ORDER BY n.nspname`)
	if err != nil {
		return nil, fmt.Errorf("list replays: %w", err)
	}
	schemas, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("list replays: %w", err)
	}
	var live string
	if err := pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&live); err != nil {
		return nil, fmt.Errorf("list replays: %w", err)
	}
	out := []ReplayInfo{}
	for _, s := range schemas {
		info, err := ReplayInfoOf(ctx, pool, s)
		if errors.Is(err, ErrNotReplay) || errors.Is(err, ErrUnsafeSchema) {
			continue // dropped meanwhile, or not ours to show
		}
		if err != nil {
			return nil, err
		}
		if info.LiveSchema == live {
			out = append(out, info)
		}
	}
	slices.SortFunc(out, func(a, b ReplayInfo) int { return a.StartedAt.Compare(b.StartedAt) })
	return out, nil
}

// DropReplay drops the replay schema schema. It refuses the live schema and
// any schema that is not a replay (ErrNotReplay), and a replay that is
// being built (ErrReplayBusy).
func DropReplay(ctx context.Context, pool *pgxpool.Pool, schema string) error {
	if err := ValidateSchemaName(schema); err != nil {
		return err
	}
	if _, err := liveSchema(ctx, pool, schema); err != nil {
		return err
	}
	conn, err := scratchConn(ctx, pool, schema)
	if err != nil {
		return fmt.Errorf("drop: %w", err)
	}
	defer func() { _ = conn.Close(context.WithoutCancel(ctx)) }()
	_, marked, err := schemaState(ctx, conn, schema)
	if err != nil {
		return err
	}
	if !marked {
		return fmt.Errorf("drop replay %s: %w", schema, ErrNotReplay)
	}
	if _, err := conn.Exec(ctx, `DROP SCHEMA `+pgx.Identifier{schema}.Sanitize()+` CASCADE`); err != nil {
		return fmt.Errorf("drop replay %s: %w", schema, err)
	}
	return nil
}

// ReadReplay runs f in a read-only transaction whose search_path holds the
// complete replay schema alone, so that a projection's queries, which name
// their tables unqualified, read the replayed tables. Errors wrap
// ErrNotReplay and ErrReplayIncomplete.
func ReadReplay(ctx context.Context, pool *pgxpool.Pool, schema string, f func(tx pgx.Tx) error) error {
	info, err := ReplayInfoOf(ctx, pool, schema)
	if err != nil {
		return err
	}
	if !info.Complete {
		return fmt.Errorf("replay %s: %w", schema, ErrReplayIncomplete)
	}
	return pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT set_config('search_path', $1, true)`, pgx.Identifier{schema}.Sanitize()); err != nil {
			return fmt.Errorf("replay %s: %w", schema, err)
		}
		return f(tx)
	})
}
