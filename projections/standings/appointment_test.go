package standings_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
)

// TestNoRowOfAYearBeforeTheAppointment: an employee registered while an
// earlier year is still open, or before an earlier year is opened late,
// got a row of that year although the appointment their NIP encodes (its
// year; an NI PPPK with the month code 21 gives no month) lies in a later
// year: they were no civil servant then. A year has a row for an employee
// appointed in it or before; an SKP drafted for a year still gets its row.
func TestNoRowOfAYearBeforeTheAppointment(t *testing.T) {
	hr := projectiontest.HR
	at := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 0, 0, 0, time.UTC) }
	const old, may, pppk, drafted = "198609262015051001", "199001012026051001", "199709072026211002", "199101012026051003"
	open := func(year int, recorded time.Time) projectiontest.Event {
		return period.Opened{Instansi: "I", Year: year, Frequency: performance.FrequencyQuarterly,
			Windows: period.Layout(year, performance.FrequencyQuarterly), At: recorded, By: hr}
	}
	reg := func(nip string, status employee.Status) projectiontest.Event {
		return employee.Registered{NIP: nip, Name: "E", Status: status, Instansi: "I", Unit: "U",
			Golongan: "III/a", GolonganTMT: civil.Date{Year: 2026, Month: 5, Day: 1}, At: at(2026, 2, 1), By: hr}
	}
	evs := []projectiontest.Event{
		open(2025, at(2024, 12, 10)),
		employee.Registered{NIP: old, Name: "E", Status: employee.StatusPNS, Instansi: "I", Unit: "U", Golongan: "III/a",
			At: at(2025, 1, 2), By: hr},
		open(2026, at(2025, 12, 10)),
		reg(may, employee.StatusPNS), reg(pppk, employee.StatusPPPK), reg(drafted, employee.StatusPNS),
		skp.Drafted{NIP: drafted, Year: 2025, Instansi: "I", At: at(2026, 2, 2), By: hr},
		open(2024, at(2026, 2, 3)), // opened late
	}
	var appends []projectiontest.Append
	for _, ev := range evs {
		stream := "s"
		if d, ok := ev.(skp.Drafted); ok {
			stream = skp.Stream(d.NIP, d.Year)
		}
		appends = append(appends, projectiontest.Append{Stream: stream, Events: []eventlog.NewEvent{projectiontest.Encode(ev, hr)}})
	}
	stored := projectiontest.Stored(appends)
	want := []string{old + " 2024", old + " 2025", old + " 2026", drafted + " 2025", drafted + " 2026",
		may + " 2026", pppk + " 2026"}
	slices.Sort(want)
	for _, batch := range []int{1, len(stored)} {
		t.Run(fmt.Sprintf("batch %d", batch), func(t *testing.T) {
			sc := pgtest.New(t)
			projectiontest.Apply(t, sc.Pool, standings.New(), stored, batch)
			rows, err := sc.Pool.Query(t.Context(), `SELECT nip || ' ' || year FROM standings ORDER BY 1`)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for rows.Next() {
				var s string
				if err := rows.Scan(&s); err != nil {
					t.Fatal(err)
				}
				got = append(got, s)
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("rows \"nip year\":\n got %v\nwant %v", got, want)
			}
		})
	}
}

// TestProgressFromTheAppointment: a CPNS appointed in July 2025 (the month
// the NIP encodes) reports both IKI of the plan in the third and fourth
// quarters, every report the year asks of them; the progress was counted
// against four quarters (50%).
func TestProgressFromTheAppointment(t *testing.T) {
	hr := projectiontest.HR
	at := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 9, 0, 0, 0, time.UTC) }
	const july, old = "200001012025071001", "198609262015051001"
	plan := skp.Plan{RHK: []skp.RHK{{ID: "R1", IKI: []skp.IKI{{ID: "K1"}, {ID: "K2"}}}}}
	qty := 1.0
	evs := []projectiontest.Event{
		period.Opened{Instansi: "I", Year: 2025, Frequency: performance.FrequencyQuarterly,
			Windows: period.Layout(2025, performance.FrequencyQuarterly), At: at(1, 2), By: hr},
	}
	for _, n := range []string{july, old} {
		evs = append(evs, employee.Registered{NIP: n, Name: "E", Status: employee.StatusPNS, Instansi: "I", Unit: "U",
			Golongan: "III/a", At: at(1, 2), By: hr},
			skp.Drafted{NIP: n, Year: 2025, Instansi: "I", Plan: plan, At: at(7, 2), By: hr},
			skp.Submitted{NIP: n, Year: 2025, At: at(7, 3), By: hr},
			skp.Approved{NIP: n, Year: 2025, At: at(7, 4), By: hr})
		for w := 3; w <= 4; w++ {
			for _, k := range []string{"K1", "K2"} {
				evs = append(evs, skp.RealisationReported{NIP: n, Year: 2025, Window: w, IKI: k, Quantity: &qty, At: at(12, 1), By: hr})
			}
		}
	}
	var appends []projectiontest.Append
	for _, ev := range evs {
		stream := "s"
		if n, ok := skpNIP(ev); ok {
			stream = skp.Stream(n, 2025)
		}
		appends = append(appends, projectiontest.Append{Stream: stream, Events: []eventlog.NewEvent{projectiontest.Encode(ev, hr)}})
	}
	sc := pgtest.New(t)
	projectiontest.Apply(t, sc.Pool, standings.New(), projectiontest.Stored(appends), 3)
	page, err := standings.Query(t.Context(), sc.Pool, standings.Filter{Year: 2025, Instansi: "I"})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{july: 100, old: 50}
	for _, s := range page.Items {
		if s.ProgressPercent != want[s.NIP] {
			t.Errorf("%s: progress %d%%, want %d%%", s.NIP, s.ProgressPercent, want[s.NIP])
		}
	}
	if len(page.Items) != 2 {
		t.Errorf("%d rows, want 2", len(page.Items))
	}
}

// skpNIP returns the NIP of an SKP event of the test.
func skpNIP(ev projectiontest.Event) (string, bool) {
	switch e := ev.(type) {
	case skp.Drafted:
		return e.NIP, true
	case skp.Submitted:
		return e.NIP, true
	case skp.Approved:
		return e.NIP, true
	case skp.RealisationReported:
		return e.NIP, true
	}
	return "", false
}
