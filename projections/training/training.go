// Package training is the read model HR uses to plan development: the
// employees who need training and why, each need with the ids of the
// events it rests on. The kinds of need (DOMAIN.md, "Development"):
//
//   - predikat: an annual or periodic predikat in force of butuh_perbaikan,
//     kurang or sangat_kurang (evidence: the ratings event in force);
//   - perilaku: perilaku kerja, the behaviour measured against the
//     BerAKHLAK values, rated di_bawah_ekspektasi (evidence: the ratings
//     event, and the feedback on BerAKHLAK values of that year, whose
//     values the need names);
//   - berakhlak_feedback: feedback the pejabat penilai gave on a BerAKHLAK
//     value. Feedback events carry the value and a text but no rating, so
//     every such comment is listed as a coaching point (evidence: the
//     feedback events on that value);
//   - iki_under_target: an IKI with a quantitative target whose realisation
//     in the closed windows of the year falls short of the target pro rata
//     (target × closed windows / windows of the year), on an SKP approved
//     at least once (evidence: the plan event that set the target, the
//     realisation events of the closed windows and the events that closed
//     them). Qualitative targets cannot be compared and are not listed.
//
// The projector stores facts only; Needs derives the needs at query time,
// so the rules above can change without a rebuild. Employees who left the
// service are not listed; the unit filter is the employee's current unit.
package training

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
)

// Name is the projection's permanent identity (handler name, checkpoint key).
const Name = "training"

// Projection is the training needs projector.
type Projection struct{}

// New returns the training needs projector.
func New() *Projection { return &Projection{} }

// Name returns "training".
func (*Projection) Name() string { return Name }

// Tables returns the tables of the read model.
func (*Projection) Tables() []string {
	return []string{"training_employees", "training_skp", "training_iki", "training_realisations", "training_ratings",
		"training_feedback", "training_windows"}
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
	return fmt.Sprintf("training: event %d (%s %s): %v", e.Position, e.Type, e.EventID, e.Err)
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
		return fmt.Errorf("training: %w", err)
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

// employee queues the statements of an employee event.
func (b *batch) employee(ev employee.Event) {
	switch ev := ev.(type) {
	case employee.Registered:
		b.queue(`INSERT INTO training_employees (nip, name, instansi, unit) VALUES ($1, $2, $3, $4)
			ON CONFLICT (nip) DO UPDATE SET name = $2, instansi = $3, unit = $4, left_service = false`,
			ev.NIP, ev.Name, ev.Instansi, ev.Unit)
	case employee.Transferred:
		b.queue(`UPDATE training_employees SET unit = $2 WHERE nip = $1`, ev.NIP, ev.ToUnit)
	case employee.LeftService:
		b.queue(`UPDATE training_employees SET left_service = true WHERE nip = $1`, ev.NIP)
	}
}

// period queues the statements of a period event: the windows of a year,
// and the event that closed each (closing the year closes the windows
// still open).
func (b *batch) period(ev period.Event) {
	switch ev := ev.(type) {
	case period.Opened:
		nums, labels := make([]int32, len(ev.Windows)), make([]string, len(ev.Windows))
		for i, w := range ev.Windows {
			nums[i], labels[i] = int32(w.Number), w.Label
		}
		b.queue(`INSERT INTO training_windows (instansi, year, window_no, label)
			SELECT $1, $2, w.n, w.label FROM unnest($3::int[], $4::text[]) AS w(n, label)
			ON CONFLICT (instansi, year, window_no) DO UPDATE SET label = EXCLUDED.label`, ev.Instansi, ev.Year, nums, labels)
	case period.WindowClosed:
		b.queue(`UPDATE training_windows SET closed_event_id = COALESCE(closed_event_id, $4)
			WHERE instansi = $1 AND year = $2 AND window_no = $3`, ev.Instansi, ev.Year, ev.Window, b.cur.ID)
	case period.YearClosed:
		b.queue(`UPDATE training_windows SET closed_event_id = COALESCE(closed_event_id, $3)
			WHERE instansi = $1 AND year = $2`, ev.Instansi, ev.Year, b.cur.ID)
	}
}
