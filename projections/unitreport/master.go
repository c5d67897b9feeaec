package unitreport

import (
	"time"

	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/unit"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// onEmployee queues the statements of an employee event: the list of
// employees, their membership of the open years of their instansi, and
// their placements. A registration makes the employee a member in every
// open year of their instansi, placed in their unit since ever (effective
// 0001-01-01); a transfer places them in its unit from its effective date
// (a later transfer with the same date corrects an earlier one). A
// departure recorded again corrects its day (employee.LeaveService): a
// year opened while the day recorded before took the employee out on its
// first day, and the corrected one does not, gets the membership its
// opening would have given (queued before the list takes the new day).
func onEmployee(b *pgbatch.Batch, ev employee.Event) {
	if ev, ok := ev.(employee.LeftService); ok {
		b.Queue(`INSERT INTO unitreport_members (nip, year, instansi)
			SELECT e.nip, p.year, e.instansi FROM unitreport_employees e JOIN unitreport_periods p ON p.instansi = e.instansi
			WHERE e.nip = $1 AND e.left_service AND make_date(p.year, 1, 1) >= e.left_on AND make_date(p.year, 1, 1) < $2::date
			ON CONFLICT (nip, year) DO NOTHING`, ev.NIP, ev.Effective.String())
	}
	pgbatch.QueueEmployeeList(b, "unitreport_employees", ev)
	switch ev := ev.(type) {
	case employee.Registered:
		b.Queue(`INSERT INTO unitreport_members (nip, year, instansi)
			SELECT $1, p.year, $2 FROM unitreport_periods p WHERE p.instansi = $2 AND NOT p.closed
			ON CONFLICT (nip, year) DO UPDATE SET instansi = EXCLUDED.instansi`,
			ev.NIP, ev.Instansi)
		queuePlacement(b, ev.NIP, sinceEver, ev.Unit)
	case employee.Transferred:
		queuePlacement(b, ev.NIP, ev.Effective.Time(time.UTC), ev.ToUnit)
	}
}

// sinceEver is the effective date of the unit an employee is registered with.
var sinceEver = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)

// queuePlacement places employee nip in unit from the day effective on.
func queuePlacement(b *pgbatch.Batch, nip string, effective time.Time, unit string) {
	b.Queue(`INSERT INTO unitreport_placements (nip, effective, unit, event_id) VALUES ($1, $2, $3, $4)
		ON CONFLICT (nip, effective) DO UPDATE SET unit = $3, event_id = $4`, nip, effective, unit, b.Event().ID)
}

// onUnit queues the statements of a unit event: the tree of units, the
// organisation predikat and the overrides.
func onUnit(b *pgbatch.Batch, ev unit.Event) {
	pgbatch.QueueUnitTree(b, "unitreport_units", ev)
	switch ev := ev.(type) {
	case unit.OrganisationPredikatSet:
		b.Queue(`INSERT INTO unitreport_org (code, year, period, predikat, policy_version, event_id, set_by, set_at, position)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (code, year, period) DO UPDATE SET predikat = $4, policy_version = $5, event_id = $6, set_by = $7,
				set_at = $8, position = $9`,
			ev.Code, ev.Year, ev.Period, string(ev.Predikat), ev.PolicyVersion, b.Event().ID, ev.By.NIP, ev.At.UTC(), b.Event().Position)
	case unit.DistributionOverrideRecorded:
		vs := ev.Violations
		if vs == nil {
			vs = []unit.Violation{}
		}
		b.Queue(`INSERT INTO unitreport_overrides (event_id, code, year, period, predikat, violations, justification,
				policy_version, recorded_by, recorded_at, position) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (event_id) DO NOTHING`,
			b.Event().ID, ev.Code, ev.Year, ev.Period, string(ev.Predikat), vs, ev.Justification, ev.PolicyVersion,
			ev.By.NIP, ev.At.UTC(), b.Event().Position)
	}
}

// onPeriod queues the statements of a period event. Opening a year records
// its windows with their last days and deadlines, and makes every employee
// of the instansi still in service a member of the year.
func onPeriod(b *pgbatch.Batch, ev period.Event) {
	switch ev := ev.(type) {
	case period.Opened:
		b.Queue(`INSERT INTO unitreport_periods (instansi, year, windows, event_id) VALUES ($1, $2, $3, $4)
			ON CONFLICT (instansi, year) DO UPDATE SET windows = $3, event_id = $4`, ev.Instansi, ev.Year, len(ev.Windows), b.Event().ID)
		n := len(ev.Windows)
		nums, labels, ends, deadlines := make([]int32, n), make([]string, n), make([]time.Time, n), make([]time.Time, n)
		for i, w := range ev.Windows {
			nums[i], labels[i], ends[i], deadlines[i] = int32(w.Number), w.Label, w.End.Time(time.UTC), w.Deadline.Time(time.UTC)
		}
		b.Queue(`INSERT INTO unitreport_windows (instansi, year, window_no, label, ends, deadline)
			SELECT $1, $2, w.n, w.label, w.ends, w.deadline
			FROM unnest($3::int[], $4::text[], $5::date[], $6::date[]) AS w(n, label, ends, deadline)
			ON CONFLICT (instansi, year, window_no) DO UPDATE SET label = EXCLUDED.label, ends = EXCLUDED.ends,
				deadline = EXCLUDED.deadline`,
			ev.Instansi, ev.Year, nums, labels, ends, deadlines)
		b.Queue(`INSERT INTO unitreport_members (nip, year, instansi)
			SELECT e.nip, $2, e.instansi FROM unitreport_employees e
			WHERE e.instansi = $1 AND `+pgbatch.InServiceOn("e", "make_date($2::int, 1, 1)")+`
			ON CONFLICT (nip, year) DO NOTHING`, ev.Instansi, ev.Year)
	case period.WindowClosed:
		b.Queue(`UPDATE unitreport_windows SET closed = true WHERE instansi = $1 AND year = $2 AND window_no = $3`,
			ev.Instansi, ev.Year, ev.Window)
	case period.YearClosed:
		b.Queue(`UPDATE unitreport_periods SET closed = true WHERE instansi = $1 AND year = $2`, ev.Instansi, ev.Year)
		b.Queue(`UPDATE unitreport_windows SET closed = true WHERE instansi = $1 AND year = $2`, ev.Instansi, ev.Year)
	}
}
