package httpapi

import (
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/performance"
)

// TestPeriodOpensOnTheInstansisDay: a period is a stream of its own, and
// opening it (its first event) took the day of the action in the server's
// zone, not the instansi's. A WIT instansi that adopted a semester policy
// from 1 January 2026 had HR open 2026 in semesters at 00:30 WIT on
// 1 January: 22:30 on 31 December in WIB, when the built-in policy (no
// semesters) was in force, so the opening was refused with
// period.frequency_not_allowed (and a quarterly opening would have recorded
// the old policy's version).
func TestPeriodOpensOnTheInstansisDay(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	admin := a.token(t, hrNIP, instansi, actor.Admin)
	a.send(t, "POST", "/v1/instansi/"+instansi+"/zone", admin, map[string]any{"zone": "WIT"}).must(t, 200, "set WIT")
	a.clock.Set(day(time.December, 1))
	p := semesterPolicy()
	p.Version = "pemprov-jabar/2026-semester"
	a.send(t, "POST", "/v1/policies", admin, map[string]any{"from": "2026-01-01", "reason": "Perkada 2026", "policy": p}).
		must(t, 201, "adopt from 2026")
	a.clock.Set(time.Date(2026, time.January, 1, 0, 30, 0, 0, time.FixedZone("WIT", 9*60*60)))
	a.send(t, "POST", "/v1/periods", tk.hr, map[string]any{"instansi": instansi, "year": 2026, "frequency": "semiannual"}).
		must(t, 201, "open 2026 in semesters at 00:30 WIT on 1 January")
	var per struct {
		PolicyVersion string `json:"policy_version"`
	}
	a.send(t, "GET", "/v1/periods/"+instansi+"/2026", tk.hr, nil).must(t, 200, "the period").json(t, &per)
	if per.PolicyVersion != p.Version {
		t.Errorf("the period records policy %q, want %q in force on 1 January 2026 WIT", per.PolicyVersion, p.Version)
	}
}

// TestSKPDraftedOnTheInstansisDay: drafting (the SKP stream's first event)
// took the day in the server's zone, so a plan drafted at 00:30 WIT on
// 1 January 2026 was checked under the policy of 31 December 2025 (no
// cascade check) instead of the one the instansi adopted from 1 January
// (cascade_check penilai_skp), and an RHK supporting nothing the penilai
// approved was accepted.
func TestSKPDraftedOnTheInstansisDay(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	admin := a.token(t, hrNIP, instansi, actor.Admin)
	a.send(t, "POST", "/v1/instansi/"+instansi+"/zone", admin, map[string]any{"zone": "WIT"}).must(t, 200, "set WIT")
	a.clock.Set(day(time.December, 1))
	p := semesterPolicy()
	p.Version = "pemprov-jabar/2026-cascade"
	p.CascadeCheck = performance.CascadePenilaiSKP
	a.send(t, "POST", "/v1/policies", admin, map[string]any{"from": "2026-01-01", "reason": "Perkada 2026", "policy": p}).
		must(t, 201, "adopt from 2026")
	a.clock.Set(time.Date(2026, time.January, 1, 0, 30, 0, 0, time.FixedZone("WIT", 9*60*60)))
	if pr := a.denied(t, 422, TypeRuleViolated, "a plan not cascaded, under the policy of 1 January WIT", "POST",
		"/v1/skp/"+pegawai+"/2026", tk.pegawai, map[string]any{"plan": plan(10)}); pr.Code != "skp.not_cascaded" {
		t.Errorf("code %q, want skp.not_cascaded", pr.Code)
	}
}
