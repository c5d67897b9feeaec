package httpapi

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// semesterPolicy is a policy that allows semester periods.
func semesterPolicy() performance.Policy {
	p := performance.DefaultPolicy()
	p.Version = "pemprov-jabar/2025-semester"
	p.PeriodFrequencies = []performance.PeriodFrequency{performance.FrequencySemiannual, performance.FrequencyQuarterly}
	return p
}

// TestSemesterYearUnderAdoptedPolicy: semester periods are refused under
// the built-in policy; an admin adopts a policy that allows them (an HR
// caller may not, an invalid policy is a 400 naming its field, a
// retroactive one a 422); HR opens a semester year under it, and the
// employee's SKP runs from plan to approval, realisation, two periodic
// ratings and the annual rating, each recording the adopted version.
func TestSemesterYearUnderAdoptedPolicy(t *testing.T) {
	a, tk, admin := seededWithoutPeriod(t)
	semester := map[string]any{"instansi": instansi, "year": 2025, "frequency": "semiannual"}

	if p := a.denied(t, 422, TypeRuleViolated, "semester under the built-in policy", "POST", "/v1/periods", tk.hr, semester); p.Code != "period.frequency_not_allowed" {
		t.Fatalf("code %q", p.Code)
	}
	a.denied(t, 403, TypeForbidden, "HR adopts", "POST", "/v1/policies", tk.hr, map[string]any{"from": "2025-01-06", "policy": semesterPolicy()})
	bad := semesterPolicy()
	bad.ObjectionDays = 0
	p := a.denied(t, 400, TypeValidation, "invalid policy", "POST", "/v1/policies", admin, map[string]any{"from": "2025-01-06", "policy": bad})
	if len(p.Errors) != 1 || p.Errors[0].Field != "policy.objection_days" {
		t.Errorf("field errors %+v, want policy.objection_days", p.Errors)
	}
	// A member left out was adopted as zero: a policy without
	// min_years_in_rank promoted everyone whatever their years in rank.
	whole, err := json.Marshal(semesterPolicy())
	if err != nil {
		t.Fatal(err)
	}
	var partial map[string]any
	if err := json.Unmarshal(whole, &partial); err != nil {
		t.Fatal(err)
	}
	delete(partial, "min_years_in_rank")
	delete(partial, "rating_days_before_window_end")
	delete(partial, "cascade_check") // may be left out: it defaults to off
	p = a.denied(t, 400, TypeValidation, "a policy with members left out", "POST", "/v1/policies", admin,
		map[string]any{"from": "2025-01-06", "policy": partial})
	if len(p.Errors) != 2 || p.Errors[0].Field != "policy.min_years_in_rank" || p.Errors[1].Field != "policy.rating_days_before_window_end" {
		t.Errorf("field errors %+v, want policy.min_years_in_rank and policy.rating_days_before_window_end", p.Errors)
	}
	if p := a.denied(t, 400, TypeValidation, "a policy of the wrong shape", "POST", "/v1/policies", admin,
		map[string]any{"from": "2025-01-06", "policy": map[string]any{"version": 3}}); len(p.Errors) != 1 || p.Errors[0].Field != "policy" {
		t.Errorf("field errors %+v, want one for policy", p.Errors)
	}
	if p := a.denied(t, 422, TypeRuleViolated, "retroactive adoption", "POST", "/v1/policies", admin,
		map[string]any{"from": "2025-01-01", "policy": semesterPolicy()}); p.Code != "policy.retroactive" {
		t.Errorf("code %q, want policy.retroactive", p.Code)
	}
	a.send(t, "POST", "/v1/policies", admin, map[string]any{"from": "2025-01-06", "reason": "Perkada 3/2025",
		"policy": semesterPolicy()}).must(t, 201, "adopt")

	var list policiesView
	a.send(t, "GET", "/v1/policies", tk.pegawai, nil).must(t, 200, "list policies").json(t, &list)
	version := semesterPolicy().Version
	if list.InForce.Version != version || list.InForce.BuiltIn || len(list.Adoptions) != 1 ||
		list.Adoptions[0].AdoptedBy.NIP != hrNIP || list.Adoptions[0].From.String() != "2025-01-06" {
		t.Fatalf("policies %+v", list)
	}

	a.send(t, "POST", "/v1/periods", tk.hr, semester).must(t, 201, "open a semester year")
	var per periodView
	a.send(t, "GET", "/v1/periods/"+instansi+"/2025", tk.hr, nil).must(t, 200, "period").json(t, &per)
	if per.PolicyVersion != version || len(per.Windows) != 2 {
		t.Fatalf("period under %q with %d windows", per.PolicyVersion, len(per.Windows))
	}

	a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "draft")
	a.send(t, "POST", skpPath+"/submit", tk.pegawai, nil).must(t, 200, "submit")
	a.send(t, "PUT", skpPath+"/expectations", tk.penilai, expectations()).must(t, 200, "expectations")
	a.send(t, "POST", skpPath+"/approve", tk.penilai, nil).must(t, 200, "approve")
	rating := map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "di_atas_ekspektasi"}
	for i, d := range [][2]time.Time{{day(6, 20), day(6, 30)}, {day(12, 20), day(12, 31)}} {
		w := i + 1
		a.clock.Set(d[0])
		a.send(t, "POST", skpPath+windowPath(w)+"/realisations", tk.pegawai,
			map[string]any{"iki": "iki-1", "quantity": 5, "evidence": []string{"dms://s.pdf"}}).must(t, 201, "realisation")
		a.clock.Set(d[1])
		a.send(t, "POST", skpPath+windowPath(w)+"/ratings", tk.penilai, rating).must(t, 201, "semester rating")
	}
	a.send(t, "POST", skpPath+"/annual-rating", tk.penilai, rating).must(t, 201, "annual rating")

	rated := 0
	for _, e := range a.stream(t, skp.Stream(pegawai, 2025)) {
		if skp.IsRatingEvent(e.Type) {
			rated++
			if e.Metadata.PolicyVersion != version {
				t.Errorf("%s under %q, want %q", e.Type, e.Metadata.PolicyVersion, version)
			}
		}
	}
	if rated != 3 {
		t.Errorf("%d rating events, want 3", rated)
	}
}

func windowPath(w int) string { return "/windows/" + string(rune('0'+w)) }

// TestUnitReportChecksUnderTheRecordedVersion: two istimewa units of 8
// sangat_baik and 2 baik. The first unit's predikat is set under the
// built-in policy (sangat_baik at most floor(70% of 10) = 7: broken); the
// admin then adopts a policy from 2 January 2026 with 75% rounded up (8:
// met), and the second unit's predikat is set under it. Each unit report
// checks the distribution under the version its predikat recorded, not
// the one in force today.
func TestUnitReportChecksUnderTheRecordedVersion(t *testing.T) {
	rs := newReadServer(t, 10*time.Second)
	rs.startReportProjections(t)
	rs.clock.Set(time.Date(2025, 1, 5, 10, 0, 0, 0, wib))
	tk := rs.seed(t)
	sb, b := [2]string{"di_atas_ekspektasi", "di_atas_ekspektasi"}, [2]string{"sesuai_ekspektasi", "sesuai_ekspektasi"}
	eight := [10][2]string{sb, sb, sb, b, sb, sb, sb, b, sb, sb}
	rs.ratedUnit(t, tk, "unit-p1", 1991, eight)
	rs.ratedUnit(t, tk, "unit-p2", 1992, eight)
	org := map[string]any{"year": 2025, "period": "2025", "predikat": "istimewa"}
	rs.send(t, "POST", "/v1/units/unit-p1/organisation-predikat", tk.kepala, org).must(t, 200, "predikat under the default")

	lenient := performance.DefaultPolicy()
	lenient.Version, lenient.CapRounding = "pemprov-jabar/2026-1", performance.RoundCeil
	lenient.Distribution[performance.OrgIstimewa][0].Share = 0.75
	admin := rs.token(t, hrNIP, instansi, actor.Admin)
	rs.send(t, "POST", "/v1/policies", admin, map[string]any{"from": "2026-01-02", "policy": lenient}).must(t, 201, "adopt")
	rs.clock.Set(time.Date(2026, 1, 5, 10, 0, 0, 0, wib))
	last := written(t, rs.send(t, "POST", "/v1/units/unit-p2/organisation-predikat", tk.kepala, org).must(t, 200, "predikat under the adopted policy"))

	for _, c := range []struct {
		unit, version string
		violations    int
	}{{"unit-p1", performance.DefaultPolicyVersion, 1}, {"unit-p2", lenient.Version, 0}} {
		var r unitReportView
		rs.get(t, "/v1/units/"+c.unit+"/report?year=2025&min_position="+u(last.Position), tk.hr, &r)
		if r.OrganisationPredikat == nil || r.OrganisationPredikat.PolicyVersion != c.version ||
			r.Distribution.PolicyVersion != c.version || len(r.Distribution.Violations) != c.violations {
			t.Errorf("%s: predikat %+v, distribution %+v; want checked under %s with %d violations",
				c.unit, r.OrganisationPredikat, r.Distribution, c.version, c.violations)
		}
	}
}

// TestAdoptedCascadeCheckHoldsBeforeThePeriodOpens: a plan drafted before
// its year's period was opened was checked under the built-in policy,
// whatever the instansi had adopted: the adopted cascade check let a plan
// supporting nothing through, and it could be submitted and approved.
func TestAdoptedCascadeCheckHoldsBeforeThePeriodOpens(t *testing.T) {
	a, tk, admin := seededWithoutPeriod(t)
	strict := performance.DefaultPolicy()
	strict.Version = "pemprov-jabar/2025-cascade"
	strict.CascadeCheck = performance.CascadePenilaiSKP
	a.send(t, "POST", "/v1/policies", admin, map[string]any{"from": "2025-01-06", "reason": "Perkada 4/2025",
		"policy": strict}).must(t, 201, "adopt the cascade check")
	p := a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 422, "a draft before the period opens").problem(t)
	if p.Code != "skp.not_cascaded" {
		t.Errorf("a draft supporting nothing before the period opens: %+v", p)
	}
}

// seededWithoutPeriod is the fixture's master data and reporting lines with
// no period opened yet, its tokens, and an admin's token.
func seededWithoutPeriod(t *testing.T) (*apiServer, tokens, string) {
	t.Helper()
	a := newAPIServer(t)
	tk := a.tokens(t)
	a.bootstrap(t)
	a.send(t, "POST", "/v1/import/reporting-lines", tk.hr, linesCSV, "Content-Type", "text/csv").must(t, 200, "import lines")
	return a, tk, a.token(t, hrNIP, instansi, actor.Admin)
}
