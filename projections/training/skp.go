package training

import (
	"strconv"

	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// onSKP queues the statements of an SKP event.
func onSKP(b *pgbatch.Batch, ev skp.Event) {
	switch ev := ev.(type) {
	case skp.Drafted:
		b.Queue(`INSERT INTO training_skp (nip, year, instansi, plan_event_id, latest_event_id) VALUES ($1, $2, $3, $4, $4)
			ON CONFLICT (nip, year) DO UPDATE SET instansi = $3, latest_event_id = $4`, ev.NIP, ev.Year, ev.Instansi, b.Event().ID)
		queuePlan(b, ev.NIP, ev.Year, ev.Plan)
	case skp.Edited:
		queuePlan(b, ev.NIP, ev.Year, ev.Plan)
	case skp.Revised:
		queuePlan(b, ev.NIP, ev.Year, ev.Plan)
	case skp.Approved:
		queueInForce(b, ev.NIP, ev.Year, false)
		b.Queue(`UPDATE training_skp SET approved_once = true WHERE nip = $1 AND year = $2`, ev.NIP, ev.Year)
	case skp.RealisationReported:
		queueRealisation(b, ev.NIP, ev.Year, ev.Window, ev.IKI, ev.Quantity)
	case skp.RealisationCorrected:
		queueRealisation(b, ev.NIP, ev.Year, ev.Window, ev.IKI, ev.Quantity)
	case skp.FeedbackGiven:
		if ev.Value != "" {
			b.Queue(`INSERT INTO training_feedback (nip, year, no, value, text, event_id, given_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
				ON CONFLICT (nip, year, no) DO UPDATE SET value = $4, text = $5, event_id = $6, given_at = $7`,
				ev.NIP, ev.Year, ev.No, string(ev.Value), ev.Text, b.Event().ID, ev.At.UTC())
		}
	default:
		if set, ok := skp.RatingsInForce(ev); ok {
			queueRating(b, set)
		}
	}
}

// queuePlan records the IKI of the latest plan of an SKP and the event
// their targets rest on. Until the plan's first approval they are the IKI
// in force too; after it, a revision's IKI come into force once approved,
// as the employee reports against the approved plan meanwhile (domain/skp).
func queuePlan(b *pgbatch.Batch, nip string, year int, p skp.Plan) {
	var ids, rhk, text, kind, unit []string
	var qty []float64
	for _, r := range p.RHK {
		for _, k := range r.IKI {
			ids, rhk, text = append(ids, k.ID), append(rhk, r.ID), append(text, k.Text)
			kind, qty, unit = append(kind, string(k.Target.Kind)), append(qty, k.Target.Quantity), append(unit, k.Target.Unit)
		}
	}
	b.Queue(`UPDATE training_skp SET latest_event_id = $3 WHERE nip = $1 AND year = $2`, nip, year, b.Event().ID)
	b.Queue(`DELETE FROM training_iki_latest WHERE nip = $1 AND year = $2`, nip, year)
	if len(ids) > 0 {
		b.Queue(`INSERT INTO training_iki_latest (nip, year, iki, rhk, text, target_kind, target_quantity, target_unit)
			SELECT $1, $2, k.iki, k.rhk, k.text, k.kind, k.qty, k.unit
			FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::text[]) AS k(iki, rhk, text, kind, qty, unit)
			ON CONFLICT (nip, year, iki) DO NOTHING`, nip, year, ids, rhk, text, kind, qty, unit)
	}
	queueInForce(b, nip, year, true)
}

// queueInForce makes the latest plan's IKI those in force of an SKP (with
// unapproved set, only if the SKP was never approved).
func queueInForce(b *pgbatch.Batch, nip string, year int, unapproved bool) {
	b.Queue(`UPDATE training_skp SET plan_event_id = latest_event_id
		WHERE nip = $1 AND year = $2 AND NOT ($3 AND approved_once)`, nip, year, unapproved)
	b.Queue(`DELETE FROM training_iki i USING training_skp s
		WHERE i.nip = $1 AND i.year = $2 AND s.nip = $1 AND s.year = $2 AND NOT ($3 AND s.approved_once)`, nip, year, unapproved)
	b.Queue(`INSERT INTO training_iki (nip, year, iki, rhk, text, target_kind, target_quantity, target_unit)
		SELECT l.nip, l.year, l.iki, l.rhk, l.text, l.target_kind, l.target_quantity, l.target_unit
		FROM training_iki_latest l JOIN training_skp s ON s.nip = l.nip AND s.year = l.year
		WHERE l.nip = $1 AND l.year = $2 AND NOT ($3 AND s.approved_once)`, nip, year, unapproved)
}

// queueRealisation records the latest realisation of an IKI in a window.
func queueRealisation(b *pgbatch.Batch, nip string, year, window int, iki string, qty *float64) {
	b.Queue(`INSERT INTO training_realisations (nip, year, window_no, iki, quantity, event_id) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (nip, year, window_no, iki) DO UPDATE SET quantity = $5, event_id = $6`, nip, year, window, iki, qty, b.Event().ID)
}

// queueRating records the ratings in force of a window (0: annual, labelled
// with the year). An amendment, which names no label, keeps the window's
// label.
func queueRating(b *pgbatch.Batch, set skp.RatingsSet) {
	nip, year, window, label, r := set.NIP, set.Year, set.Window, set.Label, set.Ratings
	if window == 0 {
		label = strconv.Itoa(year)
	}
	b.Queue(`INSERT INTO training_ratings (nip, year, window_no, label, hasil, perilaku, predikat, event_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (nip, year, window_no) DO UPDATE SET label = CASE WHEN $4 = '' THEN training_ratings.label ELSE $4 END,
			hasil = $5, perilaku = $6, predikat = $7, event_id = $8`,
		nip, year, window, label, string(r.Hasil), string(r.Perilaku), string(r.Predikat), b.Event().ID)
}
