package unitreport

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// Querier runs queries: a pool, a connection or a transaction.
type Querier = pgbatch.Querier

// window is a window of the period with its last day and deadline.
type window struct {
	n        int
	label    string
	ends     time.Time
	deadline time.Time
	closed   bool
}

// Load returns the report q names, with the distribution checked by policy.
// Errors wrap ErrUnitNotFound or ErrPeriodNotFound for a unit or period
// the read model does not know.
func Load(ctx context.Context, db Querier, policy performance.Policy, q Query) (Report, error) {
	if q.Period == "" {
		q.Period = strconv.Itoa(q.Year)
	}
	r := Report{Unit: q.Unit, Year: q.Year, Period: q.Period, Overrides: []Override{}, Employees: []Member{}}
	err := db.QueryRow(ctx, `SELECT name, parent, instansi FROM unitreport_units WHERE code = $1`, q.Unit).
		Scan(&r.UnitName, &r.Parent, &r.Instansi)
	if errors.Is(err, pgx.ErrNoRows) {
		return Report{}, fmt.Errorf("unit report of %s: %w", q.Unit, ErrUnitNotFound)
	}
	if err != nil {
		return Report{}, fmt.Errorf("unit report of %s: %w", q.Unit, err)
	}
	ws, err := windowsOf(ctx, db, &r)
	if err != nil {
		return Report{}, err
	}
	steps := []func() error{
		func() error { return r.loadMembers(ctx, db) },
		func() error { return r.loadProgress(ctx, db, ws, q.AsOf) },
		func() error { return r.loadOrg(ctx, db) },
		func() error { return r.loadOverrides(ctx, db) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return Report{}, fmt.Errorf("unit report of %s %s: %w", q.Unit, q.Period, err)
		}
	}
	r.count()
	r.check(policy)
	return r, nil
}

// windowsOf returns the windows the report's period covers (every window of
// the year, or the one it names) and sets r.Window and r.lastDay (the
// window's last day, or 31 December). A year whose period was never opened
// is no period the report knows.
func windowsOf(ctx context.Context, db Querier, r *Report) ([]window, error) {
	rows, err := db.Query(ctx, `SELECT window_no, label, ends, deadline, closed FROM unitreport_windows
		WHERE instansi = $1 AND year = $2 ORDER BY window_no`, r.Instansi, r.Year)
	if err != nil {
		return nil, fmt.Errorf("unit report: windows: %w", err)
	}
	all, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (window, error) {
		var w window
		return w, row.Scan(&w.n, &w.label, &w.ends, &w.deadline, &w.closed)
	})
	if err != nil {
		return nil, fmt.Errorf("unit report: windows: %w", err)
	}
	if len(all) == 0 { // a year never opened: no member, no window to report on
		return nil, fmt.Errorf("unit report of %s: %d is not opened for %s: %w", r.Unit, r.Year, r.Instansi, ErrPeriodNotFound)
	}
	if r.Period == strconv.Itoa(r.Year) {
		r.lastDay = time.Date(r.Year, time.December, 31, 0, 0, 0, 0, time.UTC)
		return all, nil
	}
	for _, w := range all {
		if w.label == r.Period {
			r.Window, r.lastDay = w.n, w.ends
			return []window{w}, nil
		}
	}
	return nil, fmt.Errorf("unit report of %s: period %q in %d: %w", r.Unit, r.Period, r.Year, ErrPeriodNotFound)
}

// loadMembers reads the unit's members for the period with their plan
// status and the predikat in force for the period: the members of the
// year in service on the period's last day (appointed by then, by the
// appointment their NIP encodes, pgbatch.AppointedBy, and not departed)
// whose placement in force that day (the latest on or before it) is the
// unit. Registration has no effective day, so a membership of the year
// (given to every employee registered while it is open) alone does not
// make an employee appointed after the period ended a member of it.
func (r *Report) loadMembers(ctx context.Context, db Querier) error {
	rows, err := db.Query(ctx, `WITH placed AS (
			SELECT DISTINCT ON (p.nip) p.nip, p.unit FROM unitreport_placements p
			WHERE p.effective <= $3 AND p.nip IN (SELECT nip FROM unitreport_placements WHERE unit = $2 AND effective <= $3)
			ORDER BY p.nip, p.effective DESC)
		SELECT m.nip, COALESCE(e.name, ''), COALESCE(p.status, 'none'), COALESCE(r.predikat, ''), COALESCE(r.event_id, '')
		FROM placed x
			JOIN unitreport_members m ON m.nip = x.nip AND m.year = $1
			LEFT JOIN unitreport_employees e ON e.nip = m.nip
			LEFT JOIN unitreport_plans p ON p.nip = m.nip AND p.year = m.year
			LEFT JOIN unitreport_ratings r ON r.nip = m.nip AND r.year = m.year AND r.window_no = $4
		WHERE x.unit = $2 AND `+pgbatch.InServiceOn("e", "$3")+` AND `+pgbatch.AppointedBy("m", "$3")+` ORDER BY m.nip`, r.Year, r.Unit, r.lastDay, r.Window)
	if err != nil {
		return err
	}
	r.Employees, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Member, error) {
		var m Member
		return m, row.Scan(&m.NIP, &m.Name, &m.PlanStatus, &m.Predikat, &m.EventID)
	})
	return err
}

// loadOrg reads the organisation predikat in force for the period.
func (r *Report) loadOrg(ctx context.Context, db Querier) error {
	var o OrgPredikat
	err := db.QueryRow(ctx, `SELECT predikat, policy_version, event_id, set_by, set_at, position FROM unitreport_org
		WHERE code = $1 AND year = $2 AND period = $3`, r.Unit, r.Year, r.Period).
		Scan(&o.Predikat, &o.PolicyVersion, &o.EventID, &o.SetBy, &o.SetAt, &o.position)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	r.OrganisationPredikat = &o
	return nil
}

// loadOverrides reads the overrides recorded for the period, oldest first.
func (r *Report) loadOverrides(ctx context.Context, db Querier) error {
	rows, err := db.Query(ctx, `SELECT event_id, position, predikat, violations, justification, policy_version,
			recorded_by, recorded_at
		FROM unitreport_overrides WHERE code = $1 AND year = $2 AND period = $3 ORDER BY position`, r.Unit, r.Year, r.Period)
	if err != nil {
		return err
	}
	r.Overrides, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (Override, error) {
		var o Override
		err := row.Scan(&o.EventID, &o.Position, &o.Predikat, &o.Violations, &o.Justification, &o.PolicyVersion,
			&o.RecordedBy, &o.RecordedAt)
		if o.Violations == nil {
			o.Violations = []Violation{}
		}
		return o, err
	})
	return err
}

// count fills the counts and shares per predikat.
func (r *Report) count() {
	n := map[string]int{}
	r.Members = len(r.Employees)
	for _, m := range r.Employees {
		if m.Predikat != "" {
			n[m.Predikat]++
			r.Rated++
		}
	}
	r.Unrated = r.Members - r.Rated
	r.Counts = make([]Count, 0, 5)
	for _, p := range performance.Predikats() {
		c := Count{Predikat: string(p), Count: n[string(p)]}
		if r.Rated > 0 {
			c.SharePercent = math.Round(float64(c.Count)*1000/float64(r.Rated)) / 10
		}
		r.Counts = append(r.Counts, c)
	}
}
