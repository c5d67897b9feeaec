package skp_test

import (
	"errors"
	"testing"

	"github.com/kinerja/kinerja/domain/skp"
)

func TestCheckCascade(t *testing.T) {
	boss := skp.Superior{Source: "the approved SKP 2025 of the pejabat penilai", IDs: []string{"kabid-rhk-2", "kabid-rhk-5"}}
	wrongSecond := samplePlan()
	wrongSecond.RHK[1].Supports = "kabid-rhk-9"
	cases := []struct {
		name      string
		plan      skp.Plan
		sup       skp.Superior
		wantField string
	}{
		{name: "every RHK supports an RHK of the superior", plan: samplePlan(), sup: boss},
		{name: "the second RHK names no RHK of the superior", plan: wrongSecond, sup: boss, wantField: "rhk[1].supports"},
		{name: "the superior has no approved plan", plan: samplePlan(), sup: skp.Superior{Source: "none"}, wantField: "rhk[0].supports"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := skp.CheckCascade(c.plan, c.sup)
			if c.wantField == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var ce *skp.CascadeError
			if !errors.Is(err, skp.ErrNotCascaded) || !errors.As(err, &ce) || ce.FieldName() != c.wantField {
				t.Fatalf("error = %v, want ErrNotCascaded on %s", err, c.wantField)
			}
		})
	}
}

func TestApprovedPlanStaysDuringRevision(t *testing.T) {
	revisedPlan := samplePlan()
	revisedPlan.RHK[0].ID = "rhk-new"
	s := given(t, approvedThen(skp.Revised{NIP: nipPegawai, Year: 2025, Plan: revisedPlan, Reason: "x", At: on("2025-07-01"), By: pegawai})...)
	p, ok := s.ApprovedPlan()
	if !ok || p.RHK[0].ID != "rhk-1" {
		t.Fatalf("ApprovedPlan() = %v, %v; want the plan approved before the revision", p.RHKIDs(), ok)
	}
	if _, ok := given(t, drafted).ApprovedPlan(); ok {
		t.Fatal("a draft has an approved plan")
	}
}
