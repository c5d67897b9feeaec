package worklist

import (
	"time"

	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// onSKP queues the statements of an SKP event: plan status, windows
// reported and rated, feedback responses and objections. An action of
// the pejabat penilai on the SKP (feedback, return, approval, ratings)
// follows every response before it.
func onSKP(b *pgbatch.Batch, ev skp.Event) {
	switch ev := ev.(type) {
	case skp.Drafted:
		b.Queue(`INSERT INTO worklist_skps (nip, year, instansi, status, since) VALUES ($1, $2, $3, 'draft', $4)
			ON CONFLICT (nip, year) DO UPDATE SET instansi = $3, status = 'draft', since = $4`,
			ev.NIP, ev.Year, ev.Instansi, ev.At.UTC())
	case skp.Submitted:
		queueStatus(b, ev.NIP, ev.Year, "submitted", ev.At)
	case skp.Revised:
		queueStatus(b, ev.NIP, ev.Year, "submitted", ev.At)
	case skp.Returned:
		queueStatus(b, ev.NIP, ev.Year, "returned", ev.At)
		queueFollowed(b, ev.NIP, ev.Year)
	case skp.ExpectationsSet:
		values := make([]string, len(ev.Expectations))
		for i, e := range ev.Expectations {
			values[i] = string(e.Value)
		}
		b.Queue(`UPDATE worklist_skps SET expectations = ARRAY(SELECT DISTINCT v FROM unnest(expectations || $3::text[]) v ORDER BY v)
			WHERE nip = $1 AND year = $2`, ev.NIP, ev.Year, values)
	case skp.Approved:
		queueStatus(b, ev.NIP, ev.Year, "approved", ev.At)
		queueFollowed(b, ev.NIP, ev.Year)
	case skp.RealisationReported:
		queueReport(b, ev.NIP, ev.Year, ev.Window, ev.At)
	case skp.RealisationCorrected:
		queueReport(b, ev.NIP, ev.Year, ev.Window, ev.At)
	case skp.FeedbackGiven:
		queueFollowed(b, ev.NIP, ev.Year)
	case skp.FeedbackResponded:
		b.Queue(`INSERT INTO worklist_responses (nip, year, feedback_no, responded_at, event_id) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (nip, year, feedback_no) DO UPDATE SET responded_at = $4, event_id = $5`,
			ev.NIP, ev.Year, ev.No, ev.At.UTC(), b.Event().ID)
	case skp.SelfAssessed:
		b.Queue(`INSERT INTO worklist_inputs (nip, year, window_no, self_event_id) VALUES ($1, $2, $3, $4)
			ON CONFLICT (nip, year, window_no) DO UPDATE SET self_event_id = $4`, ev.NIP, ev.Year, ev.Window, b.Event().ID)
	case skp.PeerFeedbackRecorded:
		b.Queue(`INSERT INTO worklist_inputs (nip, year, window_no, peer_feedback) VALUES ($1, $2, $3, 1)
			ON CONFLICT (nip, year, window_no) DO UPDATE SET peer_feedback = worklist_inputs.peer_feedback + 1`,
			ev.NIP, ev.Year, ev.Window)
	case skp.ObjectionFiled:
		b.Queue(`INSERT INTO worklist_objections (nip, year, filed_at, deadline, event_id) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (nip, year) DO UPDATE SET filed_at = $3, deadline = $4, event_id = $5`,
			ev.NIP, ev.Year, ev.At.UTC(), ev.Deadline.UTC(), b.Event().ID)
	}
	onRatings(b, ev)
}

// onRatings records the windows rated and removes a decided objection.
// Giving or amending ratings follows the responses before it.
func onRatings(b *pgbatch.Batch, ev skp.Event) {
	if d, ok := ev.(skp.ObjectionDecided); ok {
		b.Queue(`DELETE FROM worklist_objections WHERE nip = $1 AND year = $2`, d.NIP, d.Year)
		return
	}
	set, ok := skp.RatingsInForce(ev)
	if !ok {
		return
	}
	queueFollowed(b, set.NIP, set.Year)
	// A window rated, or the year (window 0): the year's windows are then
	// no longer anyone's task.
	b.Queue(`INSERT INTO worklist_rated (nip, year, window_no, event_id) VALUES ($1, $2, $3, $4)
		ON CONFLICT (nip, year, window_no) DO UPDATE SET event_id = $4`, set.NIP, set.Year, set.Window, b.Event().ID)
}

// queueStatus sets the plan status of an SKP and since when.
func queueStatus(b *pgbatch.Batch, nip string, year int, status string, at time.Time) {
	b.Queue(`UPDATE worklist_skps SET status = $3, since = $4, approved_once = approved_once OR $3 = 'approved'
		WHERE nip = $1 AND year = $2`, nip, year, status, at.UTC())
}

// queueReport records a report of realisation in a window.
func queueReport(b *pgbatch.Batch, nip string, year, window int, at time.Time) {
	b.Queue(`INSERT INTO worklist_reports (nip, year, window_no, first_at, last_at) VALUES ($1, $2, $3, $4, $4)
		ON CONFLICT (nip, year, window_no) DO UPDATE SET first_at = LEAST(worklist_reports.first_at, $4),
			last_at = GREATEST(worklist_reports.last_at, $4)`, nip, year, window, at.UTC())
}

// queueFollowed marks the responses on an SKP as followed by the pejabat
// penilai.
func queueFollowed(b *pgbatch.Batch, nip string, year int) {
	b.Queue(`DELETE FROM worklist_responses WHERE nip = $1 AND year = $2`, nip, year)
}
