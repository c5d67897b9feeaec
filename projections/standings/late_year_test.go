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

// TestRowOfAnEarlierYearKeepsThatYearsMasterData: a row created for a year
// after transfers, jabatan and golongan changes that take effect in later
// years (an evaluation year opened late to record 2024, an SKP drafted for
// 2023) took the employee's latest unit, jabatan and golongan, even a
// transfer recorded ahead for 2027: HR filtering 2024 by unit missed the
// employee, and the unit report of 2024 put them in another unit than the
// standings. A row of a year now has what the changes in force in that
// year give, as a row that existed before the changes has; the rows of
// later years keep following the changes.
func TestRowOfAnEarlierYearKeepsThatYearsMasterData(t *testing.T) {
	hr := projectiontest.HR
	day := func(y int, m time.Month, d int) civil.Date { return civil.Date{Year: y, Month: m, Day: d} }
	at := func(d civil.Date) time.Time { return d.Time(time.UTC).Add(9 * time.Hour) }
	open := func(year int, recorded civil.Date) projectiontest.Event {
		return period.Opened{Instansi: "I", Year: year, Frequency: performance.FrequencyQuarterly,
			Windows: period.Layout(year, performance.FrequencyQuarterly), At: at(recorded), By: hr}
	}
	n := projectiontest.NIP(1)
	staf := employee.Jabatan{Kind: performance.JabatanAdministrasi, Level: performance.LevelPelaksana, Name: "Staf"}
	kasubag := employee.Jabatan{Kind: performance.JabatanAdministrasi, Level: performance.LevelPengawas, Name: "Kasubag"}
	evs := []projectiontest.Event{
		employee.Registered{NIP: n, Name: "E", Status: employee.StatusPNS, Instansi: "I", Unit: "A", Jabatan: staf,
			Golongan: "III/a", GolonganTMT: day(2020, 4, 1), At: at(day(2025, 1, 5)), By: hr},
		open(2025, day(2025, 1, 6)),
		employee.Transferred{NIP: n, FromUnit: "A", ToUnit: "B", Effective: day(2025, 7, 1), At: at(day(2025, 6, 20)), By: hr},
		employee.JabatanChanged{NIP: n, From: staf, To: kasubag, Effective: day(2025, 7, 1), At: at(day(2025, 6, 20)), By: hr},
		employee.GolonganChanged{NIP: n, From: "III/a", FromTMT: day(2020, 4, 1), To: "III/b", TMT: day(2025, 4, 1),
			At: at(day(2025, 6, 21)), By: hr},
		employee.Transferred{NIP: n, FromUnit: "B", ToUnit: "C", Effective: day(2027, 1, 1), At: at(day(2025, 11, 1)), By: hr},
		open(2024, day(2025, 11, 2)),
		skp.Drafted{NIP: n, Year: 2023, Instansi: "I", At: at(day(2025, 11, 3)), By: hr},
		open(2026, day(2025, 12, 15)),
		open(2027, day(2026, 12, 15)),
	}
	type row struct{ Unit, Jabatan, Golongan, TMT string }
	before := row{"A", "pelaksana Staf", "III/a", "2020-04-01"}
	after := row{"B", "pengawas Kasubag", "III/b", "2025-04-01"}
	want := map[int]row{2023: before, 2024: before, 2025: after, 2026: after, 2027: {"C", "pengawas Kasubag", "III/b", "2025-04-01"}}
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
			got := map[int]row{}
			for y := range want {
				s, ok, err := standings.Get(t.Context(), sc.Pool, n, y)
				if err != nil || !ok {
					t.Fatalf("row %d: %v %v", y, ok, err)
				}
				var tmt string
				if s.GolonganTMT != nil {
					tmt = s.GolonganTMT.String()
				}
				got[y] = row{s.Unit, s.JabatanLevel + " " + s.JabatanName, s.Golongan, tmt}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("rows by year (-want +got):\n%s", diff)
			}
		})
	}
}
