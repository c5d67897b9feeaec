// Package standings is the read model HR looks at first: one row per
// employee and year with the employee's instansi, unit, jabatan and
// golongan, the SKP status, the latest periodic and the annual ratings and
// predikat, and progress (realisation reported against the plan's IKI and
// the year's windows). Its projector turns domain events into SQL; its
// queries filter, sort and page the rows.
//
// Employee changes (transfer, jabatan, golongan, leaving) apply to the rows
// of the year they take effect and later years, so a past year keeps the
// unit and grade the employee had then. A row exists for every employee of
// an instansi in service on the first day of a year opened, and for every
// drafted SKP. A departure recorded again with a corrected day is followed
// as if it had been the only one (see waves.go).
package standings

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/unit"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// Name is the projection's permanent identity (handler name, checkpoint key).
const Name = "standings"

// Projection is the standings projector. It writes the effect of a batch
// of events in two steps. First the statements of master-data events
// (employees, units, periods) and the creation of rows for drafted SKPs,
// pipelined in an order with the effect of event order (see plan). Then
// the SKP events: the rows they touch are read once, changed in memory in
// event order, and written back in one statement. SKP events change only
// the SKP columns and master-data events only the others, and each row
// keeps the highest position that touched it, so the two steps give the
// same result as applying every event in order.
type Projection = pgbatch.Projector[*batch]

// New returns the standings projector.
func New() *Projection {
	return pgbatch.NewOf(Name, []string{"standings", "standings_employees", "standings_units", "standings_periods", "standings_changes"},
		func() *batch { return &batch{} },
		pgbatch.On("employee", employee.Decode, (*batch).employee),
		pgbatch.On("unit", unit.Decode, (*batch).unit),
		pgbatch.On("period", period.Decode, (*batch).period),
		pgbatch.OnStored("skp", (*batch).addSKP))
}

// batch collects the statements of the master-data events in order, and
// the decoded SKP events.
type batch struct {
	stmts []statement
	plan  []pgbatch.Statement
	cur   eventlog.Event
	skp   []skpEvent
}

// skpEvent is an SKP event's row, envelope and facts.
type skpEvent struct {
	key key
	e   eventlog.Event
	f   facts
}

// Queue adds one statement of its own for the current event.
func (b *batch) Queue(sql string, args ...any) {
	b.stmts = append(b.stmts, statement{sql: sql, args: args, from: b.cur})
}

// barrier adds a statement for the current event that the statements of
// employees before and after it must not cross (see plan).
func (b *batch) barrier(sql string, args ...any) {
	b.stmts = append(b.stmts, statement{sql: sql, args: args, barrier: true, from: b.cur})
}

// queueRow adds a row of a multi-row kind for the employee nip; the current
// event's position and time complete it.
func (b *batch) queueRow(k rowKind, nip string, vals ...any) {
	row := append(append([]any{nip}, vals...), int64(b.cur.Position), b.cur.RecordedAt)
	b.stmts = append(b.stmts, statement{kind: k, nip: nip, row: row, from: b.cur})
}

// Begin makes e the event the next statements come from.
func (b *batch) Begin(e *eventlog.Event) { b.cur = *e }

// Step plans the statements (see plan) and returns the step that sends
// them, then applies the SKP events.
func (b *batch) Step() pgbatch.Step {
	b.plan = plan(b.stmts)
	return func(ctx context.Context, tx pgx.Tx) error {
		if err := pgbatch.Send(ctx, tx, Name, b.plan); err != nil {
			return err
		}
		return applySKP(ctx, tx, b.skp)
	}
}

// addSKP collects an SKP event; a drafted SKP also queues its row's creation.
func (b *batch) addSKP(e *eventlog.Event) error {
	f, err := decodeFacts(*e)
	if err != nil {
		return err
	}
	k, err := skpKey(e.Stream)
	if err != nil {
		return err
	}
	if e.Type == skp.TypeDrafted {
		b.ensureRow(k, f.Instansi)
	}
	b.skp = append(b.skp, skpEvent{key: k, e: *e, f: f})
	return nil
}
