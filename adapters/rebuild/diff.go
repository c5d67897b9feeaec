package rebuild

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"github.com/kinerja/kinerja/adapters/readside"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DefaultDiffRows is how many differing rows Diff lists per table when asked
// for no limit; the counts always cover every row.
const DefaultDiffRows = 100

// DiffOptions narrows a Diff. The zero value compares every row and lists
// DefaultDiffRows per table.
type DiffOptions struct {
	// Limit is the number of differing rows listed per table.
	Limit int
	// ScopeColumn and ScopeValue, when set, restrict the comparison to the
	// rows of one scope, such as one instansi: the rows whose ScopeColumn
	// equals ScopeValue on either side. A table without that column is
	// scoped through an owner: the first table of the projection that has
	// ScopeColumn and a one-column primary key which the table has too
	// (an employees table keyed by nip, a units table keyed by code). Its
	// rows in scope are those whose value of that column, on either side,
	// keys a row of the scope in the owner, live or replayed. A table that
	// can be scoped neither way is not compared: it is reported with
	// Unscoped set, no counts and no rows, and the report is not Equal.
	ScopeColumn, ScopeValue string
}

// DiffReport compares a projection's tables in a replay schema with the
// live ones, row by row, by primary key.
type DiffReport struct {
	Projection string `json:"projection"`
	Schema     string `json:"schema"`
	LiveSchema string `json:"live_schema"`
	// ReplayPosition is the position the replay was built up to;
	// LivePosition is the live projection's checkpoint when compared.
	ReplayPosition uint64 `json:"replay_position"`
	LivePosition   uint64 `json:"live_position"`
	// Equal is true when every table was compared and none has a
	// differing row.
	Equal bool `json:"equal"`
	// NotCompared names the tables that could not be scoped (see
	// DiffOptions); the report is not Equal when there are any.
	NotCompared []string    `json:"not_compared,omitempty"`
	Tables      []TableDiff `json:"tables"`
}

// TableDiff is the comparison of one table.
type TableDiff struct {
	Table string `json:"table"`
	// Key names the primary key's columns (every column for a table
	// without one: a changed row then shows as one row on each side).
	Key        []string `json:"key"`
	OnlyLive   int      `json:"only_live"`
	OnlyReplay int      `json:"only_replay"`
	Differing  int      `json:"differing"`
	// Rows lists the first differing rows in key order; Truncated is true
	// when there were more.
	Rows      []RowDiff `json:"rows"`
	Truncated bool      `json:"truncated"`
	// ScopedBy names the owner's key column, such as
	// "history_employees.nip", when the table was scoped through an owner
	// (see DiffOptions).
	ScopedBy string `json:"scoped_by,omitempty"`
	// Unscoped is true when the table was not compared because it could
	// not be scoped (see DiffOptions).
	Unscoped bool `json:"unscoped,omitempty"`
}

// The kinds of RowDiff.
const (
	OnlyLive   = "only_live"
	OnlyReplay = "only_replay"
	Differs    = "differs"
)

// RowDiff is one row that is not the same on both sides. Values are JSON as
// PostgreSQL renders them (to_jsonb).
type RowDiff struct {
	Kind string                     `json:"kind"`
	Key  map[string]json.RawMessage `json:"key"`
	// Columns lists the columns that differ, in table order (Differs only).
	Columns []ColumnDiff `json:"columns,omitempty"`
	// Row is the whole row of the side that has it (OnlyLive, OnlyReplay).
	Row map[string]json.RawMessage `json:"row,omitempty"`
}

// ColumnDiff is one column of a row that differs.
type ColumnDiff struct {
	Column string          `json:"column"`
	Live   json.RawMessage `json:"live"`
	Replay json.RawMessage `json:"replay"`
}

// Diff compares the tables of p in the complete replay schema with the live
// ones, in one snapshot, as opts says. Errors wrap ErrNotReplay when schema
// holds no replay of p, and ErrReplayIncomplete.
func Diff(ctx context.Context, pool *pgxpool.Pool, schema string, p readside.Projection, opts DiffOptions) (DiffReport, error) {
	if opts.Limit <= 0 {
		opts.Limit = DefaultDiffRows
	}
	info, err := ReplayInfoOf(ctx, pool, schema)
	if err != nil {
		return DiffReport{}, err
	}
	switch {
	case !info.Complete:
		return DiffReport{}, fmt.Errorf("diff %s: %w", schema, ErrReplayIncomplete)
	case !slices.Contains(info.Projections, p.Name()):
		return DiffReport{}, notReplayOf{fmt.Sprintf("diff: the replay in %s holds no %s (it holds %s)", schema, p.Name(), strings.Join(info.Projections, ", "))}
	}
	rep := DiffReport{Projection: p.Name(), Schema: schema, LiveSchema: info.LiveSchema, ReplayPosition: info.Position, Equal: true}
	err = pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if rep.LivePosition, err = readside.Checkpoint(ctx, tx, p.Name()); err != nil {
			return err
		}
		shapes, err := shapesOf(ctx, tx, info.LiveSchema, p.Tables())
		if err != nil {
			return fmt.Errorf("diff in %s: %w", schema, err)
		}
		for _, t := range shapes {
			td, err := diffTable(ctx, tx, info.LiveSchema, schema, t, shapes, opts)
			if err != nil {
				return fmt.Errorf("diff %s in %s: %w", t.name, schema, err)
			}
			if td.Unscoped {
				rep.NotCompared = append(rep.NotCompared, td.Table)
			}
			rep.Equal = rep.Equal && !td.Unscoped && td.OnlyLive+td.OnlyReplay+td.Differing == 0
			rep.Tables = append(rep.Tables, td)
		}
		return nil
	})
	if err != nil {
		return DiffReport{}, err
	}
	return rep, nil
}

// diffTable compares table t in the live and the replay schema; tables are
// those of its projection, where t may find its owner (see DiffOptions).
func diffTable(ctx context.Context, tx pgx.Tx, live, replay string, t tableShape, tables []tableShape, opts DiffOptions) (TableDiff, error) {
	td := TableDiff{Table: t.name, Key: t.key, Rows: []RowDiff{}}
	where, args := ``, []any{}
	if opts.ScopeColumn != "" {
		sc, ok := scopeOf(t, tables, opts.ScopeColumn)
		if !ok {
			td.Unscoped = true
			return td, nil
		}
		if sc.owner != "" {
			td.ScopedBy = sc.owner + "." + sc.column
		}
		where, args = ` AND `+sc.condition(live, replay, opts.ScopeColumn), append(args, opts.ScopeValue)
	}
	on, order := `to_jsonb(l) = to_jsonb(r)`, `1, 2`
	if len(td.Key) > 0 {
		var conds, keys []string
		for _, k := range td.Key {
			c := pgx.Identifier{k}.Sanitize()
			conds = append(conds, "l."+c+" = r."+c)
			keys = append(keys, "COALESCE(l."+c+", r."+c+")")
		}
		on, order = strings.Join(conds, " AND "), strings.Join(keys, ", ")
	} else {
		td.Key = t.cols
	}
	rows, err := tx.Query(ctx, `SELECT to_jsonb(l), to_jsonb(r) FROM `+pgx.Identifier{live, t.name}.Sanitize()+` l FULL JOIN `+
		pgx.Identifier{replay, t.name}.Sanitize()+` r ON `+on+` WHERE to_jsonb(l) IS DISTINCT FROM to_jsonb(r)`+where+` ORDER BY `+order, args...)
	if err != nil {
		return td, err
	}
	defer rows.Close()
	err = td.collect(rows, t.cols, opts.Limit)
	return td, err
}

// collect counts the differing rows of rows (live and replayed rows as
// JSON) and lists the first limit.
func (td *TableDiff) collect(rows pgx.Rows, cols []string, limit int) error {
	for rows.Next() {
		var l, r []byte
		if err := rows.Scan(&l, &r); err != nil {
			return err
		}
		d, ok, err := compareRows(l, r, cols, td.Key)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		td.count(d.Kind)
		if len(td.Rows) < limit {
			td.Rows = append(td.Rows, d)
		} else {
			td.Truncated = true
		}
	}
	return rows.Err()
}

func (td *TableDiff) count(kind string) {
	switch kind {
	case OnlyLive:
		td.OnlyLive++
	case OnlyReplay:
		td.OnlyReplay++
	default:
		td.Differing++
	}
}

// compareRows returns the difference of a live and a replayed row (JSON
// objects, nil when missing); false when they agree on every column.
func compareRows(l, r []byte, cols, key []string) (RowDiff, bool, error) {
	var lm, rm map[string]json.RawMessage
	if l != nil {
		if err := json.Unmarshal(l, &lm); err != nil {
			return RowDiff{}, false, err
		}
	}
	if r != nil {
		if err := json.Unmarshal(r, &rm); err != nil {
			return RowDiff{}, false, err
		}
	}
	side := lm
	if side == nil {
		side = rm
	}
	d := RowDiff{Key: map[string]json.RawMessage{}}
	for _, k := range key {
		d.Key[k] = side[k]
	}
	switch {
	case rm == nil:
		d.Kind, d.Row = OnlyLive, lm
		return d, true, nil
	case lm == nil:
		d.Kind, d.Row = OnlyReplay, rm
		return d, true, nil
	}
	d.Kind = Differs
	for _, c := range cols {
		if !bytes.Equal(lm[c], rm[c]) {
			d.Columns = append(d.Columns, ColumnDiff{Column: c, Live: lm[c], Replay: rm[c]})
		}
	}
	return d, len(d.Columns) > 0, nil
}

// columnsOf returns the columns of the table named by the qualified name
// rel, in table order, or with primary only those of its primary key, in
// key order.
func columnsOf(ctx context.Context, tx pgx.Tx, rel string, primary bool) ([]string, error) {
	sql := `SELECT attname FROM pg_attribute WHERE attrelid = $1::text::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`
	if primary {
		sql = `SELECT a.attname FROM pg_index i, unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
			JOIN pg_attribute a ON a.attnum = k.attnum
			WHERE i.indrelid = $1::text::regclass AND i.indisprimary AND a.attrelid = i.indrelid ORDER BY k.ord`
	}
	rows, err := tx.Query(ctx, sql, rel)
	if err != nil {
		return nil, fmt.Errorf("columns of %s: %w", rel, err)
	}
	cols, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("columns of %s: %w", rel, err)
	}
	return cols, nil
}

// notReplayOf is ErrNotReplay for a replay that lacks the projection asked
// for, said in words of its own: the CLI prints it and the API answers it as
// the detail of its 404.
type notReplayOf struct{ msg string }

func (e notReplayOf) Error() string { return e.msg }
func (e notReplayOf) Unwrap() error { return ErrNotReplay }
