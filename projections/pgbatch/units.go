package pgbatch

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/unit"
)

// Querier runs the queries of a read model: a pool, a connection or a
// transaction.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Queuer queues a statement of the current event: a *Batch, or a read
// model's own batch.
type Queuer interface {
	Queue(sql string, args ...any)
}

// QueueUnitTree queues on b the statement that keeps table, of columns
// code, name, parent and instansi, the tree of units, for the events that
// change the tree (a unit registered, renamed or moved); other events
// queue nothing.
func QueueUnitTree(b Queuer, table string, ev unit.Event) {
	switch ev := ev.(type) {
	case unit.Registered:
		b.Queue(`INSERT INTO `+table+` (code, name, parent, instansi) VALUES ($1, $2, $3, $4)
			ON CONFLICT (code) DO UPDATE SET name = $2, parent = $3, instansi = $4`, ev.Code, ev.Name, ev.Parent, ev.Instansi)
	case unit.Renamed:
		b.Queue(`UPDATE `+table+` SET name = $2 WHERE code = $1`, ev.Code, ev.To)
	case unit.Moved:
		b.Queue(`UPDATE `+table+` SET parent = $2 WHERE code = $1`, ev.Code, ev.ToParent)
	}
}
