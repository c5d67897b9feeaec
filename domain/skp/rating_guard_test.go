package skp_test

import (
	"testing"

	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// TestPeriodicRatingNotBeforeTheWindowsEnd checks that a periodic rating is
// refused before the window's last day, allowed on it and after it, and
// allowed as many days before it as the policy says.
func TestPeriodicRatingNotBeforeTheWindowsEnd(t *testing.T) {
	open := quarterly(t)
	fiveDays := performance.DefaultPolicy()
	fiveDays.RatingDaysBeforeWindowEnd = 5
	rated := func(date string) skp.PeriodicRatingsGiven {
		e := q1Rated
		e.At = on(date)
		return e
	}
	rate := func(date string, p performance.Policy) func(*skp.SKP) ([]skp.Event, error) {
		return func(s *skp.SKP) ([]skp.Event, error) {
			return s.RatePeriod(on(date), penilai, line, open, p, 1, sesuaiAtas)
		}
	}
	run(t, []testCase{
		// Given an approved plan with Q1's realisation reported; when Q1 (ending 31 March) is rated ...
		{name: "the day before the window's end: refused", given: approvedThen(q1Reported), when: rate("2025-03-30", policy),
			wantErr: skp.ErrRatingBeforeWindowEnd},
		{name: "mid-window: refused", given: approvedThen(q1Reported), when: rate("2025-02-15", policy),
			wantErr: skp.ErrRatingBeforeWindowEnd},
		{name: "on the window's last day: allowed", given: approvedThen(q1Reported), when: rate("2025-03-31", policy),
			want: []skp.Event{rated("2025-03-31")}},
		{name: "after the window: allowed", given: approvedThen(q1Reported), when: rate("2025-04-01", policy),
			want: []skp.Event{rated("2025-04-01")}},
		{name: "within the policy's days before the end: allowed", given: approvedThen(q1Reported), when: rate("2025-03-26", fiveDays),
			want: []skp.Event{rated("2025-03-26")}},
		{name: "earlier than the policy's days before the end: refused", given: approvedThen(q1Reported), when: rate("2025-03-25", fiveDays),
			wantErr: skp.ErrRatingBeforeWindowEnd},
	})
}

// TestAnnualRatingNotBeforeTheLastWindowEnds checks that the annual rating
// is refused before the year's last window ends and allowed on its last day.
func TestAnnualRatingNotBeforeTheLastWindowEnds(t *testing.T) {
	open := quarterly(t)
	rate := func(date string) func(*skp.SKP) ([]skp.Event, error) {
		return func(s *skp.SKP) ([]skp.Event, error) {
			return s.RateAnnual(on(date), penilai, line, open, policy, skp.Assessment{Hasil: sesuaiAtas.Hasil, Perilaku: sesuaiAtas.Perilaku, Note: "Konsisten"})
		}
	}
	run(t, []testCase{
		{name: "in December before the last window ends: refused", given: approvedThen(q1Reported), when: rate("2025-12-15"),
			wantErr: skp.ErrRatingBeforeYearEnd},
		{name: "on the last window's last day: allowed", given: approvedThen(q1Reported), when: rate("2025-12-31"),
			want: []skp.Event{annualOn("2025-12-31")}},
		{name: "in January: allowed", given: approvedThen(q1Reported), when: rate("2026-01-05"),
			want: []skp.Event{annualOn("2026-01-05")}},
	})
}

// TestRatingRequiresRealisationOrAReason checks that a rating without any
// realisation report is refused unless the note states the reason.
func TestRatingRequiresRealisationOrAReason(t *testing.T) {
	open := quarterly(t)
	q2Reported := q1Reported
	q2Reported.Window, q2Reported.Label = 2, "2025-Q2"
	withReason := skp.Assessment{Hasil: sesuaiAtas.Hasil, Perilaku: sesuaiAtas.Perilaku, Note: " Cuti sakit sepanjang triwulan "}
	q1WithReason := q1Rated
	q1WithReason.Note = "Cuti sakit sepanjang triwulan"
	ratePeriod := func(a skp.Assessment) func(*skp.SKP) ([]skp.Event, error) {
		return func(s *skp.SKP) ([]skp.Event, error) {
			return s.RatePeriod(on("2025-04-05"), penilai, line, open, policy, 1, a)
		}
	}
	rateYear := func(a skp.Assessment) func(*skp.SKP) ([]skp.Event, error) {
		return func(s *skp.SKP) ([]skp.Event, error) {
			return s.RateAnnual(on("2025-12-31"), penilai, line, open, policy, a)
		}
	}
	annualNoNote := annualOn("2025-12-31")
	annualNoNote.Note = ""
	annualWithReason := annualOn("2025-12-31")
	annualWithReason.Note = "Cuti sakit sepanjang triwulan"
	run(t, []testCase{
		{name: "window without realisation nor reason: refused", given: approvedThen(), when: ratePeriod(sesuaiAtas),
			wantErr: skp.ErrNoRealisation},
		{name: "realisation of another window only: refused", given: approvedThen(q2Reported), when: ratePeriod(sesuaiAtas),
			wantErr: skp.ErrNoRealisation},
		{name: "window without realisation, with a reason: allowed", given: approvedThen(), when: ratePeriod(withReason),
			want: []skp.Event{q1WithReason}},
		{name: "year without realisation nor reason: refused", given: approvedThen(), when: rateYear(sesuaiAtas),
			wantErr: skp.ErrNoRealisation},
		{name: "year without realisation, with a reason: allowed", given: approvedThen(), when: rateYear(withReason),
			want: []skp.Event{annualWithReason}},
		{name: "year with a window's realisation, no note: allowed", given: approvedThen(q2Reported), when: rateYear(sesuaiAtas),
			want: []skp.Event{annualNoNote}},
	})
}
