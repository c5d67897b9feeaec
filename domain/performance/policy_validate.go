package performance

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// MaxVersionLength bounds the version string of a policy, in runes.
const MaxVersionLength = 100

// shareScale is the precision of a share: shares are whole basis points.
const shareScale = 10000

// Validate checks that the policy is complete and consistent: a version;
// rules for every organisation predikat and only for those, each with a
// known rule kind, valid distinct predikat and a share in [0, 1] with at
// most four decimals; known rounding modes; a non-negative percentage for
// every predikat and a positive coefficient for every functional level and
// no other; sane promotion settings with distinct real dates (29 February
// is not allowed); a positive objection period counted in calendar days;
// at least one distinct, known period frequency; and 0-31 rating days
// before a window's end. The error lists every
// problem and wraps ErrInvalidPolicy.
func (p Policy) Validate() error {
	problems := p.Problems()
	if len(problems) == 0 {
		return nil
	}
	texts := make([]string, len(problems))
	for i, pr := range problems {
		texts[i] = pr.Message
	}
	return fmt.Errorf("policy %q: %s: %w", p.Version, strings.Join(texts, "; "), ErrInvalidPolicy)
}

// PolicyProblem is one thing wrong with a policy: Field is the JSON name of
// the top-level field at fault ("objection_days"), Message says what is
// wrong and names the field too.
type PolicyProblem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Problems returns everything Validate finds wrong with the policy, in a
// fixed order; none for a valid policy.
func (p Policy) Problems() []PolicyProblem {
	var problems []PolicyProblem
	add := func(field, format string, args ...any) {
		problems = append(problems, PolicyProblem{Field: field, Message: fmt.Sprintf(format, args...)})
	}
	switch {
	case strings.TrimSpace(p.Version) == "":
		add("version", "version is empty")
	case utf8.RuneCountInString(p.Version) > MaxVersionLength || strings.IndexFunc(p.Version, unicode.IsControl) >= 0 ||
		!utf8.ValidString(p.Version) || strings.TrimSpace(p.Version) != p.Version:
		add("version", "version %q is not one line of at most %d characters without surrounding spaces", p.Version, MaxVersionLength)
	case strings.IndexFunc(p.Version, notVersionRune) >= 0:
		// A version names the rules every decision records: two that look
		// alike must be alike (no invisible or reordering characters).
		add("version", "version %q may hold only letters a-z, A-Z, digits and . _ / -", p.Version)
	}
	p.validateDistribution(add)
	p.validateAngkaKredit(add)
	p.validatePromotion(add)
	if p.ObjectionDays < 1 || p.ObjectionDays > 365 {
		add("objection_days", "objection_days %d is not in 1-365", p.ObjectionDays)
	}
	if p.ObjectionCounting != CountCalendarDays {
		add("objection_counting", "objection_counting %q is not %q", p.ObjectionCounting, CountCalendarDays)
	}
	validateFrequencies(p.PeriodFrequencies, add)
	if p.RatingDaysBeforeWindowEnd < 0 || p.RatingDaysBeforeWindowEnd > 31 {
		add("rating_days_before_window_end", "rating_days_before_window_end %d is not in 0-31", p.RatingDaysBeforeWindowEnd)
	}
	validateAllowance(p.AllowancePercent, add)
	if p.CascadeCheck != CascadeOff && p.CascadeCheck != CascadePenilaiSKP {
		add("cascade_check", "cascade_check %q is not %q or %q", p.CascadeCheck, CascadeOff, CascadePenilaiSKP)
	}
	validatePerspektif(p.JPTPerspektif, add)
	return problems
}

type addFunc func(field, format string, args ...any)

func (p Policy) validateDistribution(add addFunc) {
	for i, r := range []Rounding{p.CapRounding, p.FloorRounding} {
		field := []string{"cap_rounding", "floor_rounding"}[i]
		if r != RoundFloor && r != RoundCeil && r != RoundHalfUp {
			add(field, "%s %q is not floor, ceil or half_up", field, r)
		}
	}
	for _, org := range slices.Sorted(maps.Keys(p.Distribution)) {
		if !org.Valid() {
			add("distribution", "distribution has rules for unknown organisation predikat %q", org)
		}
	}
	for _, org := range OrgPredikats() {
		rules, ok := p.Distribution[org]
		if !ok {
			add("distribution", "distribution has no entry for organisation predikat %s", org)
		}
		for i, r := range rules {
			validateShareRule(r, fmt.Sprintf("distribution %s rule %d", org, i+1), func(format string, args ...any) { add("distribution", format, args...) })
		}
		contradictions(org, rules, func(format string, args ...any) { add("distribution", format, args...) })
	}
}

// contradictions reports rules of one organisation predikat that no unit
// of some size can meet together: at least a larger share than at most
// allows of the same predikat, or at least shares of disjoint predikat
// adding up past the whole unit.
func contradictions(org OrgPredikat, rules []ShareRule, add func(format string, args ...any)) {
	same := func(a, b []Predikat) bool {
		return len(a) == len(b) && !slices.ContainsFunc(a, func(p Predikat) bool { return !slices.Contains(b, p) })
	}
	var mins []ShareRule
	for i, lo := range rules {
		if lo.Rule != RuleMinShare {
			continue
		}
		mins = append(mins, lo)
		for j, hi := range rules {
			if hi.Rule == RuleMaxShare && same(lo.Predikats, hi.Predikats) && lo.Share > hi.Share {
				add("distribution %s: rule %d asks at least %v of %v, rule %d allows at most %v", org, i+1, lo.Share, lo.Predikats, j+1, hi.Share)
			}
		}
	}
	total, disjoint := 0.0, true
	seen := map[Predikat]bool{}
	for _, m := range mins {
		total += m.Share
		for _, p := range m.Predikats {
			disjoint = disjoint && !seen[p]
			seen[p] = true
		}
	}
	if disjoint && total > 1+1e-9 {
		add("distribution %s: the at-least shares add up to %v, more than the whole unit", org, total)
	}
}

func validateShareRule(r ShareRule, where string, add func(format string, args ...any)) {
	switch r.Rule {
	case RuleMaxShare, RuleMinShare:
		bp := r.Share * shareScale
		if r.Share < 0 || r.Share > 1 || math.Abs(bp-math.Round(bp)) > 1e-6 {
			add("%s: share %v is not a fraction in [0, 1] with at most four decimals", where, r.Share)
		}
	case RuleAtLeastOne, RuleNoneAllowed:
		if r.Share != 0 {
			add("%s: rule %s takes no share", where, r.Rule)
		}
	default:
		add("%s: unknown rule %q", where, r.Rule)
	}
	if len(r.Predikats) == 0 {
		add("%s: no predikat", where)
	}
	seen := map[Predikat]bool{}
	for _, pr := range r.Predikats {
		if !pr.Valid() || seen[pr] {
			add("%s: predikat %q is invalid or repeated", where, pr)
		}
		seen[pr] = true
	}
}

func (p Policy) validateAngkaKredit(add addFunc) {
	for _, pr := range slices.Sorted(maps.Keys(p.AKPercent)) {
		pct := p.AKPercent[pr]
		if !pr.Valid() {
			add("ak_percent", "ak_percent has unknown predikat %q", pr)
		} else if pct < 0 || math.IsNaN(pct) || math.IsInf(pct, 0) {
			add("ak_percent", "ak_percent %s is %v, want a non-negative number", pr, pct)
		}
	}
	for _, pr := range Predikats() {
		if _, ok := p.AKPercent[pr]; !ok {
			add("ak_percent", "ak_percent has no entry for %s", pr)
		}
	}
	for _, l := range slices.Sorted(maps.Keys(p.AKCoefficient)) {
		c := p.AKCoefficient[l]
		if !l.Functional() {
			add("ak_coefficient", "ak_coefficient has non-functional level %q", l)
		} else if !(c > 0) || math.IsInf(c, 0) {
			add("ak_coefficient", "ak_coefficient %s is %v, want a positive number", l, c)
		}
	}
	for _, l := range FunctionalLevels() {
		if _, ok := p.AKCoefficient[l]; !ok {
			add("ak_coefficient", "ak_coefficient has no entry for %s", l)
		}
	}
}

func (p Policy) validatePromotion(add addFunc) {
	if p.MinYearsInRank < 0 || p.MinYearsInRank > 40 {
		add("min_years_in_rank", "min_years_in_rank %d is not in 0-40", p.MinYearsInRank)
	}
	if p.RequiredYears < 0 || p.RequiredYears > 10 {
		add("required_years", "required_years %d is not in 0-10", p.RequiredYears)
	}
	if !p.MinPredikat.Valid() {
		add("min_predikat", "min_predikat %q is not a predikat", p.MinPredikat)
	}
	if len(p.PromotionDates) == 0 {
		add("promotion_dates", "promotion_dates is empty")
	}
	seen := map[MonthDay]bool{}
	for _, md := range p.PromotionDates {
		// 2001 is not a leap year, so 29 February does not survive.
		t := time.Date(2001, md.Month, md.Day, 0, 0, 0, 0, time.UTC)
		if md.Month < time.January || md.Month > time.December || t.Day() != md.Day || seen[md] {
			add("promotion_dates", "promotion date month %d day %d is not a real date or is repeated", int(md.Month), md.Day)
		}
		seen[md] = true
	}
}

func validateFrequencies(fs []PeriodFrequency, add addFunc) {
	if len(fs) == 0 {
		add("period_frequencies", "period_frequencies is empty")
	}
	seen := map[PeriodFrequency]bool{}
	for _, f := range fs {
		if !f.Valid() || seen[f] {
			add("period_frequencies", "period frequency %q is unknown or repeated", f)
		}
		seen[f] = true
	}
}

// validateAllowance checks that every predikat has a percentage in 0–200.
func validateAllowance(table map[Predikat]float64, add addFunc) {
	for _, pr := range Predikats() {
		v, ok := table[pr]
		switch {
		case !ok:
			add("allowance_percent", "allowance_percent has no entry for %s", pr)
		case v < 0 || v > 200:
			add("allowance_percent", "allowance_percent for %s is %v, not in 0-200", pr, v)
		}
	}
	for pr := range table {
		if !pr.Valid() {
			add("allowance_percent", "allowance_percent has unknown predikat %q", pr)
		}
	}
}

// validatePerspektif checks jpt_perspektif: not empty, distinct lower-case
// codes (a letter, then letters, digits or underscores; at most 64).
func validatePerspektif(codes []string, add addFunc) {
	if len(codes) == 0 {
		add("jpt_perspektif", "jpt_perspektif is empty")
	}
	seen := map[string]bool{}
	for _, c := range codes {
		switch {
		case !lowerCode(c):
			add("jpt_perspektif", "jpt_perspektif %q is not a lower-case code (a-z, 0-9, _; at most 64)", c)
		case seen[c]:
			add("jpt_perspektif", "jpt_perspektif %q is repeated", c)
		}
		seen[c] = true
	}
}

// lowerCode reports whether c is a letter a-z followed by letters a-z,
// digits or underscores, at most 64 bytes.
func lowerCode(c string) bool {
	if c == "" || len(c) > 64 || c[0] < 'a' || c[0] > 'z' {
		return false
	}
	for _, r := range c {
		if (r < 'a' || r > 'z') && (r < '0' || r > '9') && r != '_' {
			return false
		}
	}
	return true
}

// notVersionRune reports whether r may not appear in a policy version.
func notVersionRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._/-", r))
}
