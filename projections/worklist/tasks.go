package worklist

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/period"
)

// openTasks returns the open tasks on the SKPs of evs on q.Day: plans,
// windows and responses for the evaluatees of a pejabat penilai,
// objections for those of an atasan.
func openTasks(ctx context.Context, db Querier, q Query, evs map[string]*Evaluatee) ([]Task, error) {
	var penilai, atasan []string
	for nip, e := range evs {
		for _, as := range e.As {
			if as == AsPenilai {
				penilai = append(penilai, nip)
			} else {
				atasan = append(atasan, nip)
			}
		}
	}
	var out []Task
	steps := []func() ([]Task, error){
		func() ([]Task, error) { return planTasks(ctx, db, q, penilai) },
		func() ([]Task, error) { return windowTasks(ctx, db, q, penilai) },
		func() ([]Task, error) { return responseTasks(ctx, db, q, penilai) },
		func() ([]Task, error) { return objectionTasks(ctx, db, q, atasan) },
	}
	for _, step := range steps {
		ts, err := step()
		if err != nil {
			return nil, err
		}
		out = append(out, ts...)
	}
	for i := range out {
		out[i].Acting = evs[out[i].NIP].Acting
	}
	return out, nil
}

// dayIn returns the civil day of t in loc.
func dayIn(t time.Time, loc *time.Location) civil.Date { return civil.DateOf(t.In(loc)) }

// collect runs a query of tasks with the NIPs as $1 and scans each row
// with scan; no NIPs, no query.
func collect(ctx context.Context, db Querier, what, sql string, nips []string, scan func(pgx.Rows) (Task, bool, error)) ([]Task, error) {
	if len(nips) == 0 {
		return nil, nil
	}
	rows, err := db.Query(ctx, sql, nips)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []Task
	for rows.Next() {
		t, ok, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		if ok {
			out = append(out, t)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// planTasks returns the plans submitted and waiting for approval.
func planTasks(ctx context.Context, db Querier, q Query, nips []string) ([]Task, error) {
	return collect(ctx, db, "plans", `SELECT nip, year, since FROM worklist_skps WHERE nip = ANY($1) AND status = 'submitted'`,
		nips, func(r pgx.Rows) (Task, bool, error) {
			t := Task{Kind: KindPlanApproval}
			var since time.Time
			err := r.Scan(&t.NIP, &t.Year, &since)
			t.Since = dayIn(since, q.Location)
			return t, true, err
		})
}

// windowTasks returns, for approved plans, the open windows not rated:
// a rating to give once the window is over and realisation was reported,
// or a report overdue once the deadline has passed without any.
func windowTasks(ctx context.Context, db Querier, q Query, nips []string) ([]Task, error) {
	return collect(ctx, db, "windows", `SELECT s.nip, s.year, w.window_no, w.label, w.start_day, w.end_day, w.deadline, r.first_at
		FROM worklist_skps s
			JOIN worklist_windows w ON w.instansi = s.instansi AND w.year = s.year AND NOT w.closed
			LEFT JOIN worklist_reports r ON r.nip = s.nip AND r.year = s.year AND r.window_no = w.window_no
		WHERE s.nip = ANY($1) AND s.approved_once
			AND NOT EXISTS (SELECT 1 FROM worklist_rated x WHERE x.nip = s.nip AND x.year = s.year AND x.window_no = w.window_no)`,
		nips, func(r pgx.Rows) (Task, bool, error) {
			var t Task
			var start, end, deadline time.Time
			var first *time.Time
			if err := r.Scan(&t.NIP, &t.Year, &t.Window, &t.Label, &start, &end, &deadline, &first); err != nil {
				return t, false, err
			}
			w := period.Window{Number: t.Window, Label: t.Label, Start: civil.DateOf(start), End: civil.DateOf(end),
				Deadline: civil.DateOf(deadline)}
			return windowTask(t, w, first, q)
		})
}

// windowTask decides the task of an unrated window w on q.Day: rating
// when it is over and was reported (since the later of the day after its
// end and the first report), overdue_realisation when its deadline has
// passed without a report (since the day after the deadline).
func windowTask(t Task, w period.Window, first *time.Time, q Query) (Task, bool, error) {
	switch {
	case first != nil && w.Ended(q.Day):
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

// responseTasks returns the feedback responses not yet followed.
func responseTasks(ctx context.Context, db Querier, q Query, nips []string) ([]Task, error) {
	return collect(ctx, db, "responses", `SELECT nip, year, feedback_no, responded_at FROM worklist_responses WHERE nip = ANY($1)`,
		nips, func(r pgx.Rows) (Task, bool, error) {
			t := Task{Kind: KindFeedbackResponse}
			var at time.Time
			err := r.Scan(&t.NIP, &t.Year, &t.FeedbackNo, &at)
			t.Since = dayIn(at, q.Location)
			return t, true, err
		})
}

// objectionTasks returns the objections waiting for a decision.
func objectionTasks(ctx context.Context, db Querier, q Query, nips []string) ([]Task, error) {
	return collect(ctx, db, "objections", `SELECT nip, year, filed_at, deadline FROM worklist_objections WHERE nip = ANY($1)`,
		nips, func(r pgx.Rows) (Task, bool, error) {
			t := Task{Kind: KindObjection}
			var at, deadline time.Time
			err := r.Scan(&t.NIP, &t.Year, &at, &deadline)
			d := dayIn(deadline, q.Location)
			t.Since, t.Deadline = dayIn(at, q.Location), &d
			return t, true, err
		})
}
