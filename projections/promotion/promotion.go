// Package promotion is the read model the PPK uses for kenaikan pangkat
// reguler: per employee the grade, its TMT and the event that set it, the
// jabatan history (effective-dated), and per year the annual predikat in
// force with the event it rests on. The
// projector stores facts only; Candidates applies a performance.Policy on
// the day of the question, so a policy change needs no rebuild.
package promotion

import (
	"time"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// Name is the projection's permanent identity.
const Name = "promotion"

// Projection is the promotion projector.
type Projection = pgbatch.Projector[*pgbatch.Batch]

// tables are the tables of the read model.
var tables = []string{"promotion_employees", "promotion_annual", "promotion_jabatan"}

// New returns the promotion projector. Only employee and SKP events are
// used.
func New() *Projection {
	return pgbatch.New(Name, tables,
		pgbatch.On("employee", employee.Decode, onEmployee),
		pgbatch.OnStored("skp", onSKP))
}

// onEmployee queues the statements of an employee event.
func onEmployee(b *pgbatch.Batch, ev employee.Event) {
	e := b.Event()
	switch ev := ev.(type) {
	case employee.Registered:
		b.Queue(`INSERT INTO promotion_employees (nip, name, instansi, unit, status, jabatan_kind, jabatan_level, golongan,
				golongan_tmt, golongan_event_id, last_position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (nip) DO UPDATE SET name = $2, instansi = $3, unit = $4, status = $5, jabatan_kind = $6,
				jabatan_level = $7, golongan = $8, golongan_tmt = $9, golongan_event_id = $10, left_service = false, last_position = $11`,
			ev.NIP, ev.Name, ev.Instansi, ev.Unit, string(ev.Status), string(ev.Jabatan.Kind), string(ev.Jabatan.Level),
			string(ev.Golongan), dateArg(ev.GolonganTMT), e.ID, e.Position)
		queueJabatan(b, ev.NIP, civil.Date{}, ev.Jabatan)
	case employee.Transferred:
		b.Queue(`UPDATE promotion_employees SET unit = $2, last_position = $3 WHERE nip = $1`, ev.NIP, ev.ToUnit, e.Position)
	case employee.JabatanChanged:
		b.Queue(`UPDATE promotion_employees SET jabatan_kind = $2, jabatan_level = $3, last_position = $4 WHERE nip = $1`,
			ev.NIP, string(ev.To.Kind), string(ev.To.Level), e.Position)
		queueJabatan(b, ev.NIP, ev.Effective, ev.To)
	case employee.GolonganChanged:
		b.Queue(`UPDATE promotion_employees SET golongan = $2, golongan_tmt = $3, golongan_event_id = $4, last_position = $5 WHERE nip = $1`,
			ev.NIP, string(ev.To), dateArg(ev.TMT), e.ID, e.Position)
	case employee.LeftService:
		b.Queue(`UPDATE promotion_employees SET left_service = true, last_position = $2 WHERE nip = $1`, ev.NIP, e.Position)
	}
}

// queueJabatan records that j is in force for nip from effective on (the
// zero date: since registration, stored as 0001-01-01, the zero time). A
// later event with the same effective date corrects an earlier one.
func queueJabatan(b *pgbatch.Batch, nip string, effective civil.Date, j employee.Jabatan) {
	e := b.Event()
	var from time.Time
	if !effective.IsZero() {
		from = effective.Time(time.UTC)
	}
	b.Queue(`INSERT INTO promotion_jabatan (nip, effective, jabatan_kind, jabatan_level, event_id, position)
			VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (nip, effective) DO UPDATE SET jabatan_kind = $3, jabatan_level = $4, event_id = $5, position = $6`,
		nip, from, string(j.Kind), string(j.Level), e.ID, e.Position)
}

// onSKP records the annual predikat in force after an SKP event.
func onSKP(b *pgbatch.Batch, e *eventlog.Event) error {
	a, err := decodeAnnual(e)
	if err != nil || !a.inForce(e.Type) {
		return err
	}
	b.Queue(`INSERT INTO promotion_annual (nip, year, predikat, event_id, position) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (nip, year) DO UPDATE SET predikat = $3, event_id = $4, position = $5`,
		a.NIP, a.Year, string(a.predikat(e.Type)), e.ID, e.Position)
	return nil
}

// dateArg returns d for a date column, or nil for the zero date.
func dateArg(d civil.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Time(time.UTC)
}
