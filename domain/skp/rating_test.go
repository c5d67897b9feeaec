package skp_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
)

var (
	sesuaiAtas = skp.Assessment{Hasil: performance.RatingSesuai, Perilaku: performance.RatingDiAtas}
	baik       = skp.Ratings{Hasil: performance.RatingSesuai, Perilaku: performance.RatingDiAtas, Predikat: performance.Baik}
	sangatBaik = skp.Ratings{Hasil: performance.RatingDiAtas, Perilaku: performance.RatingDiAtas, Predikat: performance.SangatBaik}
	q1Rated    = skp.PeriodicRatingsGiven{NIP: nipPegawai, Year: 2025, Window: 1, Label: "2025-Q1", Ratings: baik,
		PolicyVersion: performance.DefaultPolicyVersion, At: on("2025-04-05"), By: penilai}
	q1Reported = skp.RealisationReported{NIP: nipPegawai, Year: 2025, Window: 1, Label: "2025-Q1", IKI: "iki-1",
		Quantity: quantity(1), At: on("2025-03-20"), By: pegawai}
	annualRated = skp.AnnualRatingsGiven{NIP: nipPegawai, Year: 2025, Ratings: baik, Note: "Konsisten",
		PolicyVersion: performance.DefaultPolicyVersion, At: on("2025-12-30"), By: penilai}
)

func ratePeriod(at time.Time, by actor.Actor, l employee.ReportingLine, per *period.Period, window int, a skp.Assessment) func(*skp.SKP) ([]skp.Event, error) {
	return func(s *skp.SKP) ([]skp.Event, error) {
		return s.RatePeriod(at, by, l, per, policy, window, a)
	}
}

func TestRatePeriod(t *testing.T) {
	open := quarterly(t)
	q1Closed := quarterly(t, period.WindowClosed{Instansi: "PEMKAB-X", Year: 2025, Window: 1, Label: "2025-Q1", At: on("2025-04-11")})
	revised := skp.Revised{NIP: nipPegawai, Year: 2025, Plan: samplePlan(), Reason: "x", At: on("2025-03-01"), By: pegawai}
	oldLine := line
	oldLine.EffectiveFrom = day("2025-06-01")
	at := on("2025-04-05")
	run(t, []testCase{
		{name: "rates", given: approvedThen(q1Reported), when: ratePeriod(at, penilai, line, open, 1, sesuaiAtas), want: []skp.Event{q1Rated}},
		{name: "twice", given: approvedThen(q1Rated), when: ratePeriod(at, penilai, line, open, 1, sesuaiAtas), wantErr: skp.ErrAlreadyRated},
		{name: "draft SKP", given: []skp.Event{drafted}, when: ratePeriod(at, penilai, line, open, 1, sesuaiAtas), wantErr: skp.ErrNotApproved},
		{name: "revision awaiting approval", given: approvedThen(revised), when: ratePeriod(at, penilai, line, open, 1, sesuaiAtas), wantErr: skp.ErrNotApproved},
		{name: "closed window", given: approvedThen(), when: ratePeriod(at, penilai, line, q1Closed, 1, sesuaiAtas), wantErr: period.ErrWindowClosed},
		{name: "no such window", given: approvedThen(), when: ratePeriod(at, penilai, line, open, 9, sesuaiAtas), wantErr: period.ErrNoSuchWindow},
		{name: "window not started", given: approvedThen(), when: ratePeriod(at, penilai, line, open, 3, sesuaiAtas), wantErr: period.ErrWindowNotStarted},
		{name: "period not opened", given: approvedThen(), when: ratePeriod(at, penilai, line, period.New(), 1, sesuaiAtas), wantErr: period.ErrNotOpened},
		{name: "period of another year", given: approvedThen(), when: ratePeriod(at, penilai, line, quarterlyIn(t, 2024), 1, sesuaiAtas), wantErr: skp.ErrWrongPeriod},
		{name: "by themselves", given: approvedThen(),
			when: ratePeriod(at, actor.Actor{NIP: nipPegawai, Role: actor.PejabatPenilai}, line, open, 1, sesuaiAtas), wantErr: skp.ErrSelfRating},
		{name: "by another supervisor", given: approvedThen(), when: ratePeriod(at, other, line, open, 1, sesuaiAtas), wantErr: skp.ErrNotPejabatPenilai},
		{name: "by the pegawai role", given: approvedThen(),
			when: ratePeriod(at, actor.Actor{NIP: nipPenilai, Role: actor.Pegawai}, line, open, 1, sesuaiAtas), wantErr: actor.ErrRoleNotAllowed},
		{name: "line not in force on the day", given: approvedThen(), when: ratePeriod(at, penilai, oldLine, open, 1, sesuaiAtas), wantErr: skp.ErrNoReportingLine},
		{name: "invalid rating", given: approvedThen(),
			when: ratePeriod(at, penilai, line, open, 1, skp.Assessment{Hasil: "luar_biasa", Perilaku: performance.RatingSesuai}), wantErr: skp.ErrInvalidInput},
	})
}

// TestPredikatMatrix checks the nine cells of the matrix as recorded by RatePeriod.
func TestPredikatMatrix(t *testing.T) {
	atas, sesuai, bawah := performance.RatingDiAtas, performance.RatingSesuai, performance.RatingDiBawah
	cells := []struct {
		hasil, perilaku performance.Rating
		want            performance.Predikat
	}{
		{atas, atas, performance.SangatBaik}, {atas, sesuai, performance.Baik}, {atas, bawah, performance.Kurang},
		{sesuai, atas, performance.Baik}, {sesuai, sesuai, performance.Baik}, {sesuai, bawah, performance.Kurang},
		{bawah, atas, performance.ButuhPerbaikan}, {bawah, sesuai, performance.ButuhPerbaikan}, {bawah, bawah, performance.SangatKurang},
	}
	open := quarterly(t)
	var cases []testCase
	for _, c := range cells {
		r := skp.Ratings{Hasil: c.hasil, Perilaku: c.perilaku, Predikat: c.want}
		cases = append(cases, testCase{name: fmt.Sprintf("%s/%s", c.hasil, c.perilaku), given: approvedThen(q1Reported),
			when: ratePeriod(on("2025-04-05"), penilai, line, open, 1, skp.Assessment{Hasil: c.hasil, Perilaku: c.perilaku}),
			want: []skp.Event{skp.PeriodicRatingsGiven{NIP: nipPegawai, Year: 2025, Window: 1, Label: "2025-Q1", Ratings: r,
				PolicyVersion: performance.DefaultPolicyVersion, At: on("2025-04-05"), By: penilai}}})
	}
	run(t, cases)
}

func TestRateAnnual(t *testing.T) {
	rate := func(per *period.Period) func(*skp.SKP) ([]skp.Event, error) {
		return func(s *skp.SKP) ([]skp.Event, error) {
			return s.RateAnnual(on("2025-12-31"), penilai, line, per, policy, skp.Assessment{Hasil: sesuaiAtas.Hasil, Perilaku: sesuaiAtas.Perilaku, Note: " Konsisten "})
		}
	}
	open := quarterly(t)
	closed := quarterly(t, period.YearClosed{Instansi: "PEMKAB-X", Year: 2025, At: on("2026-01-12")})
	run(t, []testCase{
		{name: "rates the year", given: approvedThen(q1Rated), when: rate(open), want: []skp.Event{annualOn("2025-12-31")}},
		{name: "twice", given: approvedThen(annualRated), when: rate(open), wantErr: skp.ErrAlreadyRated},
		{name: "year closed", given: approvedThen(), when: rate(closed), wantErr: period.ErrYearClosed},
		{name: "period of another year", given: approvedThen(), when: rate(quarterlyIn(t, 2026)), wantErr: skp.ErrWrongPeriod},
		{name: "not approved", given: []skp.Event{drafted, submitted}, when: rate(open), wantErr: skp.ErrNotApproved},
		{name: "by another supervisor", given: approvedThen(),
			when: func(s *skp.SKP) ([]skp.Event, error) {
				return s.RateAnnual(on("2025-12-30"), other, line, open, policy, sesuaiAtas)
			}, wantErr: skp.ErrNotPejabatPenilai},
	})
}

// annualOn returns annualRated given on date.
func annualOn(date string) skp.AnnualRatingsGiven {
	a := annualRated
	a.At = on(date)
	return a
}

func TestAmendRatings(t *testing.T) {
	toSangatBaik := skp.Assessment{Hasil: performance.RatingDiAtas, Perilaku: performance.RatingDiAtas, Note: " salah input "}
	amend := func(by actor.Actor, window int, a skp.Assessment) func(*skp.SKP) ([]skp.Event, error) {
		return func(s *skp.SKP) ([]skp.Event, error) { return s.AmendRatings(on("2026-01-05"), by, line, window, a) }
	}
	filed := skp.ObjectionFiled{NIP: nipPegawai, Year: 2025, Reasons: "x", At: on("2026-01-02"), By: pegawai}
	decided := skp.ObjectionDecided{NIP: nipPegawai, Year: 2025, Outcome: skp.OutcomeRatingsUpheld, Note: "y", At: on("2026-01-03"), By: atasan}
	run(t, []testCase{
		{name: "amends a periodic rating", given: approvedThen(q1Rated), when: amend(penilai, 1, toSangatBaik),
			want: []skp.Event{skp.RatingsAmended{NIP: nipPegawai, Year: 2025, Window: 1, Previous: baik, New: sangatBaik,
				Reason: "salah input", PolicyVersion: performance.DefaultPolicyVersion, At: on("2026-01-05"), By: penilai}}},
		{name: "amends the annual rating", given: approvedThen(annualRated), when: amend(penilai, 0, toSangatBaik),
			want: []skp.Event{skp.RatingsAmended{NIP: nipPegawai, Year: 2025, Window: 0, Previous: baik, New: sangatBaik,
				Reason: "salah input", PolicyVersion: performance.DefaultPolicyVersion, At: on("2026-01-05"), By: penilai}}},
		{name: "without a reason", given: approvedThen(annualRated),
			when: amend(penilai, 0, skp.Assessment{Hasil: performance.RatingDiAtas, Perilaku: performance.RatingDiAtas}), wantErr: skp.ErrReasonRequired},
		{name: "to the same ratings", given: approvedThen(annualRated),
			when: amend(penilai, 0, skp.Assessment{Hasil: baik.Hasil, Perilaku: baik.Perilaku, Note: "x"}), wantErr: skp.ErrNoChange},
		{name: "window not rated", given: approvedThen(q1Rated), when: amend(penilai, 2, toSangatBaik), wantErr: skp.ErrNotRated},
		// A negative window names no window: the input is wrong (it said
		// "not rated", a rule of the SKP).
		{name: "a negative window", given: approvedThen(q1Rated), when: amend(penilai, -1, toSangatBaik), wantErr: skp.ErrInvalidInput},
		{name: "year not rated", given: approvedThen(q1Rated), when: amend(penilai, 0, toSangatBaik), wantErr: skp.ErrNotRated},
		{name: "objection pending", given: approvedThen(annualRated, filed), when: amend(penilai, 0, toSangatBaik), wantErr: skp.ErrObjectionPending},
		{name: "after the objection decision", given: approvedThen(annualRated, filed, decided), when: amend(penilai, 0, toSangatBaik), wantErr: skp.ErrRatingFinal},
		{name: "periodic after the objection decision", given: approvedThen(q1Rated, annualRated, filed, decided), when: amend(penilai, 1, toSangatBaik),
			want: []skp.Event{skp.RatingsAmended{NIP: nipPegawai, Year: 2025, Window: 1, Previous: baik, New: sangatBaik,
				Reason: "salah input", PolicyVersion: performance.DefaultPolicyVersion, At: on("2026-01-05"), By: penilai}}},
		{name: "by another supervisor", given: approvedThen(annualRated), when: amend(other, 0, toSangatBaik), wantErr: skp.ErrNotPejabatPenilai},
		{name: "by themselves", given: approvedThen(annualRated),
			when: amend(actor.Actor{NIP: nipPegawai, Role: actor.PejabatPenilai}, 0, toSangatBaik), wantErr: skp.ErrSelfRating},
	})
}
