package performance

// PatternRule is one rule of a distribution pattern applied to a unit of N
// employees: its Limit in head count (a maximum for max_share and
// none_allowed, a minimum for min_share and at_least_one), the head count
// Actual found, and whether the rule is Broken. Message explains it in
// English, as a Violation's does.
type PatternRule struct {
	Violation
	Share  float64
	Broken bool
}

// DistributionPattern applies every rule of the distribution pattern of
// organisation predikat org to the predikat counts of a unit of n employees
// (n is the sum of the non-negative counts), broken or not, in the policy's
// order: what a chart of the unit against its pattern draws. It returns
// false when the policy has no pattern for org.
func (p Policy) DistributionPattern(org OrgPredikat, counts map[Predikat]int) ([]PatternRule, bool) {
	rules, ok := p.Distribution[org]
	if !ok {
		return nil, false
	}
	n := 0
	for pr, c := range counts {
		if pr.Valid() && c > 0 {
			n += c
		}
	}
	out := make([]PatternRule, 0, len(rules))
	for _, r := range rules {
		v, broken := p.checkShareRule(r, n, counts)
		out = append(out, PatternRule{Violation: v, Share: r.Share, Broken: broken && n > 0})
	}
	return out, true
}
