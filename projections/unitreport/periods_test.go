package unitreport_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/unit"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/unitreport"
)

// feeder applies events to a fresh unit report one call at a time, with
// positions that go on from the previous call.
type feeder struct {
	t    *testing.T
	sc   *pgtest.Schema
	next uint64
}

func (f *feeder) feed(evs ...projectiontest.Event) {
	f.t.Helper()
	stored := projectiontest.StoredEvents(evs...)
	for i := range stored {
		f.next++
		stored[i].Position = f.next
	}
	projectiontest.Apply(f.t, f.sc.Pool, unitreport.New(), stored, 3)
}

// periodic returns the rating of window n (2025-Qn) of nip.
func periodic(nip string, n int, r skp.Ratings) skp.PeriodicRatingsGiven {
	return skp.PeriodicRatingsGiven{NIP: nip, Year: 2025, Window: n, Label: fmt.Sprintf("2025-Q%d", n), Ratings: r, At: at}
}

// nipsOf returns the NIPs of a report's members.
func nipsOf(r unitreport.Report) []string {
	var out []string
	for _, m := range r.Employees {
		out = append(out, m.NIP)
	}
	return out
}

// TestTransferCountsFromItsEffectiveDay checks that a rating counts in the
// unit the employee belonged to on the last day of the rated period: s,
// rated sangat_baik in U1's 2025-Q1, is transferred to U2 from 1 December;
// U1's Q1 keeps s and the sangat_baik, U2's Q1 does not get them, and Q4
// and the year (ending after the transfer) count s in U2. t, transferred
// on 31 March, the last day of Q1, counts in U2 from Q1 on. The hint of a
// rating looks at the same unit as the report.
func TestTransferCountsFromItsEffectiveDay(t *testing.T) {
	sc := pgtest.New(t)
	f := &feeder{t: t, sc: sc}
	sb, b := ratings(performance.RatingDiAtas, performance.RatingDiAtas), ratings(performance.RatingSesuai, performance.RatingSesuai)
	s, a, c, tt := projectiontest.NIP(1), projectiontest.NIP(2), projectiontest.NIP(3), projectiontest.NIP(4)
	reg := func(nip, code string) employee.Registered {
		return employee.Registered{NIP: nip, Name: "P", Status: employee.StatusPNS, Instansi: "I", Unit: code, Golongan: "III/a", At: at, By: projectiontest.HR}
	}
	f.feed(opened(),
		unit.Registered{Code: "U1", Name: "U1", Parent: "ROOT", Instansi: "I", At: at, By: projectiontest.HR},
		unit.Registered{Code: "U2", Name: "U2", Parent: "ROOT", Instansi: "I", At: at, By: projectiontest.HR},
		reg(s, "U1"), reg(a, "U1"), reg(tt, "U1"), reg(c, "U2"),
		periodic(s, 1, sb), periodic(a, 1, b), periodic(c, 1, b),
		unit.OrganisationPredikatSet{Code: "U1", Year: 2025, Period: "2025-Q1", Predikat: performance.OrgIstimewa, PolicyVersion: "p", At: at, By: pimpinan},
		employee.Transferred{NIP: tt, FromUnit: "U1", ToUnit: "U2", Effective: civil.Date{Year: 2025, Month: 3, Day: 31}, At: at},
		employee.Transferred{NIP: s, FromUnit: "U1", ToUnit: "U2", Effective: civil.Date{Year: 2025, Month: 12, Day: 1}, At: at},
		periodic(s, 4, sb), periodic(a, 4, b),
		skp.AnnualRatingsGiven{NIP: s, Year: 2025, Ratings: sb, At: at})
	ctx, policy := context.Background(), performance.DefaultPolicy()
	load := func(code, period string) unitreport.Report {
		t.Helper()
		r, err := unitreport.Load(ctx, sc.Pool, policy, unitreport.Query{Unit: code, Year: 2025, Period: period, AsOf: at})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	same := func(got []string, want ...string) bool {
		if len(got) != len(want) {
			return false
		}
		for i := range got {
			if got[i] != want[i] {
				return false
			}
		}
		return true
	}

	u1q1 := load("U1", "2025-Q1")
	if u1q1.Members != 2 || u1q1.Rated != 2 || u1q1.Counts[0].Count != 1 || !same(nipsOf(u1q1), s, a) ||
		len(u1q1.Distribution.Violations) != 0 || u1q1.Distribution.Overridden {
		t.Errorf("U1 2025-Q1 after s's transfer from December: %d members, %d rated, counts %+v, members %v, distribution %+v",
			u1q1.Members, u1q1.Rated, u1q1.Counts, nipsOf(u1q1), u1q1.Distribution)
	}
	if u2q1 := load("U2", "2025-Q1"); u2q1.Rated != 1 || u2q1.Counts[0].Count != 0 || !same(nipsOf(u2q1), c, tt) {
		t.Errorf("U2 2025-Q1: %d rated, counts %+v, members %v; want c and t (from 31 March), no sangat_baik",
			u2q1.Rated, u2q1.Counts, nipsOf(u2q1))
	}
	if u1q4 := load("U1", "2025-Q4"); !same(nipsOf(u1q4), a) || u1q4.Rated != 1 || u1q4.Counts[0].Count != 0 {
		t.Errorf("U1 2025-Q4: members %v, %d rated, counts %+v; want a alone", nipsOf(u1q4), u1q4.Rated, u1q4.Counts)
	}
	if u2q4 := load("U2", "2025-Q4"); !same(nipsOf(u2q4), s, c, tt) || u2q4.Rated != 1 || u2q4.Counts[0].Count != 1 {
		t.Errorf("U2 2025-Q4: members %v, %d rated, counts %+v; want s counted with its sangat_baik", nipsOf(u2q4), u2q4.Rated, u2q4.Counts)
	}
	if u2 := load("U2", "2025"); !same(nipsOf(u2), s, c, tt) || u2.Counts[0].Count != 1 {
		t.Errorf("U2 2025: members %v, counts %+v; want s with the annual sangat_baik", nipsOf(u2), u2.Counts)
	}
	if u1 := load("U1", "2025"); !same(nipsOf(u1), a) {
		t.Errorf("U1 2025: members %v, want a", nipsOf(u1))
	}

	for period, want := range map[string]string{"2025-Q1": "U1", "2025-Q3": "U1", "2025-Q4": "U2", "2025": "U2"} {
		h, err := unitreport.LoadHint(ctx, sc.Pool, policy, unitreport.HintQuery{NIP: s, Year: 2025, Period: period,
			Predikat: performance.Baik, Unit: "U2"})
		if err != nil || h.Unit != want {
			t.Errorf("hint of s for %s: unit %q, %v; want %s", period, h.Unit, err, want)
		}
	}
}

// TestOverriddenOnlyWhileTheLatestOverrideCoversTheViolations checks
// distribution.overridden of a unit whose 2025-Q1 has 8 sangat_baik of 10
// under istimewa (sangat_baik 8 > 7), overridden: a ninth sangat_baik is
// not covered, the eighth again is; a new organisation predikat, and the
// old one set again, are not covered by the override recorded before;
// a new override that lists the violations of now is. Every override
// stays listed.
func TestOverriddenOnlyWhileTheLatestOverrideCoversTheViolations(t *testing.T) {
	sc := pgtest.New(t)
	f := &feeder{t: t, sc: sc}
	sb, b := ratings(performance.RatingDiAtas, performance.RatingDiAtas), ratings(performance.RatingSesuai, performance.RatingSesuai)
	evs := []projectiontest.Event{opened(), unit.Registered{Code: "W", Name: "W", Parent: "ROOT", Instansi: "I", At: at, By: projectiontest.HR}}
	for k := range 10 {
		nip := projectiontest.NIP(k)
		r := sb
		if k >= 8 {
			r = b
		}
		evs = append(evs, employee.Registered{NIP: nip, Name: "P", Status: employee.StatusPNS, Instansi: "I", Unit: "W", Golongan: "III/a",
			At: at, By: projectiontest.HR}, periodic(nip, 1, r))
	}
	set := func(p, prev performance.OrgPredikat) unit.OrganisationPredikatSet {
		return unit.OrganisationPredikatSet{Code: "W", Year: 2025, Period: "2025-Q1", Predikat: p, Previous: prev, Reason: "r",
			PolicyVersion: "p", At: at, By: pimpinan}
	}
	f.feed(append(evs, set(performance.OrgIstimewa, ""))...)
	ctx, policy := context.Background(), performance.DefaultPolicy()
	load := func() unitreport.Report {
		t.Helper()
		r, err := unitreport.Load(ctx, sc.Pool, policy, unitreport.Query{Unit: "W", Year: 2025, Period: "2025-Q1", AsOf: at})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	// override records an override of the violations the report shows now,
	// as a pimpinan does from it, under organisation predikat p.
	override := func(p performance.OrgPredikat) {
		t.Helper()
		var vs []unit.Violation
		for _, v := range load().Distribution.Violations {
			uv := unit.Violation{Rule: v.Rule, Limit: v.Limit, Actual: v.Actual, Message: v.Message}
			for _, pr := range v.Predikats {
				uv.Predikats = append(uv.Predikats, performance.Predikat(pr))
			}
			vs = append(vs, uv)
		}
		f.feed(unit.DistributionOverrideRecorded{Code: "W", Year: 2025, Period: "2025-Q1", Predikat: p, Violations: vs,
			Justification: "j", PolicyVersion: "p", At: at, By: pimpinan})
	}
	check := func(step string, overridden bool, overrides int) {
		t.Helper()
		r := load()
		if r.Distribution.OK || r.Distribution.Overridden != overridden || len(r.Overrides) != overrides {
			t.Errorf("%s: distribution %+v with %d overrides; want overridden %v, %d overrides", step, r.Distribution,
				len(r.Overrides), overridden, overrides)
		}
		h, err := unitreport.LoadHint(ctx, sc.Pool, policy, unitreport.HintQuery{NIP: projectiontest.NIP(9), Year: 2025,
			Period: "2025-Q1", Predikat: performance.Baik})
		if err != nil || h.Overridden != overridden {
			t.Errorf("%s: hint overridden %v (%v), want %v", step, h.Overridden, err, overridden)
		}
	}
	amend := func(to skp.Ratings) {
		f.feed(skp.RatingsAmended{NIP: projectiontest.NIP(8), Year: 2025, Window: 1, New: to, Reason: "r", At: at})
	}

	check("istimewa, 8 sangat_baik, no override", false, 0)
	override(performance.OrgIstimewa)
	check("overridden: sangat_baik 8 > 7", true, 1)
	amend(sb)
	check("a ninth sangat_baik: 9 > 7 was not accepted", false, 1)
	amend(b)
	check("back to 8 > 7", true, 1)
	f.feed(set(performance.OrgButuhPerbaikan, performance.OrgIstimewa))
	check("organisation predikat butuh_perbaikan", false, 1)
	f.feed(set(performance.OrgIstimewa, performance.OrgButuhPerbaikan))
	check("istimewa set again after the override", false, 1)
	override(performance.OrgIstimewa)
	check("overridden again under the new setting", true, 2)
	f.feed(set(performance.OrgButuhPerbaikan, performance.OrgIstimewa))
	override(performance.OrgButuhPerbaikan)
	check("butuh_perbaikan overridden", true, 3)
}
