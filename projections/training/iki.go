package training

import (
	"context"
	"fmt"
	"slices"

	"github.com/kinerja/kinerja/domain/employee"
)

// ikiKey identifies an IKI of an employee's year.
type ikiKey struct {
	nip  string
	year int
	iki  string
}

// reported is a realisation of an IKI in a window.
type reported struct {
	window   int
	quantity *float64
	eventID  string
}

// ikiNeeds returns the quantitative IKI of SKPs approved at least once
// whose realisation in the closed windows falls short of the target pro
// rata (over the windows served, see served).
func ikiNeeds(ctx context.Context, db Querier, f Filter) ([]Need, error) {
	reps, err := realisations(ctx, db, f)
	if err != nil {
		return nil, err
	}
	const windows = `FROM training_windows w WHERE w.instansi = s.instansi AND w.year = t.year`
	const closed = windows + ` AND w.closed_event_id IS NOT NULL ORDER BY w.window_no`
	rows, err := db.Query(ctx, `SELECT t.nip, t.year, t.iki, t.text, t.target_quantity, t.target_unit, s.plan_event_id,
			(SELECT count(*) `+windows+`), ARRAY(SELECT w.window_no `+closed+`), ARRAY(SELECT w.closed_event_id `+closed+`),`+
		who+f.whoFrom("training_iki")+` AND t.target_kind = 'quantitative' AND s.approved_once`, f.args()...)
	if err != nil {
		return nil, fmt.Errorf("training needs: IKI: %w", err)
	}
	defer rows.Close()
	var out []Need
	for rows.Next() {
		var n Need
		var text, planEvent string
		var m Measure
		var closedNos []int32
		var closedIDs []string
		if err := rows.Scan(&n.NIP, &n.Year, &n.Subject, &text, &m.Target, &m.Unit, &planEvent, &m.Windows, &closedNos,
			&closedIDs, &n.Name, &n.Instansi, &n.Unit); err != nil {
			return nil, fmt.Errorf("training needs: IKI: %w", err)
		}
		closedNos, closedIDs = served(n.NIP, n.Year, &m.Windows, closedNos, closedIDs)
		m.ClosedWindows = len(closedNos)
		if m.Windows == 0 || m.ClosedWindows == 0 {
			continue
		}
		// Divided first: closed windows are at most all of them, so a target
		// near the largest float64 cannot overflow to +Inf (which JSON cannot
		// carry). Realisations that add up past it are +Inf, and above it.
		m.Expected = m.Target / float64(m.Windows) * float64(m.ClosedWindows)
		n.EventIDs = []string{planEvent}
		for _, r := range reps[ikiKey{n.NIP, n.Year, n.Subject}] {
			if slices.Contains(closedNos, int32(r.window)) {
				if r.quantity != nil {
					m.Realised += *r.quantity
				}
				n.EventIDs = append(n.EventIDs, r.eventID)
			}
		}
		if m.Realised >= m.Expected-1e-9 {
			continue
		}
		n.EventIDs = append(n.EventIDs, closedIDs...)
		n.Kind, n.Period, n.Measure = KindIKIUnderTarget, fmt.Sprint(n.Year), &m
		n.Detail = fmt.Sprintf("%s: %g %s realised in %d of %d windows, %g expected (target %g)",
			text, m.Realised, m.Unit, m.ClosedWindows, m.Windows, m.Expected, m.Target)
		out = append(out, n)
	}
	return out, rows.Err()
}

// served leaves out of a year's windows (their number, and the numbers and
// closing events of those closed) the windows that ended before the
// appointment the NIP encodes: windows are of equal length in months, so
// in the year of an appointment in month m the first (m - 1) × windows / 12
// ended before it. The target is prorated over the windows served.
func served(nip string, year int, windows *int, closedNos []int32, closedIDs []string) ([]int32, []string) {
	ap, ok := employee.AppointmentOf(nip)
	if !ok || ap.Year != year || *windows == 0 {
		return closedNos, closedIDs
	}
	before := (int(ap.Month) - 1) * *windows / 12
	*windows -= before
	var nos []int32
	var ids []string
	for i, no := range closedNos {
		if int(no) > before {
			nos, ids = append(nos, no), append(ids, closedIDs[i])
		}
	}
	return nos, ids
}

// realisations reads the realisations of the IKI f selects, in window order.
func realisations(ctx context.Context, db Querier, f Filter) (map[ikiKey][]reported, error) {
	rows, err := db.Query(ctx, `SELECT t.nip, t.year, t.iki, t.window_no, t.quantity, t.event_id`+
		f.whoFrom("training_realisations")+` ORDER BY t.nip, t.year, t.iki, t.window_no`, f.args()...)
	if err != nil {
		return nil, fmt.Errorf("training needs: realisations: %w", err)
	}
	defer rows.Close()
	out := map[ikiKey][]reported{}
	for rows.Next() {
		var k ikiKey
		var r reported
		if err := rows.Scan(&k.nip, &k.year, &k.iki, &r.window, &r.quantity, &r.eventID); err != nil {
			return nil, fmt.Errorf("training needs: realisations: %w", err)
		}
		out[k] = append(out[k], r)
	}
	return out, rows.Err()
}
