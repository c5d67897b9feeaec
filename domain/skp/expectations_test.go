package skp_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/skp"
)

func TestSetExpectations(t *testing.T) {
	set := func(by actor.Actor, l employee.ReportingLine, es []skp.Expectation) func(*skp.SKP) ([]skp.Event, error) {
		return func(s *skp.SKP) ([]skp.Event, error) { return s.SetExpectations(on("2025-01-07"), by, l, es) }
	}
	one := []skp.Expectation{{Value: skp.Loyal, Expectation: " Menjaga rahasia jabatan "}}
	wantOne := skp.ExpectationsSet{NIP: nipPegawai, Year: 2025, At: on("2025-01-07"), By: penilai,
		Expectations: []skp.Expectation{{Value: skp.Loyal, Expectation: "Menjaga rahasia jabatan"}}}
	run(t, []testCase{
		{name: "the penilai sets all seven on a submitted plan", given: []skp.Event{drafted, submitted}, when: set(penilai, line, allSeven()), want: []skp.Event{expected}},
		{name: "the penilai sets one on a draft", given: []skp.Event{drafted}, when: set(penilai, line, one), want: []skp.Event{wantOne}},
		{name: "by the employee", given: []skp.Event{drafted}, when: set(pegawai, line, one), wantErr: actor.ErrRoleNotAllowed},
		{name: "by another supervisor", given: []skp.Event{drafted}, when: set(other, line, one), wantErr: skp.ErrNotPejabatPenilai},
		{name: "without a line in force", given: []skp.Event{drafted}, when: set(penilai, employee.ReportingLine{}, one), wantErr: skp.ErrNoReportingLine},
		{name: "on an approved plan", given: approvedThen(), when: set(penilai, line, one), wantErr: skp.ErrAlreadyApproved},
		{name: "of no SKP", when: set(penilai, line, one), wantErr: skp.ErrNotDrafted},
		{name: "none", given: []skp.Event{drafted}, when: set(penilai, line, nil), wantErr: skp.ErrInvalidInput},
		{name: "not a BerAKHLAK value", given: []skp.Event{drafted}, when: set(penilai, line, []skp.Expectation{{Value: "disiplin", Expectation: "x"}}), wantErr: skp.ErrInvalidInput},
		{name: "empty expectation", given: []skp.Event{drafted}, when: set(penilai, line, []skp.Expectation{{Value: skp.Loyal}}), wantErr: skp.ErrInvalidInput},
	})
}

func TestApproveNeedsAllSevenExpectations(t *testing.T) {
	approve := func(s *skp.SKP) ([]skp.Event, error) { return s.Approve(on("2025-01-08"), penilai, line) }
	sixOfSeven := expected
	sixOfSeven.Expectations = allSeven()[:6]
	run(t, []testCase{
		{name: "employee-typed perilaku do not count", given: []skp.Event{drafted, submitted}, when: approve, wantErr: skp.ErrExpectationsMissing},
		{name: "six of seven", given: []skp.Event{drafted, submitted, sixOfSeven}, when: approve, wantErr: skp.ErrExpectationsMissing},
		{name: "the seventh set later", given: []skp.Event{drafted, sixOfSeven, submitted, expected}, when: approve, want: []skp.Event{approved}},
	})
	_, err := given(t, drafted, submitted, sixOfSeven).Approve(on("2025-01-08"), penilai, line)
	if !errors.Is(err, skp.ErrExpectationsMissing) || !strings.Contains(err.Error(), "kolaboratif") || strings.Contains(err.Error(), "loyal") {
		t.Fatalf("error %v does not name exactly the missing value kolaboratif", err)
	}
}

// TestLegacyApproval replays an SKP approved before the rule, with only
// the employee's perilaku: it stays approved, reported as legacy, and a
// revision needs the penilai's seven expectations before approval.
func TestLegacyApproval(t *testing.T) {
	s := given(t, approvedThen()...)
	if s.Status() != skp.StatusApproved || !s.LegacyExpectations() || len(s.MissingExpectations()) != 7 {
		t.Fatalf("legacy SKP: status %s, legacy %v, missing %v", s.Status(), s.LegacyExpectations(), s.MissingExpectations())
	}
	revised := skp.Revised{NIP: nipPegawai, Year: 2025, Plan: samplePlan(), Reason: "x", At: on("2025-07-01"), By: pegawai}
	if _, err := given(t, approvedThen(revised)...).Approve(on("2025-07-02"), penilai, line); !errors.Is(err, skp.ErrExpectationsMissing) {
		t.Fatalf("re-approval of a legacy plan without expectations: %v", err)
	}
	s = given(t, drafted, submitted, expected, approved)
	if s.LegacyExpectations() || len(s.Expectations()) != 7 {
		t.Fatalf("new SKP: legacy %v, expectations %v", s.LegacyExpectations(), s.Expectations())
	}
	want := skp.SetExpectation{Value: skp.BerorientasiPelayanan, Expectation: "Menunjukkan nilai berorientasi_pelayanan", By: penilai, At: on("2025-01-07")}
	if diff := cmp.Diff(want, s.Expectations()[0]); diff != "" {
		t.Fatalf("first expectation (-want +got):\n%s", diff)
	}
}
