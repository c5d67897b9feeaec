package nip

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func TestParseValid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want ID
	}{
		{"ref10_198609262015051001", "198609262015051001", ID{
			Raw: "198609262015051001", BirthDate: date(1986, 9, 26), AppointYear: 2015, AppointMonth: 5,
			Gender: Male, Serial: 1, Kind: KindPNS}},
		{"female_serial_999", "197001312000122999", ID{
			Raw: "197001312000122999", BirthDate: date(1970, 1, 31), AppointYear: 2000, AppointMonth: 12,
			Gender: Female, Serial: 999, Kind: KindPNS}},
		{"leap_day_birth", "200002292020011010", ID{
			Raw: "200002292020011010", BirthDate: date(2000, 2, 29), AppointYear: 2020, AppointMonth: 1,
			Gender: Male, Serial: 10, Kind: KindPNS}},
		{"exactly_min_age_month", "200009302017091001", ID{
			Raw: "200009302017091001", BirthDate: date(2000, 9, 30), AppointYear: 2017, AppointMonth: 9,
			Gender: Male, Serial: 1, Kind: KindPNS}},
		{"birth_year_1900", "190001011930011001", ID{
			Raw: "190001011930011001", BirthDate: date(1900, 1, 1), AppointYear: 1930, AppointMonth: 1,
			Gender: Male, Serial: 1, Kind: KindPNS}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
			if got.String() != tt.in {
				t.Errorf("String() = %q, want %q", got.String(), tt.in)
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	tests := []struct {
		name, in, wantMsg string
	}{
		{"empty", "", "has 0 characters"},
		{"too_short", "19860926201505100", "has 17 characters"},
		{"too_long", "1986092620150510011", "has 19 characters"},
		{"spaces", "19860926 201505 1 001", "has 21 characters"},
		{"letter", "19860926201505100A", `character 18 ('A') is not a digit`},
		{"dash", "1986-0926201505100", "character 5 ('-') is not a digit"},
		{"non_ascii_digit", "19860926201505100١", "has 19 characters"},
		{"birth_year_1899", "189912312015051001", "birth year 1899 is before 1900"},
		{"birth_feb_30", "198602302015051001", "birth date 1986-02-30 is not a real date"},
		{"birth_feb_29_non_leap", "198702292015051001", "birth date 1987-02-29 is not a real date"},
		{"birth_month_00", "198600152015051001", "birth date 1986-00-15 is not a real date"},
		{"birth_month_13", "198613012015051001", "birth date 1986-13-01 is not a real date"},
		{"birth_day_00", "198609002015051001", "birth date 1986-09-00 is not a real date"},
		{"birth_day_32", "198601322015051001", "birth date 1986-01-32 is not a real date"},
		{"appoint_month_00", "198609262015001001", "appointment month 00 is not 01-12"},
		{"appoint_month_13", "198609262015131001", "appointment month 13 is not 01-12"},
		{"appoint_month_21_pppk_hint", "198609262015211001", "appointment month 21 is not 01-12 (21 marks an NI PPPK)"},
		{"appoint_before_birth", "198609261985051001", "appointment 1985-05 is less than 17 years after birth 1986-09-26"},
		{"appoint_age_16y11m", "200009302017081001", "appointment 2017-08 is less than 17 years after birth 2000-09-30"},
		{"gender_0", "198609262015050001", "gender digit 0 is not 1 (male) or 2 (female)"},
		{"gender_3", "198609262015053001", "gender digit 3 is not 1 (male) or 2 (female)"},
		{"serial_000", "198609262015051000", "serial 000 is not in 001-999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(tt.in)
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want error", tt.in, got)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("Parse(%q) error %v does not wrap ErrInvalid", tt.in, err)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("Parse(%q) error %q does not contain %q", tt.in, err, tt.wantMsg)
			}
			if diff := cmp.Diff(ID{}, got); diff != "" {
				t.Errorf("Parse(%q) returned a non-zero ID on error:\n%s", tt.in, diff)
			}
		})
	}
}

func TestParseErrorMessage(t *testing.T) {
	_, err := Parse("198602302015051001")
	want := `nip "198602302015051001": birth date 1986-02-30 is not a real date: invalid NIP`
	if err == nil || err.Error() != want {
		t.Errorf("Parse error = %v, want %q", err, want)
	}
	_, err = Parse(strings.Repeat("9", 100))
	if err == nil || len(err.Error()) > 100 {
		t.Errorf("Parse of a long input: error %q should be short", err)
	}
}

func TestParsePPPK(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want ID
	}{
		{"month_code_21", "199709072023211001", ID{
			Raw: "199709072023211001", BirthDate: date(1997, 9, 7), AppointYear: 2023, AppointMonth: 0,
			Gender: Male, Serial: 1, Kind: KindPPPK}},
		{"month_code_21_female", "198603312022212019", ID{
			Raw: "198603312022212019", BirthDate: date(1986, 3, 31), AppointYear: 2022, AppointMonth: 0,
			Gender: Female, Serial: 19, Kind: KindPPPK}},
		{"real_month", "198609262021101005", ID{
			Raw: "198609262021101005", BirthDate: date(1986, 9, 26), AppointYear: 2021, AppointMonth: 10,
			Gender: Male, Serial: 5, Kind: KindPPPK}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParsePPPK(tt.in)
			if err != nil {
				t.Fatalf("ParsePPPK(%q) error: %v", tt.in, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParsePPPK(%q) mismatch (-want +got):\n%s", tt.in, diff)
			}
			if got.String() != tt.in {
				t.Errorf("String() = %q, want %q", got.String(), tt.in)
			}
		})
	}
}

func TestParsePPPKInvalid(t *testing.T) {
	tests := []struct {
		name, in, wantMsg string
	}{
		{"month_22", "199709072023221001", "appointment month 22 is not 01-12"},
		{"code_21_too_young", "199709072013211001", "appointment year 2013 is less than 17 years after birth year 1997"},
		{"bad_birth", "199702302023211001", "birth date 1997-02-30 is not a real date"},
		{"gender_9", "199709072023219001", "gender digit 9"},
		{"serial_000", "199709072023211000", "serial 000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePPPK(tt.in)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParsePPPK(%q) error = %v, want ErrInvalid", tt.in, err)
			}
			if !strings.HasPrefix(err.Error(), "ni pppk ") || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("ParsePPPK(%q) error %q, want prefix \"ni pppk \" and %q", tt.in, err, tt.wantMsg)
			}
		})
	}
}
