package pgbatch

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/employee"
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

// QueueEmployeeList queues on b the statement that keeps table, of columns
// nip, name, instansi, unit, prior_unit, unit_from, left_service and
// left_on, the list of employees with their unit, for the events that change
// it (an employee registered, transferred or leaving the service); other
// events queue nothing. A transfer keeps its effective day in unit_from and
// the unit before it in prior_unit: see UnitOn. A departure keeps its
// effective day in left_on: see InServiceOn.
func QueueEmployeeList(b Queuer, table string, ev employee.Event) {
	switch ev := ev.(type) {
	case employee.Registered:
		b.Queue(`INSERT INTO `+table+` (nip, name, instansi, unit) VALUES ($1, $2, $3, $4)
			ON CONFLICT (nip) DO UPDATE SET name = $2, instansi = $3, unit = $4, prior_unit = NULL, unit_from = NULL,
				left_service = false, left_on = NULL`,
			ev.NIP, ev.Name, ev.Instansi, ev.Unit)
	case employee.Transferred:
		b.Queue(`UPDATE `+table+` SET `+TransferSet+` WHERE nip = $1`, ev.NIP, ev.ToUnit, ev.Effective.String())
	case employee.LeftService:
		b.Queue(`UPDATE `+table+` SET left_service = true, left_on = $2 WHERE nip = $1`, ev.NIP, ev.Effective.String())
	}
}

// InServiceOn returns the SQL condition that the employee row alias (with
// columns left_service and left_on) is in the service on the day in
// parameter day: no departure recorded, or one effective after that day
// (employee.LeftService's effective day is the first day out of service).
// A departure without its day (a row from before migration 0036 that the
// migration could not date) counts as in force, as it did then; a missing
// row (a LEFT JOIN without a match) counts as in service.
func InServiceOn(alias, day string) string {
	return `(NOT COALESCE(` + alias + `.left_service, false) OR ` + alias + `.left_on > ` + day + `::date)`
}

// TransferSet is the SET list of an UPDATE that records a transfer in an
// employee row of columns unit, prior_unit and unit_from, with the new unit
// in parameter $2 and its effective day in $3.
const TransferSet = `prior_unit = unit, unit = $2, unit_from = $3::date`

// UnitOn returns the SQL expression of the unit of the employee row alias
// (with columns unit, prior_unit and unit_from) on the day in parameter day:
// the unit of the latest transfer from its effective day on, the unit before
// it until then. Transfers follow one another (the domain refuses one dated
// before the latest), so it is exact on every day since the previous
// transfer took effect; with two transfers both ahead of day, it is the
// first one's unit. A NULL day takes the latest transfer as in force.
func UnitOn(alias, day string) string {
	return `(CASE WHEN ` + alias + `.unit_from > ` + day + `::date THEN ` + alias + `.prior_unit ELSE ` + alias + `.unit END)`
}
