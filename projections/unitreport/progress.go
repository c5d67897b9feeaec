package unitreport

import (
	"context"
	"time"

	"github.com/kinerja/kinerja/projections/pgbatch"
)

// reported is how many IKI a member reported in a window, on time and late.
type reported struct{ onTime, late int }

// loadProgress counts plan status and realisation per window of ws, with
// the windows due as of the day asOf.
func (r *Report) loadProgress(ctx context.Context, db Querier, ws []window, asOf time.Time) error {
	plans, err := r.planFacts(ctx, db)
	if err != nil {
		return err
	}
	reps, err := r.reports(ctx, db)
	if err != nil {
		return err
	}
	day := time.Date(asOf.Year(), asOf.Month(), asOf.Day(), 0, 0, 0, 0, time.UTC)
	r.Progress.Windows = []WindowProgress{}
	perMember := map[string]*Realisation{}
	for _, w := range ws {
		wp := WindowProgress{Window: w.n, Label: w.label, Deadline: w.deadline.Format(time.DateOnly), Closed: w.closed,
			Due: w.closed || w.deadline.Before(day)}
		for nip, p := range plans {
			if perMember[nip] == nil {
				perMember[nip] = &Realisation{}
			}
			got := reps[repKey{nip, w.n}]
			var x Realisation
			x.OnTime, x.Late = got.onTime, got.late
			// A window that ended before the appointment the NIP
			// encodes is not the member's to report.
			if p.approvedOnce && (p.appointed == nil || !p.appointed.After(w.ends)) {
				x.Expected = int(p.iki)
				open := max(0, x.Expected-got.onTime-got.late)
				if wp.Due {
					x.Missing = open
				} else {
					x.Pending = open
				}
			}
			wp.add(x)
			perMember[nip].add(x)
		}
		r.Progress.Total.add(wp.Realisation)
		r.Progress.Windows = append(r.Progress.Windows, wp)
	}
	for i, m := range r.Employees {
		if x := perMember[m.NIP]; x != nil {
			r.Employees[i].Realisation = *x
		}
		switch m.PlanStatus {
		case "draft":
			r.Progress.Plans.Draft++
		case "submitted":
			r.Progress.Plans.Submitted++
		case "returned":
			r.Progress.Plans.Returned++
		case "approved":
			r.Progress.Plans.Approved++
		default:
			r.Progress.Plans.None++
		}
	}
	return nil
}

func (x *Realisation) add(y Realisation) {
	x.Expected += y.Expected
	x.OnTime += y.OnTime
	x.Late += y.Late
	x.Missing += y.Missing
	x.Pending += y.Pending
}

// planFact is what progress needs of a member's plan.
type planFact struct {
	approvedOnce bool
	iki          int32
	appointed    *time.Time // the day of appointment the NIP encodes; nil when it holds none
}

// planFacts returns the plan of every member, by NIP (members without a
// plan included, with a zero fact).
func (r *Report) planFacts(ctx context.Context, db Querier) (map[string]planFact, error) {
	out := make(map[string]planFact, len(r.Employees))
	for _, m := range r.Employees {
		out[m.NIP] = planFact{}
	}
	rows, err := db.Query(ctx, `SELECT p.nip, p.approved_once, p.iki_count, `+pgbatch.Appointment("p")+`
		FROM unitreport_plans p WHERE p.year = $1 AND p.nip = ANY($2)`, r.Year, r.nips())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var nip string
		var f planFact
		if err := rows.Scan(&nip, &f.approvedOnce, &f.iki, &f.appointed); err != nil {
			return nil, err
		}
		out[nip] = f
	}
	return out, rows.Err()
}

// nips returns the NIPs of the report's members.
func (r *Report) nips() []string {
	out := make([]string, len(r.Employees))
	for i, m := range r.Employees {
		out[i] = m.NIP
	}
	return out
}

// repKey identifies a member's window.
type repKey struct {
	nip    string
	window int
}

// reports counts the reports of the unit's members per window.
func (r *Report) reports(ctx context.Context, db Querier) (map[repKey]reported, error) {
	rows, err := db.Query(ctx, `SELECT nip, window_no, count(*) FILTER (WHERE NOT late), count(*) FILTER (WHERE late)
		FROM unitreport_realisations WHERE year = $1 AND nip = ANY($2) GROUP BY nip, window_no`, r.Year, r.nips())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[repKey]reported{}
	for rows.Next() {
		var k repKey
		var n reported
		if err := rows.Scan(&k.nip, &k.window, &n.onTime, &n.late); err != nil {
			return nil, err
		}
		out[k] = n
	}
	return out, rows.Err()
}
