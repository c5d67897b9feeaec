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
	"github.com/kinerja/kinerja/domain/skp"
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
	var b pgx.Batch
	var from []eventlog.Event
	for _, e := range events {
		n := b.Len()
		if err := queue(&b, e); err != nil {
			return &ApplyError{Position: e.Position, Type: e.Type, Err: err}
		}
		for range b.Len() - n {
			from = append(from, e)
		}
	}
	if len(from) == 0 {
		return nil
	}
	br := tx.SendBatch(ctx, &b)
	for _, e := range from {
		if _, err := br.Exec(); err != nil {
			_ = br.Close()
			return &ApplyError{Position: e.Position, Type: e.Type, Err: err}
		}
	}
	if err := br.Close(); err != nil {
		return fmt.Errorf("promotion: %w", err)
	}
	return nil
}

// queue adds the statements of one event.
func queue(b *pgx.Batch, e eventlog.Event) error {
	switch c, _, _ := strings.Cut(e.Type, "."); c {
	case "employee":
		ev, err := employee.Decode(e.Type, e.SchemaVersion, e.Data)
		if err != nil {
			return err
		}
		queueEmployee(b, ev, e)
	case "skp":
		ev, err := skp.Decode(e.Type, e.SchemaVersion, e.Data)
		if err != nil {
			return err
		}
		queueAnnual(b, ev, e)
	}
	return nil
}

// queueEmployee adds the statements of an employee event.
func queueEmployee(b *pgx.Batch, ev employee.Event, e eventlog.Event) {
	switch ev := ev.(type) {
	case employee.Registered:
		b.Queue(`INSERT INTO promotion_employees (nip, name, instansi, unit, status, jabatan_kind, jabatan_level, golongan,
				golongan_tmt, golongan_event_id, last_position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (nip) DO UPDATE SET name = $2, instansi = $3, unit = $4, status = $5, jabatan_kind = $6,
				jabatan_level = $7, golongan = $8, golongan_tmt = $9, golongan_event_id = $10, left_service = false, last_position = $11`,
			ev.NIP, ev.Name, ev.Instansi, ev.Unit, string(ev.Status), string(ev.Jabatan.Kind), string(ev.Jabatan.Level),
			string(ev.Golongan), dateArg(ev.GolonganTMT), e.ID, e.Position)
	case employee.Transferred:
		b.Queue(`UPDATE promotion_employees SET unit = $2, last_position = $3 WHERE nip = $1`, ev.NIP, ev.ToUnit, e.Position)
	case employee.JabatanChanged:
		b.Queue(`UPDATE promotion_employees SET jabatan_kind = $2, jabatan_level = $3, last_position = $4 WHERE nip = $1`,
			ev.NIP, string(ev.To.Kind), string(ev.To.Level), e.Position)
	case employee.GolonganChanged:
		b.Queue(`UPDATE promotion_employees SET golongan = $2, golongan_tmt = $3, golongan_event_id = $4, last_position = $5 WHERE nip = $1`,
			ev.NIP, string(ev.To), dateArg(ev.TMT), e.ID, e.Position)
	case employee.LeftService:
		b.Queue(`UPDATE promotion_employees SET left_service = true, last_position = $2 WHERE nip = $1`, ev.NIP, e.Position)
	}
}

// queueAnnual records the annual predikat in force after an SKP event.
func queueAnnual(b *pgx.Batch, ev skp.Event, e eventlog.Event) {
	var nip string
	var year int
	var r skp.Ratings
	switch ev := ev.(type) {
	case skp.AnnualRatingsGiven:
		nip, year, r = ev.NIP, ev.Year, ev.Ratings
	case skp.RatingsAmended:
		if ev.Window != 0 {
			return
		}
		nip, year, r = ev.NIP, ev.Year, ev.New
	case skp.ObjectionDecided:
		if ev.Outcome != skp.OutcomeRatingsChanged {
			return
		}
		nip, year, r = ev.NIP, ev.Year, ev.New
	default:
		return
	}
	b.Queue(`INSERT INTO promotion_annual (nip, year, predikat, event_id, position) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (nip, year) DO UPDATE SET predikat = $3, event_id = $4, position = $5`,
		nip, year, string(r.Predikat), e.ID, e.Position)
}

// dateArg returns d for a date column, or nil for the zero date.
func dateArg(d civil.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Time(time.UTC)
}
