package unitreport_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/unit"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/unitreport"
)

// TestExpectedReportsFollowThePlanInForce: an approved plan of two IKI is
// revised to three. While the revision waits (submitted, returned, edited,
// submitted again) the employee reports against the approved plan
// (domain/skp), so the unit report expects two reports a window; it
// expected three at once, counting as missing a report the employee could
// not file. Once approved, the revision's three count.
func TestExpectedReportsFollowThePlanInForce(t *testing.T) {
	hr := projectiontest.HR
	on := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 9, 0, 0, 0, time.UTC) }
	const nip = "198609262015051001"
	two := skp.Plan{RHK: []skp.RHK{{ID: "R1", IKI: []skp.IKI{{ID: "K1"}, {ID: "K2"}}}}}
	three := skp.Plan{RHK: []skp.RHK{{ID: "R1", IKI: []skp.IKI{{ID: "K1"}, {ID: "K2"}, {ID: "K3"}}}}}
	evs := []projectiontest.Event{
		unit.Registered{Code: "U", Name: "U", Instansi: "I", At: on(1, 1), By: hr},
		period.Opened{Instansi: "I", Year: 2025, Frequency: performance.FrequencyQuarterly,
			Windows: period.Layout(2025, performance.FrequencyQuarterly), PolicyVersion: "p", At: on(1, 1), By: hr},
		employee.Registered{NIP: nip, Name: "E", Status: employee.StatusPNS, Instansi: "I", Unit: "U", Golongan: "III/a", At: on(1, 2), By: hr},
		skp.Drafted{NIP: nip, Year: 2025, Instansi: "I", Plan: two, At: on(1, 3)},
		skp.Submitted{NIP: nip, Year: 2025, At: on(1, 4)},
		skp.Approved{NIP: nip, Year: 2025, At: on(1, 5)},
		skp.Revised{NIP: nip, Year: 2025, Plan: three, Reason: "tugas baru", At: on(4, 2)},
		skp.Returned{NIP: nip, Year: 2025, At: on(4, 3)},
		skp.Edited{NIP: nip, Year: 2025, Plan: three, At: on(4, 4)},
		skp.Submitted{NIP: nip, Year: 2025, At: on(4, 5)},
	}
	for _, tc := range []struct {
		name string
		evs  []projectiontest.Event
		want int
	}{
		{"revision waiting", evs, 2 * 4},
		{"revision approved", append(append([]projectiontest.Event{}, evs...), skp.Approved{NIP: nip, Year: 2025, At: on(4, 6)}), 3 * 4},
	} {
		for _, batch := range []int{1, len(tc.evs)} {
			t.Run(fmt.Sprintf("%s, batch %d", tc.name, batch), func(t *testing.T) {
				sc := pgtest.New(t)
				projectiontest.Apply(t, sc.Pool, unitreport.New(), projectiontest.StoredEvents(tc.evs...), batch)
				r, err := unitreport.Load(context.Background(), sc.Pool, performance.DefaultPolicy(),
					unitreport.Query{Unit: "U", Year: 2025, AsOf: on(12, 31)})
				if err != nil {
					t.Fatal(err)
				}
				if len(r.Employees) != 1 || r.Employees[0].Realisation.Expected != tc.want {
					t.Fatalf("members' realisation %+v, want %d reports expected", r.Employees, tc.want)
				}
			})
		}
	}
}
