package unitreport

import (
	"time"

	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/unit"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// onEmployee queues the statements of an employee event: the list of
// employees, and their membership of units per year. A registration
// makes the employee a member of their unit in every open year of their
// instansi; a transfer moves the rows of its effective year and later.
func onEmployee(b *pgbatch.Batch, ev employee.Event) {
	pgbatch.QueueEmployeeList(b, "unitreport_employees", ev)
	switch ev := ev.(type) {
	case employee.Registered:
		b.Queue(`INSERT INTO unitreport_members (nip, year, instansi, unit)
			SELECT $1, p.year, $2, $3 FROM unitreport_periods p WHERE p.instansi = $2 AND NOT p.closed
			ON CONFLICT (nip, year) DO UPDATE SET instansi = EXCLUDED.instansi, unit = EXCLUDED.unit`,
			ev.NIP, ev.Instansi, ev.Unit)
	case employee.Transferred:
		b.Queue(`UPDATE unitreport_members SET unit = $2 WHERE nip = $1 AND year >= $3`, ev.NIP, ev.ToUnit, ev.Effective.Year)
	}
}

// onUnit queues the statements of a unit event: the tree of units, the
// organisation predikat and the overrides.
func onUnit(b *pgbatch.Batch, ev unit.Event) {
	pgbatch.QueueUnitTree(b, "unitreport_units", ev)
	switch ev := ev.(type) {
	case unit.OrganisationPredikatSet:
		b.Queue(`INSERT INTO unitreport_org (code, year, period, predikat, policy_version, event_id, set_by, set_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (code, year, period) DO UPDATE SET predikat = $4, policy_version = $5, event_id = $6, set_by = $7, set_at = $8`,
			ev.Code, ev.Year, ev.Period, string(ev.Predikat), ev.PolicyVersion, b.Event().ID, ev.By.NIP, ev.At.UTC())
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

// onPeriod queues the statements of a period event. Opening a year makes
// every employee of the instansi still in service a member of their unit.
func onPeriod(b *pgbatch.Batch, ev period.Event) {
	switch ev := ev.(type) {
	case period.Opened:
		b.Queue(`INSERT INTO unitreport_periods (instansi, year, windows, event_id) VALUES ($1, $2, $3, $4)
			ON CONFLICT (instansi, year) DO UPDATE SET windows = $3, event_id = $4`, ev.Instansi, ev.Year, len(ev.Windows), b.Event().ID)
		nums, labels, deadlines := make([]int32, len(ev.Windows)), make([]string, len(ev.Windows)), make([]time.Time, len(ev.Windows))
		for i, w := range ev.Windows {
			nums[i], labels[i], deadlines[i] = int32(w.Number), w.Label, w.Deadline.Time(time.UTC)
		}
		b.Queue(`INSERT INTO unitreport_windows (instansi, year, window_no, label, deadline)
			SELECT $1, $2, w.n, w.label, w.deadline FROM unnest($3::int[], $4::text[], $5::date[]) AS w(n, label, deadline)
			ON CONFLICT (instansi, year, window_no) DO UPDATE SET label = EXCLUDED.label, deadline = EXCLUDED.deadline`,
			ev.Instansi, ev.Year, nums, labels, deadlines)
		b.Queue(`INSERT INTO unitreport_members (nip, year, instansi, unit)
			SELECT e.nip, $2, e.instansi, e.unit FROM unitreport_employees e WHERE e.instansi = $1 AND NOT e.left_service
			ON CONFLICT (nip, year) DO NOTHING`, ev.Instansi, ev.Year)
	case period.WindowClosed:
		b.Queue(`UPDATE unitreport_windows SET closed = true WHERE instansi = $1 AND year = $2 AND window_no = $3`,
			ev.Instansi, ev.Year, ev.Window)
	case period.YearClosed:
		b.Queue(`UPDATE unitreport_periods SET closed = true WHERE instansi = $1 AND year = $2`, ev.Instansi, ev.Year)
		b.Queue(`UPDATE unitreport_windows SET closed = true WHERE instansi = $1 AND year = $2`, ev.Instansi, ev.Year)
	}
}
