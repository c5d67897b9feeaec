package standings_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
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

// TestCorrectedDepartureFollowed: a departure recorded again with another
// day (employee.LeaveService corrects it so) decides the rows as if it had
// been recorded with that day. A row is marked left in the year the
// departure takes effect and later; a year the employee serves in on its
// first day has its row. Before, a departure moved to a later year left
// the rows of the years between marked left and the years opened in the
// meantime without the employee, and a row created while a departure of
// a later year was recorded (opening the year, drafting an SKP) was marked
// left from the start.
func TestCorrectedDepartureFollowed(t *testing.T) {
	hr := projectiontest.HR
	day := func(y int, m time.Month, d int) civil.Date { return civil.Date{Year: y, Month: m, Day: d} }
	at := func(d civil.Date) time.Time { return d.Time(time.UTC).Add(9 * time.Hour) }
	later, gone, ahead, stays, earlier, drafted := projectiontest.NIP(1), projectiontest.NIP(2), projectiontest.NIP(3),
		projectiontest.NIP(4), projectiontest.NIP(5), projectiontest.NIP(6)
	leave := func(nip string, effective, recorded civil.Date, reason string) projectiontest.Event {
		return employee.LeftService{NIP: nip, Effective: effective, Reason: reason, At: at(recorded), By: hr}
	}
	open := func(year int, recorded civil.Date) projectiontest.Event {
		return period.Opened{Instansi: "I", Year: year, Frequency: performance.FrequencyQuarterly,
			Windows: period.Layout(year, performance.FrequencyQuarterly), At: at(recorded), By: hr}
	}
	var evs []projectiontest.Event
	for _, n := range []string{later, gone, ahead, stays, earlier, drafted} {
		ins := "I"
		if n == drafted {
			ins = "J" // which opens no year
		}
		evs = append(evs, employee.Registered{NIP: n, Name: "E", Status: employee.StatusPNS, Instansi: ins, Unit: "U",
			Golongan: "III/a", At: at(day(2025, 12, 1)), By: hr})
	}
	evs = append(evs,
		// ahead retires on 2027-02-01, recorded before 2026 is opened.
		leave(ahead, day(2027, 2, 1), day(2025, 12, 10), "pensiun"),
		open(2026, day(2025, 12, 15)),
		// drafted retires on 2027-01-15, recorded before their 2026 SKP.
		leave(drafted, day(2027, 1, 15), day(2026, 1, 5), "pensiun"),
		skp.Drafted{NIP: drafted, Year: 2026, Instansi: "J", At: at(day(2026, 1, 6)), By: hr},
		// later: 2026-03-01 mistyped, 2027-06-30 meant.
		leave(later, day(2026, 3, 1), day(2026, 2, 10), "pensiun"),
		// earlier: 2027-06-30 recorded, 2026-05-31 meant.
		leave(earlier, day(2027, 6, 30), day(2026, 4, 1), "pensiun"),
		leave(earlier, day(2026, 5, 31), day(2026, 4, 2), "koreksi tanggal pensiun"),
		// gone: out on 2027-01-01 when 2027 is opened, corrected afterwards.
		leave(gone, day(2027, 1, 1), day(2026, 11, 1), "berhenti atas permintaan sendiri"),
		open(2027, day(2026, 12, 10)),
		leave(later, day(2027, 6, 30), day(2027, 1, 20), "koreksi tanggal pensiun"),
		leave(gone, day(2027, 9, 30), day(2027, 1, 21), "koreksi tanggal berhenti"),
	)
	want := map[string]bool{ // "nip year" → left_service; absent: no row
		fmt.Sprint(later, " 2026"): false, fmt.Sprint(later, " 2027"): true,
		fmt.Sprint(gone, " 2026"): false, fmt.Sprint(gone, " 2027"): true,
		fmt.Sprint(ahead, " 2026"): false, fmt.Sprint(ahead, " 2027"): true,
		fmt.Sprint(stays, " 2026"): false, fmt.Sprint(stays, " 2027"): false,
		fmt.Sprint(earlier, " 2026"): true,
		fmt.Sprint(drafted, " 2026"): false,
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
	for _, batch := range []int{1, len(stored)} {
		t.Run(fmt.Sprintf("batch %d", batch), func(t *testing.T) {
			sc := pgtest.New(t)
			projectiontest.Apply(t, sc.Pool, standings.New(), stored, batch)
			rows, err := sc.Pool.Query(t.Context(), `SELECT nip, year, left_service FROM standings`)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]bool{}
			for rows.Next() {
				var nip string
				var year int
				var left bool
				if err := rows.Scan(&nip, &year, &left); err != nil {
					t.Fatal(err)
				}
				got[fmt.Sprint(nip, " ", year)] = left
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("rows \"nip year\": left_service (-want +got):\n%s", diff)
			}
		})
	}
}
