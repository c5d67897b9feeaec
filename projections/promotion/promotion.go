// Package promotion is the read model the PPK uses for kenaikan pangkat
// reguler: per employee the grade, its TMT and the event that set it, and
// per year the annual predikat in force with the event it rests on. The
// projector stores facts only; Candidates applies a performance.Policy on
// the day of the question, so a policy change needs no rebuild.
package promotion

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// Name is the projection's permanent identity.
const Name = "promotion"

// Projection is the promotion projector.
type Projection struct{}

// New returns the promotion projector.
func New() *Projection { return &Projection{} }

// Name returns "promotion".
func (*Projection) Name() string { return Name }

// Tables returns the tables of the read model.
func (*Projection) Tables() []string { return []string{"promotion_employees", "promotion_annual"} }

// ApplyError names the event the projector could not handle.
type ApplyError struct {
	Position uint64
	Type     string
	Err      error
}

// Error describes the failure with the event's position and type.
func (e *ApplyError) Error() string {
	return fmt.Sprintf("promotion: event %d (%s): %v", e.Position, e.Type, e.Err)
}

// Unwrap returns the underlying error.
func (e *ApplyError) Unwrap() error { return e.Err }

// FailedPosition returns the global position of the event that failed.
func (e *ApplyError) FailedPosition() uint64 { return e.Position }

// Apply writes the effect of events, in order, within tx, in one pipelined
// batch. Only employee and SKP events are used.
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
	var stmts []statement
	for _, e := range events {
		n := len(stmts)
		var err error
		if stmts, err = queue(stmts, e); err != nil {
			return nil, &ApplyError{Position: e.Position, Type: e.Type, Err: err}
		}
		for i := n; i < len(stmts); i++ {
			stmts[i].from = e
		}
	}
	return func(ctx context.Context, tx pgx.Tx) error { return send(ctx, tx, stmts) }, nil
}

// statement is one SQL statement and the event it came from.
type statement struct {
	sql  string
	args []any
	from eventlog.Event
}

// send runs stmts in one pipelined batch and names the event of a failing one.
func send(ctx context.Context, tx pgx.Tx, stmts []statement) error {
	if len(stmts) == 0 {
		return nil
	}
	var b pgx.Batch
	for _, st := range stmts {
		b.Queue(st.sql, st.args...)
	}
	br := tx.SendBatch(ctx, &b)
	for _, st := range stmts {
		if _, err := br.Exec(); err != nil {
			_ = br.Close()
			return &ApplyError{Position: st.from.Position, Type: st.from.Type, Err: err}
		}
	}
	if err := br.Close(); err != nil {
		return fmt.Errorf("promotion: %w", err)
	}
	return nil
}

// queue adds the statements of one event to stmts.
func queue(stmts []statement, e eventlog.Event) ([]statement, error) {
	switch c, _, _ := strings.Cut(e.Type, "."); c {
	case "employee":
		ev, err := employee.Decode(e.Type, e.SchemaVersion, e.Data)
		if err != nil {
			return stmts, err
		}
		return queueEmployee(stmts, ev, e), nil
	case "skp":
		a, err := decodeAnnual(e)
		if err != nil {
			return stmts, err
		}
		return queueAnnual(stmts, a, e), nil
	}
	return stmts, nil
}

// queueEmployee adds the statements of an employee event.
func queueEmployee(stmts []statement, ev employee.Event, e eventlog.Event) []statement {
	add := func(sql string, args ...any) { stmts = append(stmts, statement{sql: sql, args: args}) }
	switch ev := ev.(type) {
	case employee.Registered:
		add(`INSERT INTO promotion_employees (nip, name, instansi, unit, status, jabatan_kind, jabatan_level, golongan,
				golongan_tmt, golongan_event_id, last_position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (nip) DO UPDATE SET name = $2, instansi = $3, unit = $4, status = $5, jabatan_kind = $6,
				jabatan_level = $7, golongan = $8, golongan_tmt = $9, golongan_event_id = $10, left_service = false, last_position = $11`,
			ev.NIP, ev.Name, ev.Instansi, ev.Unit, string(ev.Status), string(ev.Jabatan.Kind), string(ev.Jabatan.Level),
			string(ev.Golongan), dateArg(ev.GolonganTMT), e.ID, e.Position)
	case employee.Transferred:
		add(`UPDATE promotion_employees SET unit = $2, last_position = $3 WHERE nip = $1`, ev.NIP, ev.ToUnit, e.Position)
	case employee.JabatanChanged:
		add(`UPDATE promotion_employees SET jabatan_kind = $2, jabatan_level = $3, last_position = $4 WHERE nip = $1`,
			ev.NIP, string(ev.To.Kind), string(ev.To.Level), e.Position)
	case employee.GolonganChanged:
		add(`UPDATE promotion_employees SET golongan = $2, golongan_tmt = $3, golongan_event_id = $4, last_position = $5 WHERE nip = $1`,
			ev.NIP, string(ev.To), dateArg(ev.TMT), e.ID, e.Position)
	case employee.LeftService:
		add(`UPDATE promotion_employees SET left_service = true, last_position = $2 WHERE nip = $1`, ev.NIP, e.Position)
	}
	return stmts
}

// queueAnnual records the annual predikat in force after an SKP event.
func queueAnnual(stmts []statement, a annual, e eventlog.Event) []statement {
	if !a.inForce(e.Type) {
		return stmts
	}
	return append(stmts, statement{sql: `INSERT INTO promotion_annual (nip, year, predikat, event_id, position) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (nip, year) DO UPDATE SET predikat = $3, event_id = $4, position = $5`,
		args: []any{a.NIP, a.Year, string(a.predikat(e.Type)), e.ID, e.Position}})
}

// dateArg returns d for a date column, or nil for the zero date.
func dateArg(d civil.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Time(time.UTC)
}
