package performance

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestDefaultPolicyValid(t *testing.T) {
	p := DefaultPolicy()
	if err := p.Validate(); err != nil {
		t.Fatalf("DefaultPolicy().Validate() = %v", err)
	}
	if p.Version != "permenpanrb-6-2022/default-1" {
		t.Errorf("Version = %q", p.Version)
	}
	// Each call returns fresh maps, so one caller cannot change another's.
	p.AKPercent[Baik] = 0
	if DefaultPolicy().AKPercent[Baik] != 100 {
		t.Error("DefaultPolicy shares its maps between calls")
	}
}

func TestPolicyValidateRejects(t *testing.T) {
	tests := []struct {
		name   string
		modify func(p *Policy)
		want   string
	}{
		{"empty_version", func(p *Policy) { p.Version = " " }, "version is empty"},
		{"bad_rounding", func(p *Policy) { p.CapRounding = "truncate" }, `rounding "truncate" is not floor, ceil or half_up`},
		{"missing_org", func(p *Policy) { delete(p.Distribution, OrgKurang) }, "no entry for organisation predikat kurang"},
		{"unknown_org", func(p *Policy) { p.Distribution["super"] = nil }, `unknown organisation predikat "super"`},
		{"share_above_one", func(p *Policy) { p.Distribution[OrgIstimewa][0].Share = 1.5 }, "share 1.5 is not a fraction"},
		{"share_too_precise", func(p *Policy) { p.Distribution[OrgIstimewa][0].Share = 0.123456 }, "at most four decimals"},
		{"unknown_rule", func(p *Policy) { p.Distribution[OrgBaik][1].Rule = "exactly" }, `distribution baik rule 2: unknown rule "exactly"`},
		{"share_on_at_least_one", func(p *Policy) { p.Distribution[OrgBaik][1].Share = 0.1 }, "rule at_least_one takes no share"},
		{"rule_without_predikat", func(p *Policy) { p.Distribution[OrgBaik][0].Predikats = nil }, "distribution baik rule 1: no predikat"},
		{"repeated_predikat", func(p *Policy) {
			p.Distribution[OrgBaik][1].Predikats = []Predikat{Kurang, Kurang}
		}, `predikat "kurang" is invalid or repeated`},
		{"missing_percent", func(p *Policy) { delete(p.AKPercent, Kurang) }, "ak_percent has no entry for kurang"},
		{"negative_percent", func(p *Policy) { p.AKPercent[Kurang] = -1 }, "ak_percent kurang is -1"},
		{"coefficient_for_jpt", func(p *Policy) { p.AKCoefficient[LevelMadya] = 10 }, `non-functional level "madya"`},
		{"zero_coefficient", func(p *Policy) { p.AKCoefficient[LevelMahir] = 0 }, "ak_coefficient mahir is 0"},
		{"missing_coefficient", func(p *Policy) { delete(p.AKCoefficient, LevelPemula) }, "ak_coefficient has no entry for pemula"},
		{"negative_years", func(p *Policy) { p.MinYearsInRank = -1 }, "min_years_in_rank -1"},
		{"too_many_required_years", func(p *Policy) { p.RequiredYears = 11 }, "required_years 11"},
		{"bad_min_predikat", func(p *Policy) { p.MinPredikat = "good" }, `min_predikat "good"`},
		{"no_promotion_dates", func(p *Policy) { p.PromotionDates = nil }, "promotion_dates is empty"},
		{"feb_29", func(p *Policy) { p.PromotionDates = append(p.PromotionDates, MonthDay{time.February, 29}) }, "month 2 day 29"},
		{"repeated_date", func(p *Policy) { p.PromotionDates = append(p.PromotionDates, MonthDay{time.April, 1}) }, "month 4 day 1"},
		{"month_13", func(p *Policy) { p.PromotionDates = []MonthDay{{13, 1}} }, "month 13 day 1"},
		{"zero_objection_days", func(p *Policy) { p.ObjectionDays = 0 }, "objection_days 0"},
		{"working_days", func(p *Policy) { p.ObjectionCounting = "working_days" }, `objection_counting "working_days"`},
		{"no_frequencies", func(p *Policy) { p.PeriodFrequencies = nil }, "period_frequencies is empty"},
		{"weekly", func(p *Policy) { p.PeriodFrequencies = []PeriodFrequency{"weekly"} }, `period frequency "weekly"`},
		{"no_perspektif", func(p *Policy) { p.JPTPerspektif = nil }, "jpt_perspektif is empty"},
		{"upper_perspektif", func(p *Policy) { p.JPTPerspektif = []string{"Anggaran"} }, `jpt_perspektif "Anggaran" is not a lower-case code`},
		{"repeated_perspektif", func(p *Policy) { p.JPTPerspektif = []string{"anggaran", "anggaran"} }, `jpt_perspektif "anggaran" is repeated`},
		// Rules no unit could ever meet were accepted.
		{"min_above_max", func(p *Policy) {
			p.Distribution[OrgBaik] = append(p.Distribution[OrgBaik], ShareRule{Rule: RuleMinShare, Predikats: []Predikat{Baik}, Share: 0.9})
		}, "distribution baik: rule 3 asks at least 0.9 of [baik], rule 1 allows at most 0.7"},
		{"mins_past_the_whole", func(p *Policy) {
			p.Distribution[OrgKurang] = []ShareRule{{Rule: RuleMinShare, Predikats: []Predikat{Kurang}, Share: 0.6},
				{Rule: RuleMinShare, Predikats: []Predikat{ButuhPerbaikan}, Share: 0.5}}
		}, "distribution kurang: the at-least shares add up to 1.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := DefaultPolicy()
			tt.modify(&p)
			err := p.Validate()
			if !errors.Is(err, ErrInvalidPolicy) {
				t.Fatalf("Validate() = %v, want ErrInvalidPolicy", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Validate() = %q, want it to mention %q", err, tt.want)
			}
		})
	}
}

func TestPolicyValidateListsEveryProblem(t *testing.T) {
	p := DefaultPolicy()
	p.ObjectionDays, p.RequiredYears = 0, -1
	err := p.Validate()
	if err == nil || !strings.Contains(err.Error(), "objection_days") || !strings.Contains(err.Error(), "required_years") {
		t.Errorf("Validate() = %v, want both problems", err)
	}
}

func TestPolicyJSONRoundTrip(t *testing.T) {
	want := DefaultPolicy()
	data, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := DecodePolicy(data)
	if err != nil {
		t.Fatalf("DecodePolicy(%s) = %v", data, err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip mismatch (-want +got):\n%s", diff)
	}
	for _, key := range []string{`"version":"permenpanrb-6-2022/default-1"`, `"cap_rounding":"floor"`,
		`"promotion_dates":[{"month":2,"day":1}`, `"istimewa":[{"rule":"max_share","predikats":["sangat_baik"],"share":0.7}]`,
		`"ak_coefficient":{"ahli_madya":37.5`, `"objection_days":14`, `"period_frequencies":["monthly","quarterly"]`} {
		if !strings.Contains(string(data), key) {
			t.Errorf("JSON %s lacks %s", data, key)
		}
	}
}

func TestDecodePolicyRejects(t *testing.T) {
	data, err := json.Marshal(DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	good := string(data)
	tests := map[string]string{
		"unknown_field": strings.Replace(good, `"version"`, `"colour":"red","version"`, 1),
		"trailing_data": good + `{}`,
		"invalid":       strings.Replace(good, `"objection_days":14`, `"objection_days":0`, 1),
		"not_json":      `{"version":`,
		"wrong_type":    strings.Replace(good, `"objection_days":14`, `"objection_days":"14"`, 1),
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if _, err := DecodePolicy([]byte(in)); !errors.Is(err, ErrInvalidPolicy) {
				t.Errorf("DecodePolicy = %v, want ErrInvalidPolicy", err)
			}
		})
	}
}

func TestAllowsFrequency(t *testing.T) {
	p := DefaultPolicy()
	if !p.AllowsFrequency(FrequencyMonthly) || !p.AllowsFrequency(FrequencyQuarterly) ||
		p.AllowsFrequency(FrequencySemiannual) || p.AllowsFrequency("weekly") {
		t.Errorf("AllowsFrequency with %v is wrong", p.PeriodFrequencies)
	}
	if FrequencyQuarterly.Months() != 3 || FrequencySemiannual.Months() != 6 || PeriodFrequency("x").Months() != 0 {
		t.Error("Months is wrong")
	}
	if f, err := ParsePeriodFrequency(" Quarterly "); err != nil || f != FrequencyQuarterly {
		t.Errorf("ParsePeriodFrequency(Quarterly) = %q, %v", f, err)
	}
	if _, err := ParsePeriodFrequency("weekly"); !errors.Is(err, ErrInvalidFrequency) {
		t.Errorf("ParsePeriodFrequency(weekly) = %v, want ErrInvalidFrequency", err)
	}
}
