package performance

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func day(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestPromotionEligibility(t *testing.T) {
	good := map[int]Predikat{2023: Baik, 2024: SangatBaik}
	tests := []struct {
		name string
		in   PromotionInput
		want PromotionResult
	}{
		{"ref7_III_a_4_years_baik_then_sangat_baik",
			PromotionInput{Golongan: "III/a", RankSince: day(2021, 4, 1), AnnualPredikat: good, AsOf: day(2025, 3, 10)},
			PromotionResult{Eligible: true, NextDate: day(2025, 4, 1), YearsConsidered: []int{2023, 2024}, Reasons: []string{
				"rank III/a can be promoted to III/b",
				"4 years 0 months in rank III/a since 2021-04-01 on 2025-04-01 (required 4 years)",
				"annual predikat 2023: baik (required at least baik)",
				"annual predikat 2024: sangat_baik (required at least baik)",
			}}},
		{"ref8_second_year_butuh_perbaikan",
			PromotionInput{Golongan: "III/a", RankSince: day(2021, 4, 1),
				AnnualPredikat: map[int]Predikat{2023: Baik, 2024: ButuhPerbaikan}, AsOf: day(2025, 3, 10)},
			PromotionResult{Eligible: false, NextDate: day(2025, 4, 1), YearsConsidered: []int{2023, 2024}, Reasons: []string{
				"rank III/a can be promoted to III/b",
				"4 years 0 months in rank III/a since 2021-04-01 on 2025-04-01 (required 4 years)",
				"annual predikat 2023: baik (required at least baik)",
				"annual predikat 2024: butuh_perbaikan (required at least baik)",
			}}},
		{"3_years_11_months",
			PromotionInput{Golongan: "II/c", RankSince: day(2021, 5, 1), AnnualPredikat: good, AsOf: day(2025, 4, 1)},
			PromotionResult{Eligible: false, NextDate: day(2025, 4, 1), YearsConsidered: []int{2023, 2024}, Reasons: []string{
				"rank II/c can be promoted to II/d",
				"3 years 11 months in rank II/c since 2021-05-01 on 2025-04-01 (required 4 years)",
				"annual predikat 2023: baik (required at least baik)",
				"annual predikat 2024: sangat_baik (required at least baik)",
			}}},
		{"missing_year",
			PromotionInput{Golongan: "IV/a", RankSince: day(2019, 10, 1), AnnualPredikat: map[int]Predikat{2024: Baik}, AsOf: day(2025, 9, 30)},
			PromotionResult{Eligible: false, NextDate: day(2025, 10, 1), YearsConsidered: []int{2023, 2024}, Reasons: []string{
				"rank IV/a can be promoted to IV/b",
				"6 years 0 months in rank IV/a since 2019-10-01 on 2025-10-01 (required 4 years)",
				"annual predikat 2023: missing (required at least baik)",
				"annual predikat 2024: baik (required at least baik)",
			}}},
		{"IV_e_has_no_next_rank",
			PromotionInput{Golongan: "IV/e", RankSince: day(2010, 4, 1), AnnualPredikat: good, AsOf: day(2025, 4, 1)},
			PromotionResult{Eligible: false, NextDate: day(2025, 4, 1), YearsConsidered: []int{2023, 2024}, Reasons: []string{
				"rank IV/e is the highest rank; there is no rank to be promoted to",
				"15 years 0 months in rank IV/e since 2010-04-01 on 2025-04-01 (required 4 years)",
				"annual predikat 2023: baik (required at least baik)",
				"annual predikat 2024: sangat_baik (required at least baik)",
			}}},
	}
	p := DefaultPolicy()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := p.PromotionEligibility(tt.in)
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(PromotionResult{}, "ReasonsID")); diff != "" {
				t.Errorf("PromotionEligibility mismatch (-want +got):\n%s", diff)
			}
			if len(got.ReasonsID) != len(got.Reasons) {
				t.Errorf("%d Indonesian reasons for %d", len(got.ReasonsID), len(got.Reasons))
			}
		})
	}
}

// TestPromotionReasonsInIndonesian: the console showed the English
// reasons ("rank IV/a can be promoted to IV/b") with raw predikat codes,
// and for IV/e only "not yet eligible". Each reason has its Indonesian
// sentence, with predikat as the regulation labels them.
func TestPromotionReasonsInIndonesian(t *testing.T) {
	p := DefaultPolicy()
	got := p.PromotionEligibility(PromotionInput{Golongan: "III/a", RankSince: day(2021, 4, 1),
		AnnualPredikat: map[int]Predikat{2023: Baik, 2024: ButuhPerbaikan}, AsOf: day(2025, 3, 10)})
	want := []string{
		"pangkat III/a dapat naik ke III/b",
		"masa kerja dalam pangkat III/a: 4 tahun 0 bulan sejak 01-04-2021 per 01-04-2025 (syarat 4 tahun)",
		"predikat tahunan 2023: Baik (syarat paling rendah Baik)",
		"predikat tahunan 2024: Butuh Perbaikan (syarat paling rendah Baik)",
	}
	if diff := cmp.Diff(want, got.ReasonsID); diff != "" {
		t.Errorf("Indonesian reasons (-want +got):\n%s", diff)
	}
	top := p.PromotionEligibility(PromotionInput{Golongan: "IV/e", RankSince: day(2010, 4, 1), AsOf: day(2025, 4, 1)})
	if top.ReasonsID[0] != "pangkat IV/e adalah pangkat tertinggi; tidak ada kenaikan pangkat berikutnya" ||
		top.ReasonsID[2] != "predikat tahunan 2023: belum ada (syarat paling rendah Baik)" {
		t.Errorf("IV/e: %q", top.ReasonsID)
	}
}

func TestPromotionEligibilityEdges(t *testing.T) {
	p := DefaultPolicy()
	good := map[int]Predikat{2023: Baik, 2024: Baik, 2025: Baik}
	tests := []struct {
		name       string
		in         PromotionInput
		eligible   bool
		next       time.Time
		lastReason string // the reason that decides, by position
		at         int
	}{
		{"one_day_short", PromotionInput{"III/b", day(2021, 4, 2), good, day(2025, 4, 1)}, false, day(2025, 4, 1),
			"3 years 11 months in rank III/b since 2021-04-02 on 2025-04-01 (required 4 years)", 1},
		{"next_date_reached_later", PromotionInput{"II/c", day(2021, 5, 1), good, day(2025, 4, 2)}, true, day(2025, 6, 1),
			"4 years 1 month in rank II/c since 2021-05-01 on 2025-06-01 (required 4 years)", 1},
		{"december_rolls_to_next_year", PromotionInput{"I/a", day(2020, 1, 1), good, day(2025, 12, 2)}, true, day(2026, 2, 1),
			"annual predikat 2025: baik (required at least baik)", 3},
		{"pppk_golongan", PromotionInput{"IX", day(2015, 1, 1), good, day(2025, 4, 1)}, false, day(2025, 4, 1),
			"golongan IX is a PPPK golongan; kenaikan pangkat reguler applies to PNS ranks only", 0},
		{"unknown_golongan", PromotionInput{"III/f", day(2015, 1, 1), good, day(2025, 4, 1)}, false, day(2025, 4, 1),
			`golongan "III/f" is not a known rank`, 0},
		{"rank_since_unknown", PromotionInput{"III/a", time.Time{}, good, day(2025, 4, 1)}, false, day(2025, 4, 1),
			"the date since which rank III/a is held is unknown (required 4 years in rank)", 1},
		{"rank_since_after_next_date", PromotionInput{"III/a", day(2025, 5, 1), good, day(2025, 4, 1)}, false, day(2025, 4, 1),
			"rank III/a is held only from 2025-05-01, after the promotion date 2025-04-01", 1},
		{"invalid_predikat", PromotionInput{"III/a", day(2015, 1, 1), map[int]Predikat{2023: "Baik", 2024: Baik}, day(2025, 4, 1)},
			false, day(2025, 4, 1), `annual predikat 2023: "Baik" is not a predikat (required at least baik)`, 2},
		{"nil_annual_map", PromotionInput{"III/a", day(2015, 1, 1), nil, day(2025, 4, 1)}, false, day(2025, 4, 1),
			"annual predikat 2024: missing (required at least baik)", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := p.PromotionEligibility(tt.in)
			if got.Eligible != tt.eligible || !got.NextDate.Equal(tt.next) {
				t.Errorf("Eligible, NextDate = %v, %v; want %v, %v", got.Eligible, got.NextDate, tt.eligible, tt.next)
			}
			if len(got.Reasons) <= tt.at || got.Reasons[tt.at] != tt.lastReason {
				t.Errorf("Reasons = %q; want [%d] = %q", got.Reasons, tt.at, tt.lastReason)
			}
		})
	}
}

func TestNextPromotionDate(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	p := DefaultPolicy()
	tests := []struct {
		asOf, want time.Time
	}{
		{time.Date(2025, 4, 1, 15, 30, 0, 0, wib), time.Date(2025, 4, 1, 0, 0, 0, 0, wib)},
		{time.Date(2025, 1, 1, 0, 0, 0, 0, wib), time.Date(2025, 2, 1, 0, 0, 0, 0, wib)},
		{time.Date(2025, 12, 1, 23, 59, 0, 0, wib), time.Date(2025, 12, 1, 0, 0, 0, 0, wib)},
		{time.Date(2025, 12, 31, 0, 0, 0, 0, wib), time.Date(2026, 2, 1, 0, 0, 0, 0, wib)},
	}
	for _, tt := range tests {
		if got := p.NextPromotionDate(tt.asOf); !got.Equal(tt.want) || got.Location() != wib {
			t.Errorf("NextPromotionDate(%v) = %v, want %v", tt.asOf, got, tt.want)
		}
	}
	p.PromotionDates = nil
	res := p.PromotionEligibility(PromotionInput{Golongan: "III/a", RankSince: day(2015, 1, 1), AsOf: day(2025, 1, 1)})
	if res.Eligible || !res.NextDate.IsZero() || len(res.Reasons) != 2 {
		t.Errorf("policy without promotion dates: %+v", res)
	}
}
