package performance

import "testing"

// TestDistributionPatternListsEveryRuleWithItsLimit checks that the pattern
// of organisation predikat baik for a unit of 10 lists both rules, with the
// cap of 70% rounded down and the at-least-one floor, broken or not.
func TestDistributionPatternListsEveryRuleWithItsLimit(t *testing.T) {
	p := DefaultPolicy()
	rules, ok := p.DistributionPattern(OrgBaik, map[Predikat]int{Baik: 8, SangatBaik: 2})
	if !ok || len(rules) != 2 {
		t.Fatalf("pattern of baik: %+v, %v; want 2 rules", rules, ok)
	}
	if r := rules[0]; r.Rule != RuleMaxShare || r.Limit != 7 || r.Actual != 8 || !r.Broken || r.Share != 0.7 {
		t.Errorf("max share rule %+v, want limit 7, actual 8, broken", r)
	}
	if r := rules[1]; r.Rule != RuleAtLeastOne || r.Limit != 1 || r.Actual != 0 || !r.Broken {
		t.Errorf("at least one rule %+v, want limit 1, actual 0, broken", r)
	}
	if _, ok := p.DistributionPattern(OrgPredikat("luar_biasa"), nil); ok {
		t.Error("an unknown organisation predikat has a pattern")
	}
	empty, _ := p.DistributionPattern(OrgBaik, nil)
	for _, r := range empty {
		if r.Broken {
			t.Errorf("an empty unit breaks %+v", r)
		}
	}
}
