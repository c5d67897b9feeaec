package performance

import (
	"errors"
	"testing"
)

func TestPredikatOfMatrix(t *testing.T) {
	tests := []struct {
		name            string
		hasil, perilaku Rating
		want            Predikat
	}{
		{"ref1_atas_atas", RatingDiAtas, RatingDiAtas, SangatBaik},
		{"atas_sesuai", RatingDiAtas, RatingSesuai, Baik},
		{"atas_bawah_misconduct", RatingDiAtas, RatingDiBawah, Kurang},
		{"sesuai_atas", RatingSesuai, RatingDiAtas, Baik},
		{"sesuai_sesuai", RatingSesuai, RatingSesuai, Baik},
		{"ref2_sesuai_bawah_misconduct", RatingSesuai, RatingDiBawah, Kurang},
		{"ref3_bawah_atas", RatingDiBawah, RatingDiAtas, ButuhPerbaikan},
		{"bawah_sesuai", RatingDiBawah, RatingSesuai, ButuhPerbaikan},
		{"bawah_bawah", RatingDiBawah, RatingDiBawah, SangatKurang},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := PredikatOf(tt.hasil, tt.perilaku)
			if err != nil || got != tt.want {
				t.Errorf("PredikatOf(%s, %s) = %q, %v; want %q", tt.hasil, tt.perilaku, got, err, tt.want)
			}
		})
	}
}

func TestPredikatOfInvalid(t *testing.T) {
	for _, in := range [][2]Rating{{"", RatingSesuai}, {RatingSesuai, "baik"}, {"DI_ATAS_EKSPEKTASI", RatingSesuai}} {
		if got, err := PredikatOf(in[0], in[1]); !errors.Is(err, ErrInvalidRating) || got != "" {
			t.Errorf("PredikatOf(%q, %q) = %q, %v; want ErrInvalidRating", in[0], in[1], got, err)
		}
	}
}

func TestParseValues(t *testing.T) {
	tests := []struct {
		in    string
		parse func(string) (string, error)
		want  string
		err   error
	}{
		{"di_atas_ekspektasi", parseAs(ParseRating), "di_atas_ekspektasi", nil},
		{" Sesuai Ekspektasi ", parseAs(ParseRating), "sesuai_ekspektasi", nil},
		{"di-bawah", parseAs(ParseRating), "di_bawah_ekspektasi", nil},
		{"baik", parseAs(ParseRating), "", ErrInvalidRating},
		{"Sangat Baik", parseAs(ParsePredikat), "sangat_baik", nil},
		{"butuh-perbaikan", parseAs(ParsePredikat), "butuh_perbaikan", nil},
		{"istimewa", parseAs(ParsePredikat), "", ErrInvalidPredikat},
		{"", parseAs(ParsePredikat), "", ErrInvalidPredikat},
		{"ISTIMEWA", parseAs(ParseOrgPredikat), "istimewa", nil},
		{"sangat kurang", parseAs(ParseOrgPredikat), "sangat_kurang", nil},
		{"sangat_baik", parseAs(ParseOrgPredikat), "", ErrInvalidOrgPredikat},
	}
	for _, tt := range tests {
		got, err := tt.parse(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) || (tt.err == nil) != (err == nil) {
			t.Errorf("parse(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

// parseAs adapts a typed parse function to one returning a string.
func parseAs[T ~string](parse func(string) (T, error)) func(string) (string, error) {
	return func(s string) (string, error) {
		v, err := parse(s)
		return string(v), err
	}
}

func TestPredikatAtLeast(t *testing.T) {
	ps := Predikats()
	for i, p := range ps {
		for j, q := range ps {
			// Predikats is best first, so p is at least q when i <= j.
			if got, want := p.AtLeast(q), i <= j; got != want {
				t.Errorf("%s.AtLeast(%s) = %v, want %v", p, q, got, want)
			}
		}
	}
	if Predikat("x").AtLeast(SangatKurang) || Baik.AtLeast("") {
		t.Error("AtLeast with an invalid predikat must be false")
	}
}

// TestPredikatRankFollowsPredikats checks that Rank orders the predikat as
// Predikats lists them, from 5 down to 1, and gives 0 to anything else.
func TestPredikatRankFollowsPredikats(t *testing.T) {
	for i, p := range Predikats() {
		if p.Rank() != 5-i {
			t.Errorf("%s: rank %d, want %d", p, p.Rank(), 5-i)
		}
	}
	if r := Predikat("").Rank() + Predikat("BAIK").Rank(); r != 0 {
		t.Errorf("no predikat: rank %d, want 0", r)
	}
}
