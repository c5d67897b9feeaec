// Package unitreport is the read model a unit head and HR read per unit and
// period (the year, such as "2025", or one of its windows, such as
// "2025-Q1"): how many of the unit's employees hold each predikat and what
// share, the organisation predikat the pimpinan set, the distribution check
// with its violations and the overrides recorded for them, and submission
// progress (plans approved, realisation reported on time, late, missing).
//
// The projector stores facts only: the unit each employee belonged to in a
// year, the predikat in force per employee and window with the event it
// rests on, plan status, the first realisation report per IKI and window,
// window deadlines, organisation predikat and overrides. Report counts them
// and applies a performance.Policy to the counts at query time, as
// promotion decides eligibility: a policy change (rounding, shares) needs no
// rebuild, and "missing" depends on the day of the question.
//
// A transfer moves the employee's rows of its effective year and later
// years, so a past year keeps the unit the employee was counted in then.
package unitreport

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
const Name = "unitreport"

// Projection is the unit report projector.
type Projection struct{}

// New returns the unit report projector.
func New() *Projection { return &Projection{} }

// Name returns "unitreport".
func (*Projection) Name() string { return Name }

// Tables returns the tables of the read model.
func (*Projection) Tables() []string {
	return []string{"unitreport_units", "unitreport_employees", "unitreport_periods", "unitreport_windows",
		"unitreport_members", "unitreport_plans", "unitreport_realisations", "unitreport_ratings",
		"unitreport_org", "unitreport_overrides"}
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
	return fmt.Sprintf("unitreport: event %d (%s %s): %v", e.Position, e.Type, e.EventID, e.Err)
}

// Unwrap returns the underlying error.
func (e *ApplyError) Unwrap() error { return e.Err }

// FailedPosition returns the global position of the event that failed.
func (e *ApplyError) FailedPosition() uint64 { return e.Position }

// Apply writes the effect of events, in order, within tx: Prepare, then
// its step.
func (p *Projection) Apply(ctx context.Context, tx pgx.Tx, events []eventlog.Event) error {
	step, err := p.Prepare(events)
	if err != nil {
		return err
	}
	return step(ctx, tx)
}

// Prepare decodes events and returns the step that writes their effect,
// in order, within a transaction, in one pipelined batch of statements;
// the runtime decodes a batch while the one before it is being written.
// The step may be run more than once. Events of other contexts are
// ignored; an event of a known context that cannot be decoded, or whose
// statement fails, is an *ApplyError.
func (p *Projection) Prepare(events []eventlog.Event) (func(ctx context.Context, tx pgx.Tx) error, error) {
	b := &batch{}
	for _, e := range events {
		b.cur = e
		if err := b.add(e); err != nil {
			return nil, &ApplyError{Position: e.Position, EventID: e.ID, Type: e.Type, Err: err}
		}
	}
	return b.send, nil
}

// batch collects the statements of a batch.
type batch struct {
	stmts []statement
	cur   eventlog.Event
}

// statement is one SQL statement and the event it came from.
type statement struct {
	sql  string
	args []any
	from eventlog.Event
}

// queue adds one statement for the current event.
func (b *batch) queue(sql string, args ...any) {
	b.stmts = append(b.stmts, statement{sql: sql, args: args, from: b.cur})
}

// send runs the statements in one pipelined batch within tx and names the
// event of a failing one.
func (b *batch) send(ctx context.Context, tx pgx.Tx) error {
	if len(b.stmts) == 0 {
		return nil
	}
	var pb pgx.Batch
	for _, st := range b.stmts {
		pb.Queue(st.sql, st.args...)
	}
	br := tx.SendBatch(ctx, &pb)
	for _, st := range b.stmts {
		if _, err := br.Exec(); err != nil {
			_ = br.Close()
			return &ApplyError{Position: st.from.Position, EventID: st.from.ID, Type: st.from.Type, Err: err}
		}
	}
	if err := br.Close(); err != nil {
		return fmt.Errorf("unitreport: %w", err)
	}
	return nil
}

// add decodes one event and queues its statements.
func (b *batch) add(e eventlog.Event) error {
	switch c, _, _ := strings.Cut(e.Type, "."); c {
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
		ev, err := skp.Decode(e.Type, e.SchemaVersion, e.Data)
		if err != nil {
			return err
		}
		b.skp(ev)
	}
	return nil
}
