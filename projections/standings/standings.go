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
// an instansi whose year was opened, and for every drafted SKP.
package standings

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/unit"
)

// Name is the projection's permanent identity (handler name, checkpoint key).
const Name = "standings"

// Projection is the standings projector.
type Projection struct{}

// New returns the standings projector.
func New() *Projection { return &Projection{} }

// Name returns "standings".
func (*Projection) Name() string { return Name }

// Tables returns the tables of the read model.
func (*Projection) Tables() []string {
	return []string{"standings", "standings_employees", "standings_units", "standings_periods"}
}

// ApplyError names the event the projector could not handle.
type ApplyError struct {
	Position uint64
	EventID  string
	Type     string
	Err      error
}

// Error describes the failure with the event's position and type.
func (e *ApplyError) Error() string {
	return fmt.Sprintf("standings: event %d (%s %s): %v", e.Position, e.Type, e.EventID, e.Err)
}

// Unwrap returns the underlying error.
func (e *ApplyError) Unwrap() error { return e.Err }

// FailedPosition returns the global position of the event that failed.
func (e *ApplyError) FailedPosition() uint64 { return e.Position }

// Apply writes the effect of events within tx, in two steps. First the
// statements of master-data events (employees, units, periods) and the
// creation of rows for drafted SKPs, pipelined in order. Then the SKP
// events: the rows they touch are read once, changed in memory in event
// order, and written back in one statement. SKP events change only the
// SKP columns and master-data events only the others, and each row keeps
// the highest position that touched it, so the two steps give the same
// result as applying every event in order. Events of other contexts are
// ignored; an event of a known context that cannot be decoded is an
// *ApplyError.
func (p *Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventlog.Event) error {
	step, err := p.Prepare(events)
	if err != nil {
		return err
	}
	return step(ctx, tx)
}

// Prepare decodes events and returns the step that writes their effect
// within a transaction, as Apply does; the runtime decodes a batch while
// the one before it is being written. The step may be run more than once.
func (p *Projection) Prepare(events []eventlog.Event) (func(ctx context.Context, tx pgx.Tx) error, error) {
	b := &batch{}
	for _, e := range events {
		if err := b.add(e); err != nil {
			return nil, &ApplyError{Position: e.Position, EventID: e.ID, Type: e.Type, Err: err}
		}
	}
	b.plan = plan(b.stmts)
	return func(ctx context.Context, tx pgx.Tx) error {
		if err := b.send(ctx, tx); err != nil {
			return err
		}
		return applySKP(ctx, tx, b.skp)
	}, nil
}

// batch collects the statements of the master-data events in order, and
// the decoded SKP events.
type batch struct {
	stmts []statement
	plan  []query
	cur   eventlog.Event
	skp   []skpEvent
}

// skpEvent is an SKP event's row, envelope and facts.
type skpEvent struct {
	key key
	e   eventlog.Event
	f   facts
}

// queue adds one statement of its own for the current event.
func (b *batch) queue(sql string, args ...any) {
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

// add decodes one event and queues or collects its effect.
func (b *batch) add(e eventlog.Event) error {
	b.cur = e
	ctxName, _, _ := strings.Cut(e.Type, ".")
	switch ctxName {
	case "employee":
		ev, err := employee.Decode(e.Type, e.SchemaVersion, e.Data)
		if err != nil {
			return err
		}
		b.employee(ev)
	case "unit":
		ev, err := unit.Decode(e.Type, e.SchemaVersion, e.Data)
		if err != nil {
			return err
		}
		b.unit(ev)
	case "period":
		ev, err := period.Decode(e.Type, e.SchemaVersion, e.Data)
		if err != nil {
			return err
		}
		b.period(ev)
	case "skp":
		return b.addSKP(e)
	}
	return nil
}

// addSKP collects an SKP event; a drafted SKP also queues its row's creation.
func (b *batch) addSKP(e eventlog.Event) error {
	f, err := decodeFacts(e)
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
	b.skp = append(b.skp, skpEvent{key: k, e: e, f: f})
	return nil
}

// send runs the planned statements in one pipeline and names the event of
// a failing one when it came from one event.
func (b *batch) send(ctx context.Context, tx pgx.Tx) error {
	if len(b.plan) == 0 {
		return nil
	}
	var pb pgx.Batch
	for _, q := range b.plan {
		pb.Queue(q.sql, q.args...)
	}
	br := tx.SendBatch(ctx, &pb)
	for _, q := range b.plan {
		if _, err := br.Exec(); err != nil {
			_ = br.Close()
			if e := q.from; e != nil {
				return &ApplyError{Position: e.Position, EventID: e.ID, Type: e.Type, Err: err}
			}
			return fmt.Errorf("standings: %s: %w", q.what, err)
		}
	}
	if err := br.Close(); err != nil {
		return fmt.Errorf("standings: %w", err)
	}
	return nil
}
