package standings_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
)

// TestPlanInForceWhileARevisionWaits: an approved plan of one RHK with two
// IKI, both reported in the first quarter, is revised to two RHK with
// three IKI. Until the revision is approved the employee reports against
// the approved plan (domain/skp), so the row counts that plan and its
// progress (2 of 2 × 4 reports, 25%); the revision's counts replaced them
// at once (3 IKI, 16%). Once approved, the revision is the plan in force.
// A revision returned and edited before its approval changes nothing
// either.
func TestPlanInForceWhileARevisionWaits(t *testing.T) {
	hr := projectiontest.HR
	at := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 9, 0, 0, 0, time.UTC) }
	const nip = "198609262015051001"
	plan := skp.Plan{RHK: []skp.RHK{{ID: "R1", IKI: []skp.IKI{{ID: "K1"}, {ID: "K2"}}}}}
	revision := skp.Plan{RHK: []skp.RHK{{ID: "R1", IKI: []skp.IKI{{ID: "K1"}, {ID: "K2"}}}, {ID: "R2", IKI: []skp.IKI{{ID: "K3"}}}}}
	qty := 1.0
	evs := []projectiontest.Event{
		period.Opened{Instansi: "I", Year: 2025, Frequency: performance.FrequencyQuarterly,
			Windows: period.Layout(2025, performance.FrequencyQuarterly), At: at(1, 2), By: hr},
		employee.Registered{NIP: nip, Name: "E", Status: employee.StatusPNS, Instansi: "I", Unit: "U", Golongan: "III/a", At: at(1, 2), By: hr},
		skp.Drafted{NIP: nip, Year: 2025, Instansi: "I", Plan: plan, At: at(1, 3), By: hr},
		skp.Submitted{NIP: nip, Year: 2025, At: at(1, 4), By: hr},
		skp.Approved{NIP: nip, Year: 2025, At: at(1, 5), By: hr},
		skp.RealisationReported{NIP: nip, Year: 2025, Window: 1, IKI: "K1", Quantity: &qty, At: at(4, 1), By: hr},
		skp.RealisationReported{NIP: nip, Year: 2025, Window: 1, IKI: "K2", Quantity: &qty, At: at(4, 1), By: hr},
		skp.Revised{NIP: nip, Year: 2025, Plan: revision, Reason: "tugas baru", At: at(4, 2), By: hr},
		skp.Returned{NIP: nip, Year: 2025, At: at(4, 3), By: hr},
		skp.Edited{NIP: nip, Year: 2025, Plan: revision, At: at(4, 4), By: hr},
		skp.Submitted{NIP: nip, Year: 2025, At: at(4, 5), By: hr},
	}
	approve := skp.Approved{NIP: nip, Year: 2025, At: at(4, 6), By: hr}
	appends := func(evs []projectiontest.Event) []projectiontest.Append {
		var out []projectiontest.Append
		for _, ev := range evs {
			stream := "s"
			if _, ok := ev.(period.Opened); !ok {
				if _, ok := ev.(employee.Registered); !ok {
					stream = skp.Stream(nip, 2025)
				}
			}
			out = append(out, projectiontest.Append{Stream: stream, Events: []eventlog.NewEvent{projectiontest.Encode(ev, hr)}})
		}
		return out
	}
	for _, tc := range []struct {
		name          string
		evs           []projectiontest.Event
		rhk, iki, pct int
	}{
		{"revision waiting", evs, 1, 2, 25},
		{"revision approved", append(append([]projectiontest.Event{}, evs...), approve), 2, 3, 16},
	} {
		stored := projectiontest.Stored(appends(tc.evs))
		for _, batch := range []int{1, len(stored)} {
			t.Run(fmt.Sprintf("%s, batch %d", tc.name, batch), func(t *testing.T) {
				sc := pgtest.New(t)
				projectiontest.Apply(t, sc.Pool, standings.New(), stored, batch)
				page, err := standings.Query(t.Context(), sc.Pool, standings.Filter{Year: 2025, Instansi: "I"})
				if err != nil {
					t.Fatal(err)
				}
				if len(page.Items) != 1 {
					t.Fatalf("%d rows, want 1", len(page.Items))
				}
				s := page.Items[0]
				if s.RHKCount != tc.rhk || s.IKICount != tc.iki || s.ProgressPercent != tc.pct {
					t.Errorf("rhk %d, iki %d, progress %d%%; want %d, %d, %d%%", s.RHKCount, s.IKICount, s.ProgressPercent, tc.rhk, tc.iki, tc.pct)
				}
			})
		}
	}
}
