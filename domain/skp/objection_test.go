package skp_test

import (
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// year2024 is an approved SKP of 2024 whose annual result the employee
// received on 10 January 2025, as in reference case 9 of DOMAIN.md.
func year2024(more ...skp.Event) []skp.Event {
	events := []skp.Event{
		skp.Drafted{NIP: nipPegawai, Year: 2024, Instansi: "PEMKAB-X", Plan: samplePlan(), At: on("2024-01-03"), By: pegawai},
		skp.Submitted{NIP: nipPegawai, Year: 2024, At: on("2024-01-04"), By: pegawai},
		skp.Approved{NIP: nipPegawai, Year: 2024, At: on("2024-01-05"), By: penilai},
		skp.AnnualRatingsGiven{NIP: nipPegawai, Year: 2024, Ratings: baik, PolicyVersion: performance.DefaultPolicyVersion,
			At: time.Date(2025, 1, 10, 8, 0, 0, 0, wib), By: penilai},
	}
	return append(events, more...)
}

func objectionOn(date string) skp.ObjectionFiled {
	return skp.ObjectionFiled{NIP: nipPegawai, Year: 2024, Reasons: "Target tercapai 120%", Against: baik,
		Received: time.Date(2025, 1, 10, 8, 0, 0, 0, wib), Deadline: time.Date(2025, 1, 24, 0, 0, 0, 0, wib),
		PolicyVersion: performance.DefaultPolicyVersion, At: on(date), By: pegawai}
}

func TestFileObjection(t *testing.T) {
	file := func(date string, by actor.Actor, reasons string) func(*skp.SKP) ([]skp.Event, error) {
		return func(s *skp.SKP) ([]skp.Event, error) { return s.FileObjection(on(date), by, policy, reasons) }
	}
	amended := skp.RatingsAmended{NIP: nipPegawai, Year: 2024, Previous: baik, New: sangatBaik, Reason: "x",
		At: time.Date(2025, 1, 20, 9, 0, 0, 0, wib), By: penilai}
	afterAmendment := objectionOn("2025-01-30")
	afterAmendment.Against, afterAmendment.Received = sangatBaik, amended.At
	afterAmendment.Deadline = time.Date(2025, 2, 3, 0, 0, 0, 0, wib)
	run(t, []testCase{
		{name: "on the last day (reference case 9)", given: year2024(), when: file("2025-01-24", pegawai, " Target tercapai 120% "),
			want: []skp.Event{objectionOn("2025-01-24")}},
		{name: "a day late (reference case 9)", given: year2024(), when: file("2025-01-25", pegawai, "Target tercapai 120%"),
			wantErr: skp.ErrObjectionLate},
		{name: "deadline runs from the amendment", given: year2024(amended), when: file("2025-01-30", pegawai, "Target tercapai 120%"),
			want: []skp.Event{afterAmendment}},
		{name: "twice", given: year2024(objectionOn("2025-01-12")), when: file("2025-01-13", pegawai, "lagi"),
			wantErr: skp.ErrObjectionAlreadyFiled},
		{name: "without reasons", given: year2024(), when: file("2025-01-12", pegawai, " "), wantErr: skp.ErrReasonRequired},
		{name: "not rated", given: approvedThen(q1Rated), when: file("2025-04-06", pegawai, "x"), wantErr: skp.ErrNotRated},
		{name: "by another employee", given: year2024(),
			when: file("2025-01-12", actor.Actor{NIP: nipOther, Role: actor.Pegawai}, "x"), wantErr: skp.ErrNotOwner},
		{name: "by the supervisor", given: year2024(), when: file("2025-01-12", penilai, "x"), wantErr: actor.ErrRoleNotAllowed},
		{name: "policy without version", given: year2024(),
			when: func(s *skp.SKP) ([]skp.Event, error) {
				return s.FileObjection(on("2025-01-12"), pegawai, performance.Policy{ObjectionDays: 14}, "x")
			}, wantErr: skp.ErrInvalidInput},
	})
}

func TestDecideObjection(t *testing.T) {
	filed := objectionOn("2025-01-15")
	decide := func(by actor.Actor, l employee.ReportingLine, d skp.Decision) func(*skp.SKP) ([]skp.Event, error) {
		return func(s *skp.SKP) ([]skp.Event, error) { return s.DecideObjection(on("2025-01-28"), by, l, d) }
	}
	upheld := skp.Decision{Outcome: skp.OutcomeRatingsUpheld, Note: " Bukti tidak mendukung "}
	changed := skp.Decision{Outcome: skp.OutcomeRatingsChanged, Hasil: performance.RatingDiAtas, Perilaku: performance.RatingDiAtas, Note: "Bukti kuat"}
	decidedUpheld := skp.ObjectionDecided{NIP: nipPegawai, Year: 2024, Outcome: skp.OutcomeRatingsUpheld, Previous: baik,
		Note: "Bukti tidak mendukung", At: on("2025-01-28"), By: atasan}
	otherAtasan := actor.Actor{NIP: nipOther, Role: actor.AtasanPejabatPenilai}
	promotedPenilai := employee.ReportingLine{Employee: nipPegawai, PejabatPenilai: nipOther, AtasanPejabatPenilai: nipPenilai,
		EffectiveFrom: day("2025-01-12"), Reason: "promosi"}
	run(t, []testCase{
		{name: "upholds the ratings", given: year2024(filed), when: decide(atasan, line, upheld), want: []skp.Event{decidedUpheld}},
		{name: "changes the ratings", given: year2024(filed), when: decide(atasan, line, changed),
			want: []skp.Event{skp.ObjectionDecided{NIP: nipPegawai, Year: 2024, Outcome: skp.OutcomeRatingsChanged, Previous: baik,
				New: sangatBaik, Note: "Bukti kuat", At: on("2025-01-28"), By: atasan}}},
		{name: "twice", given: year2024(filed, decidedUpheld), when: decide(atasan, line, changed), wantErr: skp.ErrObjectionDecided},
		{name: "no objection", given: year2024(), when: decide(atasan, line, upheld), wantErr: skp.ErrNoObjection},
		{name: "by another atasan", given: year2024(filed), when: decide(otherAtasan, line, upheld), wantErr: skp.ErrNotAtasan},
		{name: "by the pejabat penilai", given: year2024(filed), when: decide(penilai, line, upheld), wantErr: actor.ErrRoleNotAllowed},
		{name: "by the employee", given: year2024(filed),
			when: decide(actor.Actor{NIP: nipPegawai, Role: actor.AtasanPejabatPenilai}, line, upheld), wantErr: skp.ErrSelfRating},
		{name: "no reporting line", given: year2024(filed), when: decide(atasan, employee.ReportingLine{}, upheld), wantErr: skp.ErrNoReportingLine},
		// The penilai who gave the ratings became the atasan in force (a
		// promotion after the rating): they would decide the objection to
		// their own ratings, which the atasan weighs against both sides.
		{name: "by the atasan who gave the ratings", given: year2024(filed),
			when: decide(actor.Actor{NIP: nipPenilai, Role: actor.AtasanPejabatPenilai}, promotedPenilai, upheld), wantErr: skp.ErrOwnRatings},
		{name: "without a note", given: year2024(filed),
			when: decide(atasan, line, skp.Decision{Outcome: skp.OutcomeRatingsUpheld}), wantErr: skp.ErrReasonRequired},
		{name: "changed to the same ratings", given: year2024(filed),
			when:    decide(atasan, line, skp.Decision{Outcome: skp.OutcomeRatingsChanged, Hasil: baik.Hasil, Perilaku: baik.Perilaku, Note: "x"}),
			wantErr: skp.ErrNoChange},
		{name: "upheld with ratings", given: year2024(filed),
			when: decide(atasan, line, skp.Decision{Outcome: skp.OutcomeRatingsUpheld, Hasil: baik.Hasil, Note: "x"}), wantErr: skp.ErrInvalidInput},
		{name: "unknown outcome", given: year2024(filed),
			when: decide(atasan, line, skp.Decision{Outcome: "postponed", Note: "x"}), wantErr: skp.ErrInvalidInput},
	})
}
