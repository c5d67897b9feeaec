package worklist

import (
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// openTasks reads the result of tasksSQL from br and returns the open
// tasks on the SKPs of evs on q.Day: plans, windows and responses of the
// evaluatees of a pejabat penilai, objections of those of an atasan.
func openTasks(br pgx.BatchResults, q Query, evs map[string]*Evaluatee) ([]Task, error) {
	rows, err := br.Query()
	if err != nil {
		return nil, fmt.Errorf("tasks: %w", err)
	}
	defer rows.Close()
	var out []Task
	for rows.Next() {
		t, ok, err := scanTask(rows, q)
		if err != nil {
			return nil, fmt.Errorf("tasks: %w", err)
		}
		e := evs[t.NIP]
		// A departed employee leaves no task but an objection to decide.
		if ok && e != nil && slices.Contains(e.As, capacity(t.Kind)) && (!e.left || t.Kind == KindObjection) {
			t.Acting = e.Acting
			out = append(out, t)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("tasks: %w", err)
	}
	return out, nil
}

// capacity returns the capacity in which an official has tasks of kind.
func capacity(kind string) string {
	if kind == KindObjection {
		return AsAtasan
	}
	return AsPenilai
}

// tasksSQL reads, for the employees whose lines ever named $1 as pejabat
// penilai, the plans submitted and waiting for approval, the open windows
// of approved plans not rated (nor ended before the appointment the NIP
// encodes) with their first report if any, and the
// feedback responses not yet followed; for those whose lines ever named
// $1 as atasan, the objections not decided. openTasks keeps those of the
// evaluatees on the day. Columns: kind (window for a window that may be a task), nip,
// year, window, label, start, end and deadline days of the window, the
// time the task opened (a window's first report), the objection's
// deadline, the feedback number, the BerAKHLAK values with the penilai's
// expectation set (plan approvals only), the window's self-assessment
// event and peer feedback count, and whether the plan is approved now, not
// waiting for approval again after a revision (windows only).
var tasksSQL = `SELECT 'plan_approval', nip, year, 0, '', NULL::date, NULL::date, NULL::date, since, NULL::timestamptz, 0, expectations, ''::text, 0, false
		FROM worklist_skps WHERE nip = ANY(ARRAY(SELECT nip FROM worklist_lines WHERE penilai = $1)) AND status = 'submitted'
	UNION ALL
	SELECT 'window', s.nip, s.year, w.window_no, w.label, w.start_day, w.end_day, w.deadline, r.first_at, NULL, 0, NULL::text[],
			COALESCE(i.self_event_id, ''), COALESCE(i.peer_feedback, 0), s.status = 'approved'
		FROM worklist_skps s
			JOIN worklist_windows w ON w.instansi = s.instansi AND w.year = s.year AND NOT w.closed
			LEFT JOIN worklist_reports r ON r.nip = s.nip AND r.year = s.year AND r.window_no = w.window_no
			LEFT JOIN worklist_inputs i ON i.nip = s.nip AND i.year = s.year AND i.window_no = w.window_no
		WHERE s.nip = ANY(ARRAY(SELECT nip FROM worklist_lines WHERE penilai = $1)) AND s.approved_once
			AND ` + pgbatch.AppointedBy("s", "w.end_day") + `
			AND NOT EXISTS (SELECT 1 FROM worklist_rated x WHERE x.nip = s.nip AND x.year = s.year AND x.window_no IN (w.window_no, 0))
	UNION ALL
	SELECT 'feedback_response', nip, year, 0, '', NULL, NULL, NULL, responded_at, NULL, feedback_no, NULL, '', 0, false
		FROM worklist_responses WHERE nip = ANY(ARRAY(SELECT nip FROM worklist_lines WHERE penilai = $1))
	UNION ALL
	SELECT 'objection', nip, year, 0, '', NULL, NULL, NULL, filed_at, deadline, 0, NULL, '', 0, false
		FROM worklist_objections WHERE nip = ANY(ARRAY(SELECT nip FROM worklist_lines WHERE atasan = $1))`

// scanTask scans a row of tasksSQL; a window is decided by windowTask.
func scanTask(rows pgx.Rows, q Query) (Task, bool, error) {
	var t Task
	var start, end, deadline *time.Time
	var at, objDeadline *time.Time
	var expectations []string
	var approved bool
	if err := rows.Scan(&t.Kind, &t.NIP, &t.Year, &t.Window, &t.Label, &start, &end, &deadline, &at, &objDeadline, &t.FeedbackNo,
		&expectations, &t.SelfAssessmentEventID, &t.PeerFeedback, &approved); err != nil {
		return t, false, err
	}
	if t.Kind == KindPlanApproval {
		t.ExpectationsMissing = missingExpectations(expectations)
	}
	if t.Kind == "window" {
		w := period.Window{Number: t.Window, Label: t.Label, Start: civil.DateOf(*start), End: civil.DateOf(*end),
			Deadline: civil.DateOf(*deadline)}
		return windowTask(t, w, at, approved, q)
	}
	t.Since = dayIn(*at, q.Location)
	if objDeadline != nil {
		d := dayIn(*objDeadline, q.Location)
		t.Deadline = &d
	}
	return t, true, nil
}

// dayIn returns the civil day of t in loc.
func dayIn(t time.Time, loc *time.Location) civil.Date { return civil.DateOf(t.In(loc)) }

// windowTask decides the task of an unrated window w on q.Day: rating
// when it is over and was reported (since the later of the day after its
// end and the first report) and the plan is approved (a revised plan
// waiting for approval cannot be rated: its approval is the task),
// overdue_realisation when its deadline has passed without a report
// (since the day after the deadline).
func windowTask(t Task, w period.Window, first *time.Time, approved bool, q Query) (Task, bool, error) {
	switch {
	case first != nil && w.Ended(q.Day) && approved:
		t.Kind, t.Since = KindRating, w.End.AddDays(1)
		if d := dayIn(*first, q.Location); d.After(t.Since) {
			t.Since = d
		}
		return t, true, nil
	case first == nil && w.Overdue(q.Day):
		t.Kind, t.Since = KindOverdueRealisation, w.Deadline.AddDays(1)
		t.Deadline = &w.Deadline
		return t, true, nil
	}
	return t, false, nil
}

// missingExpectations returns the BerAKHLAK values, in their usual order,
// that are not in set: those the penilai must still write before approving.
func missingExpectations(set []string) []string {
	missing := []string{}
	for _, v := range skp.Values() {
		if !slices.Contains(set, string(v)) {
			missing = append(missing, string(v))
		}
	}
	return missing
}
