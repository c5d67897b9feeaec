package unitreport_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
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

var (
	at       = time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	pimpinan = actor.Actor{NIP: "196501011990031001", Role: actor.Pimpinan}
)

// ratings returns ratings with the predikat of the matrix.
func ratings(h, p performance.Rating) skp.Ratings {
	pred, _ := performance.PredikatOf(h, p)
	return skp.Ratings{Hasil: h, Perilaku: p, Predikat: pred}
}

// opened opens 2025 in instansi I with quarterly windows due 5 days after
// their end.
func opened() period.Opened {
	ws := period.Layout(2025, performance.FrequencyQuarterly)
	for i := range ws {
		ws[i].Deadline = ws[i].End.AddDays(5)
	}
	return period.Opened{Instansi: "I", Year: 2025, Frequency: performance.FrequencyQuarterly, Windows: ws, PolicyVersion: "p", At: at, By: projectiontest.HR}
}

// unitOf returns the events of a unit with n employees (NIPs from first)
// rated annually with the given ratings, in turn.
func unitOf(code string, first, n int, rs ...skp.Ratings) []projectiontest.Event {
	evs := []projectiontest.Event{unit.Registered{Code: code, Name: "Unit " + code, Parent: "ROOT", Instansi: "I", At: at, By: projectiontest.HR}}
	for k := range n {
		nip := projectiontest.NIP(first + k)
		evs = append(evs,
			employee.Registered{NIP: nip, Name: "P", Status: employee.StatusPNS, Instansi: "I", Unit: code, Golongan: "III/a", At: at, By: projectiontest.HR},
			skp.AnnualRatingsGiven{NIP: nip, Year: 2025, Ratings: rs[k%len(rs)], At: at})
	}
	return evs
}

// TestReferenceCasesFourAndFive checks DOMAIN.md cases 4 (istimewa, 8
// sangat_baik + 2 baik: sangat_baik 8 > 7) and 5 (baik, 10 baik: baik > 7
// and no butuh_perbaikan or kurang), with the override recorded for case 5.
func TestReferenceCasesFourAndFive(t *testing.T) {
	sc := pgtest.New(t)
	sb, b := ratings(performance.RatingDiAtas, performance.RatingDiAtas), ratings(performance.RatingSesuai, performance.RatingSesuai)
	evs := []projectiontest.Event{opened()}
	evs = append(evs, unitOf("U4", 0, 10, sb, sb, sb, sb, b, sb, sb, sb, sb, b)...)
	evs = append(evs, unitOf("U5", 10, 10, b)...)
	evs = append(evs,
		unit.OrganisationPredikatSet{Code: "U4", Year: 2025, Period: "2025", Predikat: performance.OrgIstimewa, PolicyVersion: "p", At: at, By: pimpinan},
		unit.OrganisationPredikatSet{Code: "U5", Year: 2025, Period: "2025", Predikat: performance.OrgBaik, PolicyVersion: "p", At: at, By: pimpinan},
		unit.DistributionOverrideRecorded{Code: "U5", Year: 2025, Period: "2025", Predikat: performance.OrgBaik,
			Violations: []unit.Violation{{Rule: "max_share", Predikats: []performance.Predikat{"baik"}, Limit: 7, Actual: 10, Message: "baik 10 > 7"},
				{Rule: "at_least_one", Predikats: []performance.Predikat{"butuh_perbaikan", "kurang"}, Limit: 1, Actual: 0, Message: "none"}},
			Justification: "semua memenuhi target", PolicyVersion: "p", At: at, By: pimpinan})
	events := projectiontest.StoredEvents(evs...)
	projectiontest.Apply(t, sc.Pool, unitreport.New(), events, 7)
	ctx, policy := context.Background(), performance.DefaultPolicy()

	r4, err := unitreport.Load(ctx, sc.Pool, policy, unitreport.Query{Unit: "U4", Year: 2025, AsOf: at})
	if err != nil {
		t.Fatal(err)
	}
	if r4.Members != 10 || r4.Rated != 10 || r4.Counts[0] != (unitreport.Count{Predikat: "sangat_baik", Count: 8, SharePercent: 80}) ||
		r4.Counts[1] != (unitreport.Count{Predikat: "baik", Count: 2, SharePercent: 20}) {
		t.Errorf("case 4 counts: %d members, %d rated, %+v", r4.Members, r4.Rated, r4.Counts)
	}
	want4 := []unitreport.Violation{{Rule: "max_share", Predikats: []string{"sangat_baik"}, Limit: 7, Actual: 8}}
	if diff := cmp.Diff(want4, r4.Distribution.Violations, ignoreMessage); diff != "" || !r4.Distribution.Checked || r4.Distribution.OK {
		t.Errorf("case 4 distribution %+v (-want +got):\n%s", r4.Distribution, diff)
	}
	if r4.OrganisationPredikat == nil || r4.OrganisationPredikat.Predikat != "istimewa" || r4.OrganisationPredikat.EventID != events[len(events)-3].ID {
		t.Errorf("case 4 organisation predikat %+v, want istimewa from %s", r4.OrganisationPredikat, events[len(events)-3].ID)
	}

	r5, err := unitreport.Load(ctx, sc.Pool, policy, unitreport.Query{Unit: "U5", Year: 2025, Period: "2025", AsOf: at})
	if err != nil {
		t.Fatal(err)
	}
	want5 := []unitreport.Violation{
		{Rule: "max_share", Predikats: []string{"baik"}, Limit: 7, Actual: 10},
		{Rule: "at_least_one", Predikats: []string{"butuh_perbaikan", "kurang"}, Limit: 1, Actual: 0},
	}
	if diff := cmp.Diff(want5, r5.Distribution.Violations, ignoreMessage); diff != "" || r5.Distribution.OK || !r5.Distribution.Overridden {
		t.Errorf("case 5 distribution %+v (-want +got):\n%s", r5.Distribution, diff)
	}
	if len(r5.Overrides) != 1 || r5.Overrides[0].EventID != events[len(events)-1].ID || r5.Overrides[0].Justification != "semua memenuhi target" ||
		r5.Overrides[0].Violations[0].Actual != 10 || r5.Overrides[0].RecordedBy != pimpinan.NIP {
		t.Errorf("case 5 overrides %+v", r5.Overrides)
	}
	for _, m := range r5.Employees {
		if m.Predikat != "baik" || m.EventID == "" {
			t.Errorf("member %+v: want baik with its event", m)
		}
	}
}

var ignoreMessage = cmp.FilterPath(func(p cmp.Path) bool { return p.Last().String() == ".Message" }, cmp.Ignore())

// TestWindowsProgressAndTransfers checks a window's report (its periodic
// predikat), plan status counts, realisation on time, late, missing and
// pending as of a day, and that a transfer moves the year's membership.
func TestWindowsProgressAndTransfers(t *testing.T) {
	sc := pgtest.New(t)
	a, b, c := projectiontest.NIP(1), projectiontest.NIP(2), projectiontest.NIP(3)
	iki := func(id string) skp.IKI {
		return skp.IKI{ID: id, Aspek: skp.AspekKuantitas, Target: skp.Target{Kind: skp.TargetQuantitative, Quantity: 4, Unit: "x"}}
	}
	plan := skp.Plan{RHK: []skp.RHK{{ID: "R1", IKI: []skp.IKI{iki("K1"), iki("K2")}}}}
	qty := 1.0
	report := func(nip string, w int, k string, late bool) projectiontest.Event {
		return skp.RealisationReported{NIP: nip, Year: 2025, Window: w, Label: "", IKI: k, Quantity: &qty, Late: late, At: at}
	}
	evs := []projectiontest.Event{
		unit.Registered{Code: "U", Name: "U", Instansi: "I", At: at}, unit.Registered{Code: "V", Name: "V", Instansi: "I", At: at},
		employee.Registered{NIP: a, Name: "A", Instansi: "I", Unit: "U", Status: employee.StatusPNS, Golongan: "III/a", At: at},
		employee.Registered{NIP: b, Name: "B", Instansi: "I", Unit: "U", Status: employee.StatusPNS, Golongan: "III/a", At: at},
		employee.Registered{NIP: c, Name: "C", Instansi: "I", Unit: "U", Status: employee.StatusPNS, Golongan: "III/a", At: at},
		opened(),
		skp.Drafted{NIP: a, Year: 2025, Instansi: "I", Plan: plan, At: at}, skp.Submitted{NIP: a, Year: 2025, At: at},
		skp.Approved{NIP: a, Year: 2025, At: at},
		skp.Drafted{NIP: b, Year: 2025, Instansi: "I", Plan: plan, At: at},
		report(a, 1, "K1", false), report(a, 1, "K2", true),
		skp.RealisationCorrected{NIP: a, Year: 2025, Window: 1, IKI: "K2", Quantity: &qty, Reason: "r", At: at},
		skp.PeriodicRatingsGiven{NIP: a, Year: 2025, Window: 1, Label: "2025-Q1", Ratings: ratings(performance.RatingDiBawah, performance.RatingSesuai), At: at},
		skp.RatingsAmended{NIP: a, Year: 2025, Window: 1, New: ratings(performance.RatingSesuai, performance.RatingSesuai), Reason: "r", At: at},
		employee.Transferred{NIP: c, FromUnit: "U", ToUnit: "V", Effective: civil.Date{Year: 2025, Month: 3, Day: 1}, At: at},
		period.WindowClosed{Instansi: "I", Year: 2025, Window: 1, Label: "2025-Q1", At: at},
	}
	events := projectiontest.StoredEvents(evs...)
	projectiontest.Apply(t, sc.Pool, unitreport.New(), events, 1)
	ctx, policy := context.Background(), performance.DefaultPolicy()
	asOf := time.Date(2025, 7, 20, 0, 0, 0, 0, time.UTC) // Q2 due on 5 July; Q3, Q4 not yet

	r, err := unitreport.Load(ctx, sc.Pool, policy, unitreport.Query{Unit: "U", Year: 2025, AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if r.Members != 2 || r.Rated != 0 || r.Distribution.Checked || r.OrganisationPredikat != nil {
		t.Errorf("year: %d members, %d rated, distribution %+v", r.Members, r.Rated, r.Distribution)
	}
	if want := (unitreport.Plans{Draft: 1, Approved: 1}); r.Progress.Plans != want {
		t.Errorf("plans %+v, want %+v", r.Progress.Plans, want)
	}
	wantTotal := unitreport.Realisation{Expected: 8, OnTime: 1, Late: 1, Missing: 2, Pending: 4}
	if r.Progress.Total != wantTotal || len(r.Progress.Windows) != 4 || !r.Progress.Windows[0].Closed || !r.Progress.Windows[1].Due || r.Progress.Windows[2].Due {
		t.Errorf("progress %+v, want total %+v", r.Progress, wantTotal)
	}
	if r.Employees[0].NIP != a || r.Employees[0].Realisation != wantTotal || r.Employees[1].PlanStatus != "draft" {
		t.Errorf("employees %+v", r.Employees)
	}

	q1, err := unitreport.Load(ctx, sc.Pool, policy, unitreport.Query{Unit: "U", Year: 2025, Period: "2025-Q1", AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if q1.Window != 1 || q1.Rated != 1 || q1.Counts[1].Count != 1 || q1.Employees[0].EventID != events[14].ID ||
		q1.Progress.Total != (unitreport.Realisation{Expected: 2, OnTime: 1, Late: 1}) {
		t.Errorf("Q1: window %d, rated %d, counts %+v, employees %+v, progress %+v", q1.Window, q1.Rated, q1.Counts, q1.Employees, q1.Progress.Total)
	}
	v, err := unitreport.Load(ctx, sc.Pool, policy, unitreport.Query{Unit: "V", Year: 2025, AsOf: asOf})
	if err != nil || v.Members != 1 || v.Employees[0].NIP != c || v.Progress.Plans.None != 1 {
		t.Errorf("V after the transfer: %+v, %v", v, err)
	}
	if _, err := unitreport.Load(ctx, sc.Pool, policy, unitreport.Query{Unit: "U", Year: 2025, Period: "2025-Q9", AsOf: asOf}); !errors.Is(err, unitreport.ErrPeriodNotFound) {
		t.Errorf("unknown period: %v", err)
	}
	// A year never opened is no period either: its report was an empty
	// one, 0 members in a unit that has them.
	if _, err := unitreport.Load(ctx, sc.Pool, policy, unitreport.Query{Unit: "U", Year: 2026, AsOf: asOf}); !errors.Is(err, unitreport.ErrPeriodNotFound) {
		t.Errorf("a year never opened: %v", err)
	}
	if _, err := unitreport.Load(ctx, sc.Pool, policy, unitreport.Query{Unit: "X", Year: 2025, AsOf: asOf}); !errors.Is(err, unitreport.ErrUnitNotFound) {
		t.Errorf("unknown unit: %v", err)
	}
}

// TestBatchEqualsOneByOne applies a random world one event per transaction
// and in batches of 1,000: the tables must be equal.
func TestBatchEqualsOneByOne(t *testing.T) {
	projectiontest.BatchEqualsOneByOne(t, unitreport.New(), pgtest.New(t).Pool, pgtest.New(t).Pool)
}

// TestUndecodableEventIsAnApplyError checks that an event the projector
// cannot decode is reported with its position, not skipped.
func TestUndecodableEventIsAnApplyError(t *testing.T) {
	projectiontest.FailsOnUndecodable(t, pgtest.New(t).Pool, unitreport.New(), "unit")
}
