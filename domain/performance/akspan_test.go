package performance

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestAngkaKreditForYearSplitsByMonthsOfTheLevelInForce(t *testing.T) {
	p := DefaultPolicy()
	// Given an Ahli Pertama since registration, promoted to Ahli Muda on 1 June 2026.
	promotedJune := []LevelSpan{{Level: LevelAhliPertama}, {Level: LevelAhliMuda, From: date(2026, time.June, 1)}}
	tests := []struct {
		name   string
		levels []LevelSpan
		pred   Predikat
		year   int
		want   AKSplit
	}{
		{"a year before the promotion is counted at the old level", promotedJune, Kurang, 2025,
			AKSplit{AngkaKredit: 6.25, Parts: []AKPart{{LevelAhliPertama, 12, 6.25}}}},
		{"the year of the promotion: Jan-May at the old level, Jun-Dec at the new", promotedJune, Baik, 2026,
			// 5/12 × 12.5 + 7/12 × 25 = 5.2083 + 14.5833
			AKSplit{AngkaKredit: 19.792, Parts: []AKPart{{LevelAhliPertama, 5, 5.208}, {LevelAhliMuda, 7, 14.583}}}},
		{"a year after the promotion is counted at the new level", promotedJune, Kurang, 2027,
			AKSplit{AngkaKredit: 12.5, Parts: []AKPart{{LevelAhliMuda, 12, 12.5}}}},
		{"a change effective after the 1st counts from the next month",
			[]LevelSpan{{Level: LevelAhliPertama}, {Level: LevelAhliMuda, From: date(2026, time.June, 15)}}, Baik, 2026,
			AKSplit{AngkaKredit: 18.75, Parts: []AKPart{{LevelAhliPertama, 6, 6.25}, {LevelAhliMuda, 6, 12.5}}}},
		{"months at a structural level earn nothing",
			[]LevelSpan{{Level: LevelPelaksana}, {Level: LevelAhliPertama, From: date(2026, time.October, 1)}}, SangatBaik, 2026,
			AKSplit{AngkaKredit: 4.688, Parts: []AKPart{{LevelAhliPertama, 3, 4.688}}}},
		{"spans are taken by date, not by order given",
			[]LevelSpan{{Level: LevelAhliMuda, From: date(2026, time.July, 1)}, {Level: LevelAhliPertama}}, Baik, 2026,
			AKSplit{AngkaKredit: 18.75, Parts: []AKPart{{LevelAhliPertama, 6, 6.25}, {LevelAhliMuda, 6, 12.5}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// When the angka kredit of the year is computed.
			got, err := p.AngkaKreditForYear(tt.levels, tt.pred, tt.year)
			// Then each level counts for its months only.
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("AngkaKreditForYear (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAngkaKreditForMonthsOfAWindow(t *testing.T) {
	p := DefaultPolicy()
	levels := []LevelSpan{{Level: LevelAhliPertama}, {Level: LevelAhliMuda, From: date(2026, time.June, 1)}}
	// Given the promotion in June, when the second quarter is computed with baik,
	// then April and May count at Ahli Pertama and June at Ahli Muda.
	got, err := p.AngkaKreditForMonths(levels, Baik, 2026, time.April, time.June)
	want := AKSplit{AngkaKredit: 4.167, Parts: []AKPart{{LevelAhliPertama, 2, 2.083}, {LevelAhliMuda, 1, 2.083}}}
	if err != nil || !cmp.Equal(got, want) {
		t.Errorf("Q2 = %+v, %v; want %+v", got, err, want)
	}
}

func TestAngkaKreditForMonthsErrors(t *testing.T) {
	p := DefaultPolicy()
	fungsional := []LevelSpan{{Level: LevelAhliPertama}}
	tests := []struct {
		name        string
		levels      []LevelSpan
		pred        Predikat
		first, last time.Month
		want        error
	}{
		{"no functional month", []LevelSpan{{Level: LevelPengawas}}, Baik, 1, 12, ErrNotFunctional},
		{"no span at all", nil, Baik, 1, 12, ErrNotFunctional},
		{"months reversed", fungsional, Baik, 6, 5, ErrInvalidMonths},
		{"month 13", fungsional, Baik, 1, 13, ErrInvalidMonths},
		{"bad predikat", fungsional, "luar_biasa", 1, 12, ErrInvalidPredikat},
		{"unknown level", []LevelSpan{{Level: "ahli_super"}}, Baik, 1, 12, ErrNotFunctional},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := p.AngkaKreditForMonths(tt.levels, tt.pred, 2026, tt.first, tt.last); !errors.Is(err, tt.want) {
				t.Errorf("err = %v; want %v", err, tt.want)
			}
		})
	}
}
