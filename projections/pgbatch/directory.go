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
// nip, name, instansi, unit, units, unit_days, left_service and left_on,
// the list of employees with their units, for the events that change them
// (an employee registered, transferred or leaving the service); other events
// queue nothing. A transfer keeps its effective day: see TransferSet and
// UnitOn. A departure keeps its
// effective day in left_on: see InServiceOn.
func QueueEmployeeList(b Queuer, table string, ev employee.Event) {
	switch ev := ev.(type) {
	case employee.Registered:
		b.Queue(`INSERT INTO `+table+` (nip, name, instansi, unit) VALUES ($1, $2, $3, $4)
			ON CONFLICT (nip) DO UPDATE SET name = $2, instansi = $3, unit = $4, units = NULL, unit_days = NULL,
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
// employee row of columns unit, units and unit_days, with the new unit in
// parameter $2 and its effective day in $3: the first transfer starts the
// history with the unit before it (from -infinity), a transfer on the day
// of the latest one corrects it, any other is appended (the domain refuses
// a transfer dated before the latest).
const TransferSet = `units = CASE WHEN unit_days IS NULL THEN ARRAY[unit, $2::text]
		WHEN unit_days[cardinality(unit_days)] = $3::date THEN array_append(units[1:cardinality(units) - 1], $2::text)
		ELSE array_append(units, $2::text) END,
	unit_days = CASE WHEN unit_days IS NULL THEN ARRAY['-infinity'::date, $3::date]
		WHEN unit_days[cardinality(unit_days)] = $3::date THEN unit_days
		ELSE array_append(unit_days, $3::date) END,
	unit = $2`

// UnitOn returns the SQL expression of the unit of the employee row alias
// (with columns unit, units and unit_days) on the day in parameter day: the
// unit of the latest transfer in force that day, or the unit registered
// before any. A NULL day, or a row never transferred, gives the latest
// unit.
func UnitOn(alias, day string) string {
	return `COALESCE((SELECT h.u FROM unnest(` + alias + `.unit_days, ` + alias + `.units) AS h(d, u)
		WHERE h.d <= ` + day + `::date ORDER BY h.d DESC LIMIT 1), ` + alias + `.unit)`
}

// appointYear is the SQL expression of the year of appointment the NIP of
// the employee row alias encodes (digits 9–12), or NULL when the column is
// not 18 digits with a year from 1000 on (no usable appointment: the row
// counts as appointed since always, as before).
func appointYear(alias string) string {
	return `(CASE WHEN ` + alias + `.nip ~ '^[0-9]{8}[1-9][0-9]{9}$' THEN substr(` + alias + `.nip, 9, 4)::int END)`
}

// AppointedBy returns the SQL condition that the employee of row alias
// (with column nip) was appointed on or before the day in parameter day:
// the appointment is the first day of the month the NIP encodes (digits
// 13–14), or 1 January of its year when they hold no month (the code 21 of
// an NI PPPK, nip.PPPKMonthCode), as employee registration bounds its
// dates. An employee registered later than appointed was in service from
// the appointment, whenever the registration was recorded; before it they
// were not a civil servant, so a read model does not count them on a day
// (or in a period ending) before it. A NULL day, a missing row (a LEFT JOIN
// without a match) or a NIP without a usable appointment counts as
// appointed.
func AppointedBy(alias, day string) string {
	return `COALESCE(` + Appointment(alias) + ` <= ` + day + `::date, true)`
}

// Appointment returns the SQL expression of the day of appointment the
// NIP of the employee row alias encodes (see AppointedBy), NULL when it
// holds no usable one.
func Appointment(alias string) string {
	return `make_date(` + appointYear(alias) + `, CASE WHEN substr(` + alias + `.nip, 13, 2) BETWEEN '01' AND '12'
		THEN substr(` + alias + `.nip, 13, 2)::int ELSE 1 END, 1)`
}

// AppointedIn returns the SQL condition that the employee of row alias
// (with column nip) was appointed in the year in SQL expression year or
// earlier (see AppointedBy): whether they served in that year at all.
func AppointedIn(alias, year string) string {
	return `COALESCE(` + appointYear(alias) + ` <= (` + year + `)::int, true)`
}
