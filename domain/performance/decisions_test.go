package performance

import (
	"errors"
	"testing"
	"time"
)

func TestAngkaKredit(t *testing.T) {
	tests := []struct {
		name   string
		level  JabatanLevel
		pred   Predikat
		months int
		want   float64
	}{
		{"ref6_ahli_pertama_sangat_baik_annual", LevelAhliPertama, SangatBaik, 12, 18.75},  // 1.5 × 12.5
		{"ahli_muda_baik_quarter", LevelAhliMuda, Baik, 3, 6.25},                           // 3/12 × 1 × 25
		{"ahli_pertama_butuh_perbaikan_month", LevelAhliPertama, ButuhPerbaikan, 1, 0.781}, // 0.78125
		{"penyelia_kurang_semester", LevelPenyelia, Kurang, 6, 6.25},                       // 6/12 × 0.5 × 25
		{"pemula_sangat_kurang_annual", LevelPemula, SangatKurang, 12, 0.938},              // 0.9375, half away from zero
		{"mahir_sangat_baik_month", LevelMahir, SangatBaik, 1, 1.563},                      // 1.5625
		{"ahli_utama_sangat_baik_annual", LevelAhliUtama, SangatBaik, 12, 75},
		{"ahli_madya_baik_annual", LevelAhliMadya, Baik, 12, 37.5},
		{"terampil_baik_annual", LevelTerampil, Baik, 12, 5},
	}
	p := DefaultPolicy()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := p.AngkaKredit(tt.level, tt.pred, tt.months)
			if err != nil || got != tt.want {
				t.Errorf("AngkaKredit(%s, %s, %d) = %v, %v; want %v", tt.level, tt.pred, tt.months, got, err, tt.want)
			}
		})
	}
}

func TestAngkaKreditErrors(t *testing.T) {
	noCoef := DefaultPolicy()
	delete(noCoef.AKCoefficient, LevelMahir)
	tests := []struct {
		name   string
		p      Policy
		level  JabatanLevel
		pred   Predikat
		months int
		want   error
	}{
		{"administrasi", DefaultPolicy(), LevelPelaksana, Baik, 12, ErrNotFunctional},
		{"jpt", DefaultPolicy(), LevelMadya, Baik, 12, ErrNotFunctional},
		{"unknown_level", DefaultPolicy(), "ahli", Baik, 12, ErrInvalidJabatan},
		{"bad_predikat", DefaultPolicy(), LevelAhliMuda, "istimewa", 12, ErrInvalidPredikat},
		{"zero_months", DefaultPolicy(), LevelAhliMuda, Baik, 0, ErrInvalidMonths},
		{"thirteen_months", DefaultPolicy(), LevelAhliMuda, Baik, 13, ErrInvalidMonths},
		{"policy_without_coefficient", noCoef, LevelMahir, Baik, 12, ErrInvalidPolicy},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.p.AngkaKredit(tt.level, tt.pred, tt.months)
			if !errors.Is(err, tt.want) || got != 0 {
				t.Errorf("AngkaKredit = %v, %v; want 0, %v", got, err, tt.want)
			}
		})
	}
}

func TestObjection(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, wib) }
	received := at(2025, 1, 10, 9, 0)
	tests := []struct {
		name  string
		filed time.Time
		want  bool
	}{
		{"ref9_filed_2025_01_24_accepted", at(2025, 1, 24, 10, 0), true},
		{"ref9_filed_2025_01_25_late", at(2025, 1, 25, 8, 0), false},
		{"last_minute_of_day_14", at(2025, 1, 24, 23, 59), true},
		{"same_day", at(2025, 1, 10, 8, 0), true},
		{"utc_instant_on_day_15_in_wib", time.Date(2025, 1, 24, 17, 30, 0, 0, time.UTC), false},
		{"utc_instant_on_day_14_in_wib", time.Date(2025, 1, 24, 16, 59, 0, 0, time.UTC), true},
		{"before_receipt", at(2025, 1, 9, 23, 0), false},
	}
	p := DefaultPolicy()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.ObjectionInTime(received, tt.filed); got != tt.want {
				t.Errorf("ObjectionInTime(%v, %v) = %v, want %v", received, tt.filed, got, tt.want)
			}
		})
	}
	if got, want := p.ObjectionDeadline(received), at(2025, 1, 24, 0, 0); !got.Equal(want) || got.Location() != wib {
		t.Errorf("ObjectionDeadline = %v, want %v", got, want)
	}
	// Across the end of a leap February: 20 Feb + 14 days = 5 March.
	if got, want := p.ObjectionDeadline(day(2024, 2, 20)), day(2024, 3, 5); !got.Equal(want) {
		t.Errorf("ObjectionDeadline(2024-02-20) = %v, want %v", got, want)
	}
}
