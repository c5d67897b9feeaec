package worklist

import (
	"time"

	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// onEmployee queues the statements of an employee event: the list of
// employees and every reporting line assigned, keyed by its position.
func onEmployee(b *pgbatch.Batch, ev employee.Event) {
	pgbatch.QueueEmployeeList(b, "worklist_employees", ev)
	if ev, ok := ev.(employee.ReportingLineAssigned); ok {
		b.Queue(`INSERT INTO worklist_lines (nip, position, penilai, atasan, effective_from, acting)
			VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (nip, position) DO NOTHING`,
			ev.NIP, int64(b.Event().Position), ev.PejabatPenilai, ev.AtasanPejabatPenilai,
			ev.EffectiveFrom.Time(time.UTC), ev.Acting)
	}
}

// onPeriod queues the statements of a period event: the windows of a year
// with their dates, and which are closed.
func onPeriod(b *pgbatch.Batch, ev period.Event) {
	switch ev := ev.(type) {
	case period.Opened:
		n := len(ev.Windows)
		nums, labels := make([]int32, n), make([]string, n)
		starts, ends, deadlines := make([]time.Time, n), make([]time.Time, n), make([]time.Time, n)
		for i, w := range ev.Windows {
			nums[i], labels[i] = int32(w.Number), w.Label
			starts[i], ends[i], deadlines[i] = w.Start.Time(time.UTC), w.End.Time(time.UTC), w.Deadline.Time(time.UTC)
		}
		b.Queue(`INSERT INTO worklist_windows (instansi, year, window_no, label, start_day, end_day, deadline)
			SELECT $1, $2, w.n, w.label, w.s, w.e, w.d
			FROM unnest($3::int[], $4::text[], $5::date[], $6::date[], $7::date[]) AS w(n, label, s, e, d)
			ON CONFLICT (instansi, year, window_no) DO UPDATE SET label = EXCLUDED.label,
				start_day = EXCLUDED.start_day, end_day = EXCLUDED.end_day, deadline = EXCLUDED.deadline`,
			ev.Instansi, ev.Year, nums, labels, starts, ends, deadlines)
	case period.WindowClosed:
		b.Queue(`UPDATE worklist_windows SET closed = true WHERE instansi = $1 AND year = $2 AND window_no = $3`,
			ev.Instansi, ev.Year, ev.Window)
	case period.YearClosed:
		b.Queue(`UPDATE worklist_windows SET closed = true WHERE instansi = $1 AND year = $2`, ev.Instansi, ev.Year)
	}
}
