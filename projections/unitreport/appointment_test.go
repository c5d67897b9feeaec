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
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/unit"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/unitreport"
)

// TestNoMemberOfAPeriodEndedBeforeTheAppointment: employees registered in
// 2026, while 2025 is still open, were members (unrated) of 2025-Q1 and of
// the year 2025 (found by an HR tester): registration has no effective
// day. A period that ended before the appointment the NIP encodes (the
// first day of its month, or 1 January of its year for an NI PPPK with the
// month code 21) does not count them; a period ending on or after it does.
// A unit's staff on a day before the appointment leaves them out too, and
// the progress expects no realisation of a window that ended before it.
func TestNoMemberOfAPeriodEndedBeforeTheAppointment(t *testing.T) {
	sc := pgtest.New(t)
	twoIKI := skp.Plan{RHK: []skp.RHK{{ID: "R1", IKI: []skp.IKI{{ID: "K1"}, {ID: "K2"}}}}}
	hr := projectiontest.HR
	on := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 0, 0, 0, time.UTC) }
	const old, may, pppk = "198609262015051001", "199001012026051001", "199709072026211002"
	evs := []projectiontest.Event{
		unit.Registered{Code: "U", Name: "U", Instansi: "I", At: on(2024, 12, 1), By: hr},
		period.Opened{Instansi: "I", Year: 2025, Frequency: performance.FrequencyQuarterly,
			Windows: period.Layout(2025, performance.FrequencyQuarterly), PolicyVersion: "p", At: on(2024, 12, 10), By: hr},
		employee.Registered{NIP: old, Name: "Lama", Status: employee.StatusPNS, Instansi: "I", Unit: "U",
			Golongan: "III/a", At: on(2025, 1, 2), By: hr},
		period.Opened{Instansi: "I", Year: 2026, Frequency: performance.FrequencyQuarterly,
			Windows: period.Layout(2026, performance.FrequencyQuarterly), PolicyVersion: "p", At: on(2025, 12, 10), By: hr},
		employee.Registered{NIP: may, Name: "Mei", Status: employee.StatusPNS, Instansi: "I", Unit: "U",
			Golongan: "III/a", GolonganTMT: civil.Date{Year: 2026, Month: 5, Day: 1}, At: on(2026, 2, 1), By: hr},
		employee.Registered{NIP: pppk, Name: "Kontrak", Status: employee.StatusPPPK, Instansi: "I", Unit: "U",
			Golongan: "IX", At: on(2026, 2, 1), By: hr},
		// May's plan of 2026, of two IKI, approved ahead of the appointment.
		skp.Drafted{NIP: may, Year: 2026, Instansi: "I", Plan: twoIKI, At: on(2026, 2, 1)},
		skp.Submitted{NIP: may, Year: 2026, At: on(2026, 2, 1)},
		skp.Approved{NIP: may, Year: 2026, At: on(2026, 2, 1)},
	}
	projectiontest.Apply(t, sc.Pool, unitreport.New(), projectiontest.StoredEvents(evs...), 2)
	ctx := context.Background()
	for _, tc := range []struct {
		year   int
		period string
		want   []string
	}{
		{2025, "2025-Q1", []string{old}},
		{2025, "2025", []string{old}},
		{2026, "2026-Q1", []string{old, pppk}},
		{2026, "2026-Q2", []string{old, may, pppk}},
		{2026, "2026", []string{old, may, pppk}},
	} {
		r, err := unitreport.Load(ctx, sc.Pool, performance.DefaultPolicy(),
			unitreport.Query{Unit: "U", Year: tc.year, Period: tc.period, AsOf: on(2026, 2, 2)})
		if err != nil {
			t.Fatal(err)
		}
		if got := nipsOf(r); !slices.Equal(got, tc.want) {
			t.Errorf("members of U in %s: %v, want %v", tc.period, got, tc.want)
		}
		planless := len(tc.want)
		if slices.Contains(tc.want, may) {
			planless--
		}
		if r.Members != len(tc.want) || r.Unrated != len(tc.want) || r.Progress.Plans.None != planless {
			t.Errorf("%s: members %d, unrated %d, without a plan %d, want %d and %d", tc.period, r.Members, r.Unrated,
				r.Progress.Plans.None, len(tc.want), planless)
		}
	}
	// Realisation is expected of May from the quarter of the appointment
	// on: Q1 2026 ended before it (it counted 2 IKI x 4 windows).
	r, err := unitreport.Load(ctx, sc.Pool, performance.DefaultPolicy(),
		unitreport.Query{Unit: "U", Year: 2026, AsOf: on(2026, 2, 2)})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range r.Employees {
		if m.NIP == may && (m.Realisation != unitreport.Realisation{Expected: 6, Missing: 6}) {
			t.Errorf("May's realisation in 2026: %+v, want 6 expected (Q2-Q4), missing (the windows have no deadline)", m.Realisation)
		}
	}
	if q1 := r.Progress.Windows[0]; q1.Expected != 0 {
		t.Errorf("2026-Q1 expects %d reports, want none (May was appointed after it)", q1.Expected)
	}
	staff, err := unitreport.Staff(ctx, sc.Pool, "U", civil.Date{Year: 2025, Month: 6, Day: 1}, 10)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{old}; !slices.Equal(staff, want) {
		t.Errorf("staff of U on 2025-06-01: %v, want %v", staff, want)
	}
}
