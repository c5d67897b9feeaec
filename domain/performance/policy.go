package performance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"time"
)

// DefaultPolicyVersion is the version of the policy DefaultPolicy returns.
const DefaultPolicyVersion = "permenpanrb-6-2022/default-1"

// Policy holds every rule that the sources leave open or that an instansi
// may configure. It is a plain value: load it from JSON with DecodePolicy,
// check it with Validate, and record its Version in the events it decided.
type Policy struct {
	// Version names this policy, e.g. "permenpanrb-6-2022/default-1".
	Version string `json:"version"`

	// Distribution lists, per organisation predikat, the share rules that
	// limit the employee predikat of the unit. CapRounding turns the share
	// of a max_share rule into a head count; FloorRounding does the same for
	// a min_share rule.
	Distribution  map[OrgPredikat][]ShareRule `json:"distribution"`
	CapRounding   Rounding                    `json:"cap_rounding"`
	FloorRounding Rounding                    `json:"floor_rounding"`

	// AKPercent is the percentage of the coefficient earned per predikat
	// (150 for sangat_baik); AKCoefficient is the annual coefficient per
	// functional level (12.5 for ahli_pertama).
	AKPercent     map[Predikat]float64     `json:"ak_percent"`
	AKCoefficient map[JabatanLevel]float64 `json:"ak_coefficient"`

	// Kenaikan pangkat reguler: at least MinYearsInRank full years in the
	// rank on the promotion date, and an annual predikat of at least
	// MinPredikat in each of the RequiredYears years before it. Promotions
	// take effect on the PromotionDates of each year.
	MinYearsInRank int        `json:"min_years_in_rank"`
	RequiredYears  int        `json:"required_years"`
	MinPredikat    Predikat   `json:"min_predikat"`
	PromotionDates []MonthDay `json:"promotion_dates"`

	// Keberatan: an objection is in time within ObjectionDays, counted as
	// ObjectionCounting says (only CountCalendarDays is defined).
	ObjectionDays     int    `json:"objection_days"`
	ObjectionCounting string `json:"objection_counting"`

	// PeriodFrequencies are the periodic-evaluation frequencies an instansi
	// may choose.
	PeriodFrequencies []PeriodFrequency `json:"period_frequencies"`

	// RatingDaysBeforeWindowEnd is how many days before a window's last day
	// its periodic rating may be given (0: from the last day on); the annual
	// rating may be given as many days before the last window's last day.
	RatingDaysBeforeWindowEnd int `json:"rating_days_before_window_end"`

	// AllowancePercent is the percentage of the performance share of the
	// tunjangan kinerja / TPP paid for each predikat in force (100 for
	// baik). The table is per instansi [U]; the default is illustrative.
	AllowancePercent map[Predikat]float64 `json:"allowance_percent"`

	// Cascading (matriks peran hasil, issue 14 item 4). CascadeCheck says
	// whether an RHK's supports is checked when a plan is drafted, edited
	// or revised: CascadeOff (the default: the log of the default version
	// was written unchecked, so the version's meaning stays) or
	// CascadePenilaiSKP (an RHK names an RHK of the pejabat penilai's
	// approved SKP of the same year; an RHK of a head's SKP names an item
	// of the unit's work plan of the year).
	CascadeCheck string `json:"cascade_check"`

	// JPTPerspektif lists the perspektif codes an RHK in the SKP of a JPT
	// may take (DOMAIN.md: penerima layanan, proses bisnis, penguatan
	// internal, anggaran [U]). Plan validation uses the policy in force on
	// the day the plan is drafted, edited or revised.
	JPTPerspektif []string `json:"jpt_perspektif"`
}

// DefaultJPTPerspektif returns the four perspektif of the built-in policy.
func DefaultJPTPerspektif() []string {
	return []string{"penerima_layanan", "proses_bisnis", "penguatan_internal", "anggaran"}
}

// AllowsPerspektif reports whether a JPT's RHK may take perspektif code.
func (p Policy) AllowsPerspektif(code string) bool {
	return slices.Contains(p.JPTPerspektif, code)
}

// The values of Policy.CascadeCheck.
const (
	CascadeOff        = "off"
	CascadePenilaiSKP = "penilai_skp"
)

// CountCalendarDays counts objection days as calendar days from the day the
// result was received, that day being day 0.
const CountCalendarDays = "calendar_days"

// MonthDay is a day of the year, such as 1 April.
type MonthDay struct {
	Month time.Month `json:"month"`
	Day   int        `json:"day"`
}

// ShareRule is one constraint of a distribution pattern. Rule is one of
// RuleMaxShare, RuleMinShare (which use Share, a fraction 0–1 with at most
// four decimals), RuleAtLeastOne or RuleNoneAllowed. A rule on several
// predikat constrains the sum of their counts.
type ShareRule struct {
	Rule      string     `json:"rule"`
	Predikats []Predikat `json:"predikats"`
	Share     float64    `json:"share,omitempty"`
}

// Rounding says how a share of n employees becomes a head count.
type Rounding string

// The rounding modes.
const (
	RoundFloor  Rounding = "floor"
	RoundCeil   Rounding = "ceil"
	RoundHalfUp Rounding = "half_up"
)

// DefaultPolicy returns the policy of DefaultPolicyVersion: the distribution
// table of DOMAIN.md with caps rounded down and floors rounded up, the
// angka kredit table of PermenPANRB 1/2023, four years in rank and baik in
// the last two years, the six promotion dates, 14 calendar days to object,
// monthly or quarterly periods, and ratings from a window's last day on.
// Each call returns fresh maps and slices.
func DefaultPolicy() Policy {
	return Policy{
		Version:       DefaultPolicyVersion,
		Distribution:  defaultDistribution(),
		CapRounding:   RoundFloor,
		FloorRounding: RoundCeil,
		AKPercent: map[Predikat]float64{
			SangatBaik: 150, Baik: 100, ButuhPerbaikan: 75, Kurang: 50, SangatKurang: 25,
		},
		AKCoefficient: map[JabatanLevel]float64{
			LevelAhliPertama: 12.5, LevelAhliMuda: 25, LevelAhliMadya: 37.5, LevelAhliUtama: 50,
			LevelPemula: 3.75, LevelTerampil: 5, LevelMahir: 12.5, LevelPenyelia: 25,
		},
		MinYearsInRank: 4,
		RequiredYears:  2,
		MinPredikat:    Baik,
		PromotionDates: []MonthDay{
			{time.February, 1}, {time.April, 1}, {time.June, 1},
			{time.August, 1}, {time.October, 1}, {time.December, 1},
		},
		ObjectionDays:     14,
		ObjectionCounting: CountCalendarDays,
		PeriodFrequencies: []PeriodFrequency{FrequencyMonthly, FrequencyQuarterly},

		RatingDaysBeforeWindowEnd: 0,
		AllowancePercent: map[Predikat]float64{
			SangatBaik: 120, Baik: 100, ButuhPerbaikan: 80, Kurang: 60, SangatKurang: 40,
		},

		CascadeCheck:  CascadeOff,
		JPTPerspektif: DefaultJPTPerspektif(),
	}
}

// defaultDistribution is the distribution table of DOMAIN.md.
func defaultDistribution() map[OrgPredikat][]ShareRule {
	return map[OrgPredikat][]ShareRule{
		OrgIstimewa: {
			{Rule: RuleMaxShare, Predikats: []Predikat{SangatBaik}, Share: 0.7},
		},
		OrgBaik: {
			{Rule: RuleMaxShare, Predikats: []Predikat{Baik}, Share: 0.7},
			{Rule: RuleAtLeastOne, Predikats: []Predikat{ButuhPerbaikan, Kurang}},
		},
		OrgButuhPerbaikan: {
			{Rule: RuleMinShare, Predikats: []Predikat{ButuhPerbaikan}, Share: 0.6},
			{Rule: RuleMaxShare, Predikats: []Predikat{SangatBaik}, Share: 0.1},
		},
		OrgKurang: {
			{Rule: RuleMinShare, Predikats: []Predikat{Kurang}, Share: 0.6},
			{Rule: RuleMinShare, Predikats: []Predikat{ButuhPerbaikan}, Share: 0.1},
			{Rule: RuleMaxShare, Predikats: []Predikat{SangatBaik}, Share: 0.1},
		},
		OrgSangatKurang: {
			{Rule: RuleMinShare, Predikats: []Predikat{SangatKurang}, Share: 0.6},
			{Rule: RuleMinShare, Predikats: []Predikat{Kurang, ButuhPerbaikan}, Share: 0.1},
			{Rule: RuleNoneAllowed, Predikats: []Predikat{SangatBaik}},
		},
	}
}

// DecodePolicy decodes a policy from JSON, rejecting unknown fields, missing
// members (MissingMembers) and trailing data, and validates it. Errors wrap
// ErrInvalidPolicy.
func DecodePolicy(data []byte) (Policy, error) {
	p, err := ParsePolicy(data)
	if err != nil {
		return Policy{}, err
	}
	if missing := MissingMembers(data); len(missing) > 0 {
		return Policy{}, fmt.Errorf("decode policy: missing %s (a policy is written whole): %w",
			strings.Join(missing, ", "), ErrInvalidPolicy)
	}
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	return p, nil
}

// ParsePolicy decodes a policy from JSON, rejecting unknown fields and
// trailing data, without checking it; a cascade_check left out is
// CascadeOff. Errors wrap ErrInvalidPolicy.
func ParsePolicy(data []byte) (Policy, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	p := Policy{CascadeCheck: CascadeOff} // its default, when left out
	if err := dec.Decode(&p); err != nil {
		return Policy{}, fmt.Errorf("decode policy: %v: %w", err, ErrInvalidPolicy)
	}
	if dec.More() {
		return Policy{}, fmt.Errorf("decode policy: data after the policy object: %w", ErrInvalidPolicy)
	}
	return p, nil
}

// optionalMembers are the members a policy written by hand may leave out:
// cascade_check defaults to CascadeOff.
var optionalMembers = map[string]bool{"cascade_check": true}

// MissingMembers returns the members of the Policy JSON object data lacks,
// in the order of the struct, but those that may be left out. A policy is
// written whole: a missing member decoded as zero (min_years_in_rank 0
// promoted everyone whatever their years in rank). Nil when data is not a
// JSON object (decoding it says why).
func MissingMembers(data []byte) []string {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil || members == nil {
		return nil
	}
	var missing []string
	t := reflect.TypeFor[Policy]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if _, ok := members[name]; !ok && name != "" && name != "-" && !optionalMembers[name] {
			missing = append(missing, name)
		}
	}
	return missing
}

// PeriodFrequency is how often periodic evaluations happen in an instansi.
type PeriodFrequency string

// The period frequencies.
const (
	FrequencyMonthly    PeriodFrequency = "monthly"
	FrequencyQuarterly  PeriodFrequency = "quarterly"
	FrequencySemiannual PeriodFrequency = "semiannual"
)

// Months returns the length of one period in months, or 0 when f is not a
// known frequency.
func (f PeriodFrequency) Months() int {
	switch f {
	case FrequencyMonthly:
		return 1
	case FrequencyQuarterly:
		return 3
	case FrequencySemiannual:
		return 6
	}
	return 0
}

// Valid reports whether f is a known frequency.
func (f PeriodFrequency) Valid() bool { return f.Months() > 0 }

// ParsePeriodFrequency returns the frequency named by s, in any case.
// Errors wrap ErrInvalidFrequency.
func ParsePeriodFrequency(s string) (PeriodFrequency, error) {
	if f := PeriodFrequency(normalize(s)); f.Valid() {
		return f, nil
	}
	return "", fmt.Errorf("period frequency %q (want monthly, quarterly or semiannual): %w", s, ErrInvalidFrequency)
}

// AllowsFrequency reports whether the policy lets an instansi evaluate with
// frequency f.
func (p Policy) AllowsFrequency(f PeriodFrequency) bool {
	return f.Valid() && slices.Contains(p.PeriodFrequencies, f)
}
