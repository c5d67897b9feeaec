package history

import (
	"time"

	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// onSKP queues the statements of an SKP event on the row of its year, and
// the ratings it puts in force.
func onSKP(b *pgbatch.Batch, ev skp.Event) {
	switch ev := ev.(type) {
	case skp.Drafted:
		b.Queue(`INSERT INTO history_years (nip, year, instansi, skp_status, status_event_id, status_at, last_position)
			VALUES ($1, $2, $3, 'draft', $4, $5, $6)
			ON CONFLICT (nip, year) DO UPDATE SET instansi = $3, skp_status = 'draft', status_event_id = $4, status_at = $5, last_position = $6`,
			ev.NIP, ev.Year, ev.Instansi, b.Event().ID, ev.At.UTC(), b.Event().Position)
	case skp.Submitted:
		queueStatus(b, ev.NIP, ev.Year, "submitted", ev.At)
	case skp.Returned:
		queueStatus(b, ev.NIP, ev.Year, "returned", ev.At)
	case skp.Approved:
		queueStatus(b, ev.NIP, ev.Year, "approved", ev.At)
	case skp.Revised:
		queueStatus(b, ev.NIP, ev.Year, "submitted", ev.At)
	case skp.ObjectionFiled:
		queueObjection(b, ev.NIP, ev.Year, "filed")
	case skp.ObjectionDecided:
		queueObjection(b, ev.NIP, ev.Year, string(ev.Outcome))
	case skp.SelfAssessed:
		b.Queue(`INSERT INTO history_self_assessments (nip, year, window_no, label, hasil, perilaku, event_id, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (nip, year, window_no) DO UPDATE SET label = $4, hasil = $5, perilaku = $6, event_id = $7, at = $8`,
			ev.NIP, ev.Year, ev.Window, ev.Label, string(ev.Hasil), ev.Perilaku, b.Event().ID, ev.At.UTC())
	}
	switch set, ok := skp.RatingsInForce(ev); {
	case !ok:
	case set.Window == 0:
		queueAnnual(b, set.NIP, set.Year, set.Ratings, set.At)
	default:
		queuePeriodic(b, set.NIP, set.Year, set.Window, set.Label, set.Ratings, set.At)
	}
}

// queueStatus sets the SKP status of a year and the event it rests on.
func queueStatus(b *pgbatch.Batch, nip string, year int, status string, at time.Time) {
	b.Queue(`INSERT INTO history_years (nip, year, skp_status, status_event_id, status_at, last_position) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (nip, year) DO UPDATE SET skp_status = $3, status_event_id = $4, status_at = $5, last_position = $6`,
		nip, year, status, b.Event().ID, at.UTC(), b.Event().Position)
}

// queueAnnual sets the annual ratings in force of a year.
func queueAnnual(b *pgbatch.Batch, nip string, year int, r skp.Ratings, at time.Time) {
	b.Queue(`INSERT INTO history_years (nip, year, annual_hasil, annual_perilaku, annual_predikat, annual_event_id, annual_at, last_position)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (nip, year) DO UPDATE SET annual_hasil = $3, annual_perilaku = $4, annual_predikat = $5,
			annual_event_id = $6, annual_at = $7, last_position = $8`,
		nip, year, string(r.Hasil), string(r.Perilaku), string(r.Predikat), b.Event().ID, at.UTC(), b.Event().Position)
}

// queueObjection sets the state of the year's objection.
func queueObjection(b *pgbatch.Batch, nip string, year int, state string) {
	b.Queue(`INSERT INTO history_years (nip, year, objection, objection_event_id, last_position) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (nip, year) DO UPDATE SET objection = $3, objection_event_id = $4, last_position = $5`,
		nip, year, state, b.Event().ID, b.Event().Position)
}

// queuePeriodic sets the ratings in force of a window; an amendment, which
// names no label, keeps the window's label.
func queuePeriodic(b *pgbatch.Batch, nip string, year, window int, label string, r skp.Ratings, at time.Time) {
	b.Queue(`INSERT INTO history_periodic (nip, year, window_no, label, hasil, perilaku, predikat, event_id, rated_at, policy_version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
		ON CONFLICT (nip, year, window_no) DO UPDATE SET label = CASE WHEN $4 = '' THEN history_periodic.label ELSE $4 END,
			hasil = $5, perilaku = $6, predikat = $7, event_id = $8, rated_at = $9,
			policy_version = CASE WHEN $10 = '' THEN history_periodic.policy_version ELSE $10 END`,
		nip, year, window, label, string(r.Hasil), string(r.Perilaku), string(r.Predikat), b.Event().ID, at.UTC(),
		b.Event().Metadata.PolicyVersion)
}
