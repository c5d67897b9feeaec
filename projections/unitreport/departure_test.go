package unitreport_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/unit"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/unitreport"
)

// TestCorrectedDepartureKeepsTheYear: an employee out of the service on
// 1 January 2027 by the departure recorded when 2027 was opened, whose
// departure is then corrected to 30 September 2027 (employee.LeaveService
// recorded again), takes part in 2027 as if the year had been opened with
// the corrected day: the unit's 2027-Q1 report lists them. Before, the
// membership decided at the opening stood and they were missing from every
// report of 2027. A correction to an earlier day is followed too: gone on
// 1 January by the corrected day, the employee is not listed.
func TestCorrectedDepartureKeepsTheYear(t *testing.T) {
	sc := pgtest.New(t)
	hr := projectiontest.HR
	day := func(y int, m time.Month, d int) civil.Date { return civil.Date{Year: y, Month: m, Day: d} }
	on := func(d civil.Date) time.Time { return d.Time(time.UTC).Add(9 * time.Hour) }
	later, earlier, stays := projectiontest.NIP(1), projectiontest.NIP(2), projectiontest.NIP(3)
	evs := []projectiontest.Event{
		unit.Registered{Code: "U", Name: "U", Instansi: "I", At: on(day(2026, 1, 1)), By: hr},
	}
	for _, n := range []string{later, earlier, stays} {
		evs = append(evs, employee.Registered{NIP: n, Name: "P", Status: employee.StatusPNS, Instansi: "I", Unit: "U",
			Golongan: "III/a", At: on(day(2026, 1, 1)), By: hr})
	}
	evs = append(evs,
		employee.LeftService{NIP: later, Effective: day(2027, 1, 1), Reason: "pensiun", At: on(day(2026, 11, 1)), By: hr},
		employee.LeftService{NIP: earlier, Effective: day(2027, 7, 1), Reason: "pensiun", At: on(day(2026, 11, 1)), By: hr},
		period.Opened{Instansi: "I", Year: 2027, Frequency: performance.FrequencyQuarterly,
			Windows: period.Layout(2027, performance.FrequencyQuarterly), PolicyVersion: "p", At: on(day(2026, 12, 10)), By: hr},
		employee.LeftService{NIP: later, Effective: day(2027, 9, 30), Reason: "koreksi tanggal pensiun", At: on(day(2027, 1, 20)), By: hr},
		employee.LeftService{NIP: earlier, Effective: day(2026, 12, 31), Reason: "koreksi tanggal pensiun", At: on(day(2027, 1, 20)), By: hr},
	)
	projectiontest.Apply(t, sc.Pool, unitreport.New(), projectiontest.StoredEvents(evs...), 2)
	r, err := unitreport.Load(context.Background(), sc.Pool, performance.DefaultPolicy(),
		unitreport.Query{Unit: "U", Year: 2027, Period: "2027-Q1", AsOf: on(day(2027, 2, 1))})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := nipsOf(r), []string{later, stays}; !slices.Equal(got, want) {
		t.Errorf("members of U in 2027-Q1: %v, want %v (the departure corrected to September in, the one corrected to 2026 out)", got, want)
	}
}
