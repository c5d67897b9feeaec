package skp_test

import (
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

func TestDraft(t *testing.T) {
	d := skp.Draft{NIP: nipPegawai, Year: 2025, Instansi: "PEMKAB-X", Plan: samplePlan()}
	draft := func(at time.Time, by actor.Actor, d skp.Draft) func(*skp.SKP) ([]skp.Event, error) {
		return func(s *skp.SKP) ([]skp.Event, error) { return s.Draft(at, by, d) }
	}
	withPlan := func(change func(*skp.Plan)) skp.Draft {
		x := d
		x.Plan = samplePlan()
		change(&x.Plan)
		return x
	}
	jpt := d
	jpt.JPT, jpt.Head, jpt.Plan = true, true, samplePlan()
	for i := range jpt.Plan.RHK {
		jpt.Plan.RHK[i].Supports, jpt.Plan.RHK[i].Perspektif = "", skp.PerspektifPenerimaLayanan
	}
	wantJPT := skp.Drafted{NIP: nipPegawai, Year: 2025, Instansi: "PEMKAB-X", JPT: true, Head: true, Plan: jpt.Plan,
		At: on("2025-01-03"), By: pegawai}
	run(t, []testCase{
		{name: "drafts", when: draft(on("2025-01-03"), pegawai, d), want: []skp.Event{drafted}},
		{name: "drafts the SKP of a JPT who heads the organisation", when: draft(on("2025-01-03"), pegawai, jpt), want: []skp.Event{wantJPT}},
		{name: "twice", given: []skp.Event{drafted}, when: draft(on("2025-01-04"), pegawai, d), wantErr: skp.ErrAlreadyDrafted},
		{name: "for someone else", when: draft(on("2025-01-03"), actor.Actor{NIP: nipOther, Role: actor.Pegawai}, d), wantErr: skp.ErrNotOwner},
		{name: "as HR", when: draft(on("2025-01-03"), actor.Actor{NIP: nipPegawai, Role: actor.HR}, d), wantErr: actor.ErrRoleNotAllowed},
		{name: "no time", when: draft(time.Time{}, pegawai, d), wantErr: skp.ErrInvalidInput},
		{name: "for a year more than a year ahead", when: draft(on("2025-01-03"), pegawai, func() skp.Draft { x := d; x.Year = 2027; return x }()), wantErr: skp.ErrInvalidInput},
		{name: "for next year, in December", when: draft(on("2024-12-20"), pegawai, d),
			want: []skp.Event{skp.Drafted{NIP: nipPegawai, Year: 2025, Instansi: "PEMKAB-X", Plan: samplePlan(), At: on("2024-12-20"), By: pegawai}}},
		{name: "no RHK", when: draft(on("2025-01-03"), pegawai, withPlan(func(p *skp.Plan) { p.RHK = nil })), wantErr: skp.ErrInvalidInput},
		{name: "no RHK utama", when: draft(on("2025-01-03"), pegawai, withPlan(func(p *skp.Plan) { p.RHK = p.RHK[1:] })), wantErr: skp.ErrInvalidInput},
		{name: "RHK not cascaded", when: draft(on("2025-01-03"), pegawai, withPlan(func(p *skp.Plan) { p.RHK[0].Supports = "" })), wantErr: skp.ErrInvalidInput},
		{name: "perspektif outside JPT", when: draft(on("2025-01-03"), pegawai, withPlan(func(p *skp.Plan) { p.RHK[0].Perspektif = skp.PerspektifAnggaran })), wantErr: skp.ErrInvalidInput},
		{name: "duplicate IKI id", when: draft(on("2025-01-03"), pegawai, withPlan(func(p *skp.Plan) { p.RHK[1].IKI[0].ID = "iki-1" })), wantErr: skp.ErrInvalidInput},
		{name: "unknown aspek", when: draft(on("2025-01-03"), pegawai, withPlan(func(p *skp.Plan) { p.RHK[0].IKI[0].Aspek = "gaya" })), wantErr: skp.ErrInvalidInput},
		{name: "quantitative target past 10^15", when: draft(on("2025-01-03"), pegawai, withPlan(func(p *skp.Plan) { p.RHK[0].IKI[0].Target.Quantity = 1.7e308 })), wantErr: skp.ErrInvalidInput},
		{name: "quantitative target without unit", when: draft(on("2025-01-03"), pegawai, withPlan(func(p *skp.Plan) { p.RHK[0].IKI[0].Target.Unit = "" })), wantErr: skp.ErrInvalidInput},
		{name: "qualitative target without text", when: draft(on("2025-01-03"), pegawai, withPlan(func(p *skp.Plan) { p.RHK[0].IKI[1].Target.Text = "" })), wantErr: skp.ErrInvalidInput},
		{name: "unknown BerAKHLAK value", when: draft(on("2025-01-03"), pegawai, withPlan(func(p *skp.Plan) { p.Perilaku[0].Value = "disiplin" })), wantErr: skp.ErrInvalidInput},
		{name: "repeated BerAKHLAK value", when: draft(on("2025-01-03"), pegawai, withPlan(func(p *skp.Plan) { p.Perilaku[1].Value = skp.Akuntabel })), wantErr: skp.ErrInvalidInput},
	})
}

func TestEditAndSubmit(t *testing.T) {
	edited := samplePlan()
	edited.RHK[0].IKI[0].Target.Quantity = 5
	returned := skp.Returned{NIP: nipPegawai, Year: 2025, Note: "Target modul terlalu rendah", At: on("2025-01-07"), By: penilai}
	edit := func(s *skp.SKP) ([]skp.Event, error) { return s.Edit(on("2025-01-09"), pegawai, edited) }
	submit := func(s *skp.SKP) ([]skp.Event, error) { return s.Submit(on("2025-01-09"), pegawai) }
	run(t, []testCase{
		{name: "edits a draft", given: []skp.Event{drafted}, when: edit,
			want: []skp.Event{skp.Edited{NIP: nipPegawai, Year: 2025, Plan: edited, At: on("2025-01-09"), By: pegawai}}},
		{name: "edits a returned plan", given: []skp.Event{drafted, submitted, returned}, when: edit,
			want: []skp.Event{skp.Edited{NIP: nipPegawai, Year: 2025, Plan: edited, At: on("2025-01-09"), By: pegawai}}},
		{name: "edit when submitted", given: []skp.Event{drafted, submitted}, when: edit, wantErr: skp.ErrNotDraft},
		{name: "edit when approved", given: approvedThen(), when: edit, wantErr: skp.ErrNotDraft},
		{name: "edit by the supervisor", given: []skp.Event{drafted},
			when:    func(s *skp.SKP) ([]skp.Event, error) { return s.Edit(on("2025-01-09"), penilai, edited) },
			wantErr: actor.ErrRoleNotAllowed},
		{name: "edit of no SKP", when: edit, wantErr: skp.ErrNotDrafted},
		{name: "invalid edit", given: []skp.Event{drafted},
			when:    func(s *skp.SKP) ([]skp.Event, error) { return s.Edit(on("2025-01-09"), pegawai, skp.Plan{}) },
			wantErr: skp.ErrInvalidInput},
		{name: "submits", given: []skp.Event{drafted}, when: submit,
			want: []skp.Event{skp.Submitted{NIP: nipPegawai, Year: 2025, At: on("2025-01-09"), By: pegawai}}},
		{name: "resubmits after return", given: []skp.Event{drafted, submitted, returned}, when: submit,
			want: []skp.Event{skp.Submitted{NIP: nipPegawai, Year: 2025, At: on("2025-01-09"), By: pegawai}}},
		{name: "submits twice", given: []skp.Event{drafted, submitted}, when: submit, wantErr: skp.ErrNotDraft},
		{name: "submitted by someone else", given: []skp.Event{drafted},
			when: func(s *skp.SKP) ([]skp.Event, error) {
				return s.Submit(on("2025-01-09"), actor.Actor{NIP: nipOther, Role: actor.Pegawai})
			},
			wantErr: skp.ErrNotOwner},
	})
}

func TestReturnAndApprove(t *testing.T) {
	approve := func(by actor.Actor, l employee.ReportingLine) func(*skp.SKP) ([]skp.Event, error) {
		return func(s *skp.SKP) ([]skp.Event, error) { return s.Approve(on("2025-01-08"), by, l) }
	}
	otherLine := line
	otherLine.Employee = nipOther
	futureLine := line
	futureLine.EffectiveFrom = day("2025-02-01")
	run(t, []testCase{
		{name: "approves", given: []skp.Event{drafted, submitted, expected}, when: approve(penilai, line), want: []skp.Event{approved}},
		{name: "returns with a note", given: []skp.Event{drafted, submitted},
			when: func(s *skp.SKP) ([]skp.Event, error) {
				return s.Return(on("2025-01-07"), penilai, line, " Perbaiki target ")
			},
			want: []skp.Event{skp.Returned{NIP: nipPegawai, Year: 2025, Note: "Perbaiki target", At: on("2025-01-07"), By: penilai}}},
		{name: "returns without a note", given: []skp.Event{drafted, submitted},
			when:    func(s *skp.SKP) ([]skp.Event, error) { return s.Return(on("2025-01-07"), penilai, line, "") },
			wantErr: skp.ErrReasonRequired},
		{name: "returns a draft", given: []skp.Event{drafted},
			when:    func(s *skp.SKP) ([]skp.Event, error) { return s.Return(on("2025-01-07"), penilai, line, "x") },
			wantErr: skp.ErrNotSubmitted},
		{name: "approves a draft", given: []skp.Event{drafted}, when: approve(penilai, line), wantErr: skp.ErrNotSubmitted},
		{name: "approves twice", given: approvedThen(), when: approve(penilai, line), wantErr: skp.ErrNotSubmitted},
		{name: "approved by another supervisor", given: []skp.Event{drafted, submitted}, when: approve(other, line), wantErr: skp.ErrNotPejabatPenilai},
		{name: "approved by the employee", given: []skp.Event{drafted, submitted},
			when: approve(actor.Actor{NIP: nipPegawai, Role: actor.PejabatPenilai}, line), wantErr: skp.ErrSelfRating},
		{name: "approved by the atasan", given: []skp.Event{drafted, submitted}, when: approve(atasan, line), wantErr: actor.ErrRoleNotAllowed},
		{name: "no reporting line", given: []skp.Event{drafted, submitted}, when: approve(penilai, employee.ReportingLine{}), wantErr: skp.ErrNoReportingLine},
		{name: "line of another employee", given: []skp.Event{drafted, submitted}, when: approve(penilai, otherLine), wantErr: skp.ErrNoReportingLine},
		{name: "line not yet in force", given: []skp.Event{drafted, submitted}, when: approve(penilai, futureLine), wantErr: skp.ErrNoReportingLine},
	})
}

func TestRevise(t *testing.T) {
	revisedPlan := samplePlan()
	revisedPlan.RHK[1].IKI[0].Target.Quantity = 6
	revise := func(reason string) func(*skp.SKP) ([]skp.Event, error) {
		return func(s *skp.SKP) ([]skp.Event, error) { return s.Revise(on("2025-07-01"), pegawai, revisedPlan, reason) }
	}
	run(t, []testCase{
		{name: "revises an approved plan", given: approvedThen(), when: revise(" refocusing anggaran "),
			want: []skp.Event{skp.Revised{NIP: nipPegawai, Year: 2025, Plan: revisedPlan, Reason: "refocusing anggaran",
				At: on("2025-07-01"), By: pegawai}}},
		{name: "without a reason", given: approvedThen(), when: revise(""), wantErr: skp.ErrReasonRequired},
		{name: "a draft", given: []skp.Event{drafted}, when: revise("x"), wantErr: skp.ErrNotApproved},
		{name: "after the annual rating", wantErr: skp.ErrYearRated, when: revise("x"),
			given: approvedThen(skp.AnnualRatingsGiven{NIP: nipPegawai, Year: 2025, At: on("2025-12-31"), By: penilai,
				Ratings: skp.Ratings{Hasil: performance.RatingSesuai, Perilaku: performance.RatingSesuai, Predikat: performance.Baik}})},
		{name: "then approved again", given: approvedThen(expected, skp.Revised{NIP: nipPegawai, Year: 2025, Plan: revisedPlan, Reason: "x", At: on("2025-07-01"), By: pegawai}),
			when: func(s *skp.SKP) ([]skp.Event, error) { return s.Approve(on("2025-07-02"), penilai, line) },
			want: []skp.Event{skp.Approved{NIP: nipPegawai, Year: 2025, At: on("2025-07-02"), By: penilai}}},
	})
}
