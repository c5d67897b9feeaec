package unitreport

import (
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// onSKP queues the statements of an SKP event: plan status and size, the
// first realisation report per IKI and window, and the predikat in force
// per window (0 for the annual one). A drafted SKP makes its employee a
// member in that year if they were not one yet.
func onSKP(b *pgbatch.Batch, ev skp.Event) {
	switch ev := ev.(type) {
	case skp.Drafted:
		b.Queue(`INSERT INTO unitreport_members (nip, year, instansi)
			SELECT v.nip, $2, COALESCE(e.instansi, $3)
			FROM (VALUES ($1::text)) AS v(nip) LEFT JOIN unitreport_employees e ON e.nip = v.nip
			ON CONFLICT (nip, year) DO NOTHING`, ev.NIP, ev.Year, ev.Instansi)
		b.Queue(`INSERT INTO unitreport_plans (nip, year, instansi, status, iki_count, plan_iki, event_id) VALUES ($1, $2, $3, 'draft', $4, $4, $5)
			ON CONFLICT (nip, year) DO UPDATE SET instansi = $3, status = 'draft', plan_iki = $4,
				iki_count = CASE WHEN unitreport_plans.approved_once THEN unitreport_plans.iki_count ELSE $4 END, event_id = $5`,
			ev.NIP, ev.Year, ev.Instansi, ikiCount(ev.Plan), b.Event().ID)
	case skp.Edited:
		queuePlan(b, ev.NIP, ev.Year, "", ikiCount(ev.Plan))
	case skp.Revised:
		queuePlan(b, ev.NIP, ev.Year, "submitted", ikiCount(ev.Plan))
	case skp.Submitted:
		queuePlan(b, ev.NIP, ev.Year, "submitted", -1)
	case skp.Returned:
		queuePlan(b, ev.NIP, ev.Year, "returned", -1)
	case skp.Approved:
		queuePlan(b, ev.NIP, ev.Year, "approved", -1)
	case skp.RealisationReported:
		b.Queue(`INSERT INTO unitreport_realisations (nip, year, window_no, iki, late, event_id) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (nip, year, window_no, iki) DO NOTHING`, ev.NIP, ev.Year, ev.Window, ev.IKI, ev.Late, b.Event().ID)
	default:
		if set, ok := skp.RatingsInForce(ev); ok {
			queueRating(b, set)
		}
	}
}

// queuePlan changes the status (unless empty) and the latest plan's IKI
// count (unless negative) of a plan, and makes the current event the one
// they rest on. iki_count counts the plan in force: the latest plan until
// the first approval, then the plan as last approved, so that a revision
// awaiting approval expects no report of an IKI the employee may not
// report on yet (domain/skp reports against the approved plan).
func queuePlan(b *pgbatch.Batch, nip string, year int, status string, iki int32) {
	b.Queue(`UPDATE unitreport_plans SET status = CASE WHEN $3 = '' THEN status ELSE $3 END,
			approved_once = approved_once OR $3 = 'approved',
			plan_iki = CASE WHEN $4 < 0 THEN plan_iki ELSE $4 END,
			iki_count = CASE WHEN $3 = 'approved' THEN plan_iki WHEN $4 < 0 OR approved_once THEN iki_count ELSE $4 END,
			event_id = $5
		WHERE nip = $1 AND year = $2`, nip, year, status, iki, b.Event().ID)
}

// queueRating records the predikat in force of a window (0: annual).
func queueRating(b *pgbatch.Batch, set skp.RatingsSet) {
	b.Queue(`INSERT INTO unitreport_ratings (nip, year, window_no, predikat, event_id) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (nip, year, window_no) DO UPDATE SET predikat = $4, event_id = $5`,
		set.NIP, set.Year, set.Window, string(set.Ratings.Predikat), b.Event().ID)
}

// ikiCount returns the number of IKI of a plan.
func ikiCount(p skp.Plan) int32 {
	n := 0
	for _, r := range p.RHK {
		n += len(r.IKI)
	}
	return int32(n)
}
