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
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// Name is the projection's permanent identity.
const Name = "promotion"

// Projection is the promotion projector.
type Projection = pgbatch.Projector[*pgbatch.Batch]

// tables are the tables of the read model.
var tables = []string{"promotion_employees", "promotion_annual", "promotion_jabatan", "promotion_periodic"}

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
				jabatan_level = $7, golongan = $8, golongan_tmt = $9, golongan_event_id = $10, left_service = false, left_on = NULL,
				units = NULL, unit_days = NULL, golongans = NULL, golongan_tmts = NULL, golongan_event_ids = NULL,
				last_position = $11`,
			ev.NIP, ev.Name, ev.Instansi, ev.Unit, string(ev.Status), string(ev.Jabatan.Kind), string(ev.Jabatan.Level),
			string(ev.Golongan), dateArg(ev.GolonganTMT), e.ID, e.Position)
		queueJabatan(b, ev.NIP, civil.Date{}, ev.Jabatan)
	case employee.Transferred:
		b.Queue(`UPDATE promotion_employees SET `+pgbatch.TransferSet+`, last_position = $4 WHERE nip = $1`,
			ev.NIP, ev.ToUnit, ev.Effective.String(), e.Position)
	case employee.JabatanChanged:
		b.Queue(`UPDATE promotion_employees SET jabatan_kind = $2, jabatan_level = $3, last_position = $4 WHERE nip = $1`,
			ev.NIP, string(ev.To.Kind), string(ev.To.Level), e.Position)
		queueJabatan(b, ev.NIP, ev.Effective, ev.To)
	case employee.GolonganChanged:
		b.Queue(`UPDATE promotion_employees e SET (golongans, golongan_tmts, golongan_event_ids) = (
				SELECT CASE WHEN c.corrects THEN array_append(h.g[1:c.n - 1], $2::text) ELSE array_append(h.g, $2::text) END,
					CASE WHEN c.corrects THEN array_append(h.t[1:c.n - 1], $3::date) ELSE array_append(h.t, $3::date) END,
					CASE WHEN c.corrects THEN array_append(h.i[1:c.n - 1], $4::text) ELSE array_append(h.i, $4::text) END
				FROM (SELECT COALESCE(e.golongans, ARRAY[e.golongan]) AS g, COALESCE(e.golongan_tmts, ARRAY[e.golongan_tmt]) AS t,
						COALESCE(e.golongan_event_ids, ARRAY[e.golongan_event_id]) AS i) h,
					LATERAL (SELECT cardinality(h.g) AS n,
						h.g[cardinality(h.g)] = $2::text OR h.t[cardinality(h.t)] IS NOT DISTINCT FROM $3::date AS corrects) c),
				golongan = $2, golongan_tmt = $3, golongan_event_id = $4, last_position = $5 WHERE nip = $1`,
			ev.NIP, string(ev.To), dateArg(ev.TMT), e.ID, e.Position)
	case employee.LeftService:
		b.Queue(`UPDATE promotion_employees SET left_service = true, left_on = $3, last_position = $2 WHERE nip = $1`,
			ev.NIP, e.Position, ev.Effective.String())
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

// onSKP records the annual predikat, and the periodic predikat of a
// window, in force after an SKP event, with the policy version the ratings
// were given under (an objection decision keeps the version stored).
func onSKP(b *pgbatch.Batch, e *eventlog.Event) error {
	a, err := decodeAnnual(e)
	if err != nil {
		return err
	}
	w, r, ok := a.InForce(e.Type)
	switch {
	case !ok:
	case w == 0:
		b.Queue(`INSERT INTO promotion_annual (nip, year, predikat, event_id, position, policy_version) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (nip, year) DO UPDATE SET predikat = $3, event_id = $4, position = $5,
				policy_version = COALESCE(NULLIF($6, ''), promotion_annual.policy_version)`,
			a.NIP, a.Year, string(r.Predikat), e.ID, e.Position, a.PolicyVersion)
	case a.Label != "":
		first, last, known := monthsOf(a.Year, a.Label)
		if !known {
			return nil // a label no frequency gives: no months to count.
		}
		b.Queue(`INSERT INTO promotion_periodic (nip, year, window_no, label, first_month, last_month, predikat, policy_version,
				event_id, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
			ON CONFLICT (nip, year, window_no) DO UPDATE SET label = $4, first_month = $5, last_month = $6, predikat = $7,
				policy_version = $8, event_id = $9, position = $10`,
			a.NIP, a.Year, w, a.Label, int(first), int(last), string(r.Predikat), a.PolicyVersion, e.ID, e.Position)
	default: // an amendment of a window: its new predikat.
		b.Queue(`UPDATE promotion_periodic SET predikat = $4, event_id = $5, position = $6
			WHERE nip = $1 AND year = $2 AND window_no = $3`, a.NIP, a.Year, w, string(r.Predikat), e.ID, e.Position)
	}
	return nil
}

// monthsOf returns the months of the window labelled label in year, under
// whichever frequency gives that label.
func monthsOf(year int, label string) (first, last time.Month, ok bool) {
	for _, f := range []performance.PeriodFrequency{performance.FrequencyMonthly, performance.FrequencyQuarterly, performance.FrequencySemiannual} {
		for _, w := range period.Layout(year, f) {
			if w.Label == label {
				return w.Start.Month, w.End.Month, true
			}
		}
	}
	return 0, 0, false
}

// dateArg returns d for a date column, or nil for the zero date.
func dateArg(d civil.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Time(time.UTC)
}
