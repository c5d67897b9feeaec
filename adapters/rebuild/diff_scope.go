package rebuild

import (
	"context"
	"slices"

	"github.com/jackc/pgx/v5"
)

// How a diff keeps to one scope, such as one instansi (see DiffOptions):
// by the scope column of a table, or through the table of the same
// projection that owns its rows, such as the employees table keyed by nip
// for the ratings of those employees, or the units table keyed by code for
// the predikat of those units.

// tableShape is a live table's columns, in table order, and the columns of
// its primary key, in key order (none without one).
type tableShape struct {
	name      string
	cols, key []string
}

// shapesOf returns the shapes of the live tables.
func shapesOf(ctx context.Context, tx pgx.Tx, live string, tables []string) ([]tableShape, error) {
	out := make([]tableShape, 0, len(tables))
	for _, t := range tables {
		rel := pgx.Identifier{live, t}.Sanitize()
		cols, err := columnsOf(ctx, tx, rel, false)
		if err != nil {
			return nil, err
		}
		key, err := columnsOf(ctx, tx, rel, true)
		if err != nil {
			return nil, err
		}
		out = append(out, tableShape{name: t, cols: cols, key: key})
	}
	return out, nil
}

// rowScope selects the rows of a table in a scope: those whose column
// equals the scope value, or, with an owner, whose column keys a row of the
// scope in the owner table.
type rowScope struct {
	column, owner string
}

// scopeOf returns how the rows of t are scoped by scopeColumn among the
// tables of its projection, and false when they cannot be (see
// DiffOptions).
func scopeOf(t tableShape, tables []tableShape, scopeColumn string) (rowScope, bool) {
	if slices.Contains(t.cols, scopeColumn) {
		return rowScope{column: scopeColumn}, true
	}
	for _, o := range tables {
		if o.name != t.name && len(o.key) == 1 && o.key[0] != scopeColumn &&
			slices.Contains(o.cols, scopeColumn) && slices.Contains(t.cols, o.key[0]) {
			return rowScope{column: o.key[0], owner: o.name}, true
		}
	}
	return rowScope{}, false
}

// condition is the SQL condition of sc on the live row l and the replayed
// row r, the scope value being $1: an owner's rows of the scope are looked
// up on both sides, so that a row in scope on either side is compared.
func (sc rowScope) condition(live, replay, scopeColumn string) string {
	c := pgx.Identifier{sc.column}.Sanitize()
	if sc.owner == "" {
		return `(l.` + c + ` = $1 OR r.` + c + ` = $1)`
	}
	s := pgx.Identifier{scopeColumn}.Sanitize()
	owned := `SELECT ` + c + ` FROM ` + pgx.Identifier{live, sc.owner}.Sanitize() + ` WHERE ` + s + ` = $1 UNION SELECT ` +
		c + ` FROM ` + pgx.Identifier{replay, sc.owner}.Sanitize() + ` WHERE ` + s + ` = $1`
	return `(l.` + c + ` IN (` + owned + `) OR r.` + c + ` IN (` + owned + `))`
}
