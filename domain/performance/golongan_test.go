package performance

import (
	"errors"
	"testing"
)

func TestParseGolongan(t *testing.T) {
	tests := []struct {
		in   string
		want Golongan
	}{
		{"III/a", "III/a"}, {"iii/A", "III/a"}, {" IV / e ", "IV/e"}, {"I/d", "I/d"},
		{"XVII", "XVII"}, {"ix", "IX"}, {"I", "I"},
	}
	for _, tt := range tests {
		if got, err := ParseGolongan(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseGolongan(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "/a", "I/e", "III/e", "IV/f", "V/a", "XVIII", "3/a", "III/aa", "IIIa"} {
		if got, err := ParseGolongan(bad); !errors.Is(err, ErrInvalidGolongan) {
			t.Errorf("ParseGolongan(%q) = %q, %v; want ErrInvalidGolongan", bad, got, err)
		}
	}
}

func TestGolonganNext(t *testing.T) {
	tests := []struct {
		g    Golongan
		want Golongan
		ok   bool
	}{
		{"I/a", "I/b", true}, {"I/d", "II/a", true}, {"II/d", "III/a", true}, {"III/a", "III/b", true},
		{"III/d", "IV/a", true}, {"IV/d", "IV/e", true}, {"IV/e", "", false},
		{"I", "II", true}, {"IX", "X", true}, {"XVI", "XVII", true}, {"XVII", "", false},
		{"iii/a", "", false}, {"", "", false},
	}
	for _, tt := range tests {
		if got, ok := tt.g.Next(); got != tt.want || ok != tt.ok {
			t.Errorf("%q.Next() = %q, %v; want %q, %v", tt.g, got, ok, tt.want, tt.ok)
		}
	}
	if !Golongan("XVII").IsPPPK() || Golongan("IV/e").IsPPPK() || Golongan("Z").IsPPPK() {
		t.Error("IsPPPK is wrong")
	}
}

func TestValidateJabatan(t *testing.T) {
	valid := map[JabatanKind][]JabatanLevel{
		JabatanJPT:                    {LevelUtama, LevelMadya, LevelPratama},
		JabatanAdministrasi:           {LevelAdministrator, LevelPengawas, LevelPelaksana},
		JabatanFungsionalKeahlian:     {LevelAhliPertama, LevelAhliMuda, LevelAhliMadya, LevelAhliUtama},
		JabatanFungsionalKeterampilan: {LevelPemula, LevelTerampil, LevelMahir, LevelPenyelia},
	}
	for kind, levels := range valid {
		for _, l := range levels {
			if err := ValidateJabatan(kind, l); err != nil {
				t.Errorf("ValidateJabatan(%s, %s) = %v", kind, l, err)
			}
			if k, ok := l.Kind(); !ok || k != kind {
				t.Errorf("%s.Kind() = %s, %v; want %s", l, k, ok, kind)
			}
			functional := kind == JabatanFungsionalKeahlian || kind == JabatanFungsionalKeterampilan
			if l.Functional() != functional {
				t.Errorf("%s.Functional() = %v", l, l.Functional())
			}
		}
	}
	bad := []struct {
		kind  JabatanKind
		level JabatanLevel
	}{
		{JabatanJPT, LevelAhliUtama}, {JabatanFungsionalKeahlian, LevelUtama}, {JabatanAdministrasi, LevelPemula},
		{"fungsional", LevelMahir}, {JabatanFungsionalKeterampilan, ""}, {"", ""},
	}
	for _, b := range bad {
		if err := ValidateJabatan(b.kind, b.level); !errors.Is(err, ErrInvalidJabatan) {
			t.Errorf("ValidateJabatan(%q, %q) = %v, want ErrInvalidJabatan", b.kind, b.level, err)
		}
	}
	if got := len(FunctionalLevels()); got != 8 {
		t.Errorf("FunctionalLevels has %d levels, want 8", got)
	}
}

// TestGolonganRank: grades sort by their ladder, not by their text (PPPK
// IX before V), the PNS ranks before the PPPK golongan.
func TestGolonganRank(t *testing.T) {
	all := Golongans()
	if len(all) != 34 || all[0] != "I/a" || all[16] != "IV/e" || all[17] != "I" || all[33] != "XVII" {
		t.Fatalf("Golongans() = %v", all)
	}
	for i := 1; i < len(all); i++ {
		if all[i-1].Rank() >= all[i].Rank() {
			t.Errorf("rank of %s (%d) not below %s (%d)", all[i-1], all[i-1].Rank(), all[i], all[i].Rank())
		}
	}
	if Golongan("V").Rank() >= Golongan("IX").Rank() || Golongan("bogus").Rank() != 0 {
		t.Errorf("V %d, IX %d, bogus %d", Golongan("V").Rank(), Golongan("IX").Rank(), Golongan("bogus").Rank())
	}
}
