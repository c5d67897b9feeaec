package performance

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// Stable names of the rules a Violation may report.
const (
	RuleMaxShare    = "max_share"    // at most Share of n, rounded by CapRounding
	RuleMinShare    = "min_share"    // at least Share of n, rounded by FloorRounding
	RuleAtLeastOne  = "at_least_one" // at least one employee with one of the predikat
	RuleNoneAllowed = "none_allowed" // no employee with any of the predikat
	// RuleUnknownOrg reports an organisation predikat the policy has no
	// rules for; nothing else is checked.
	RuleUnknownOrg = "unknown_org_predikat"
	// RuleInvalidCount reports a count keyed by an invalid predikat or
	// below zero; such a count is left out of n.
	RuleInvalidCount = "invalid_count"
)

// Violation is one broken rule of a distribution pattern. Limit is the head
// count the rule allows (a maximum for max_share and none_allowed, a minimum
// for min_share and at_least_one) and Actual the head count found, summed
// over Predikats. Message explains it in English.
type Violation struct {
	Rule      string
	Predikats []Predikat
	Limit     int
	Actual    int
	Message   string
}

// CheckDistribution checks the predikat counts of one unit against the
// distribution pattern of its organisation predikat and returns the broken
// rules in the policy's order, or nil when none is broken. n is the sum of
// the valid counts. A unit with n = 0 breaks no rule. The caller decides
// whether violations block or only warn.
func (p Policy) CheckDistribution(org OrgPredikat, counts map[Predikat]int) []Violation {
	var vs []Violation
	n := 0
	for _, pr := range slices.Sorted(maps.Keys(counts)) {
		c := counts[pr]
		if !pr.Valid() || c < 0 {
			vs = append(vs, Violation{Rule: RuleInvalidCount, Predikats: []Predikat{pr}, Actual: c,
				Message: fmt.Sprintf("count %d for predikat %q is not a valid count of a valid predikat", c, pr)})
			continue
		}
		n += c
	}
	rules, ok := p.Distribution[org]
	if !ok {
		return append(vs, Violation{Rule: RuleUnknownOrg,
			Message: fmt.Sprintf("policy %s has no distribution rules for organisation predikat %q", p.Version, org)})
	}
	if n == 0 {
		return vs
	}
	for _, r := range rules {
		if v, broken := p.checkShareRule(r, n, counts); broken {
			vs = append(vs, v)
		}
	}
	return vs
}

// checkShareRule checks one rule for a unit of n employees.
func (p Policy) checkShareRule(r ShareRule, n int, counts map[Predikat]int) (Violation, bool) {
	actual := 0
	for _, pr := range r.Predikats {
		if c := counts[pr]; c > 0 {
			actual += c
		}
	}
	v := Violation{Rule: r.Rule, Predikats: slices.Clone(r.Predikats), Actual: actual}
	names := predikatList(r.Predikats, " + ")
	switch r.Rule {
	case RuleMaxShare:
		v.Limit = headCount(n, r.Share, p.CapRounding)
		v.Message = fmt.Sprintf("%s: %d of %d employees, more than the maximum %d (%s%% of %d, %s)",
			names, actual, n, v.Limit, percent(r.Share), n, roundingWords(p.CapRounding))
		return v, actual > v.Limit
	case RuleMinShare:
		v.Limit = headCount(n, r.Share, p.FloorRounding)
		v.Message = fmt.Sprintf("%s: %d of %d employees, fewer than the minimum %d (%s%% of %d, %s)",
			names, actual, n, v.Limit, percent(r.Share), n, roundingWords(p.FloorRounding))
		return v, actual < v.Limit
	case RuleAtLeastOne:
		v.Limit = 1
		v.Message = fmt.Sprintf("%s: none of %d employees, at least one required",
			predikatList(r.Predikats, " or "), n)
		return v, actual < 1
	case RuleNoneAllowed:
		v.Message = fmt.Sprintf("%s: %d of %d employees, none allowed", names, actual, n)
		return v, actual > 0
	}
	v.Message = fmt.Sprintf("policy %s has an unknown rule %q", p.Version, r.Rule)
	return v, true
}

// headCount turns share of n into a head count with the given rounding.
// The share is taken in whole basis points so that the arithmetic is exact.
func headCount(n int, share float64, mode Rounding) int {
	x := n * int(share*shareScale+0.5)
	switch mode {
	case RoundCeil:
		return (x + shareScale - 1) / shareScale
	case RoundHalfUp:
		return (x + shareScale/2) / shareScale
	}
	return x / shareScale
}

func percent(share float64) string {
	return strconv.FormatFloat(float64(int(share*shareScale+0.5))/100, 'f', -1, 64)
}

func roundingWords(mode Rounding) string {
	switch mode {
	case RoundCeil:
		return "rounded up"
	case RoundHalfUp:
		return "rounded half up"
	}
	return "rounded down"
}

func predikatList(ps []Predikat, sep string) string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = string(p)
	}
	return strings.Join(s, sep)
}
