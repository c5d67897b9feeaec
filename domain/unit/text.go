package unit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kinerja/kinerja/domain/field"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/text"
)

// line and block check a single-line and a multi-line text field against
// its limit in runes (see package text); errors wrap ErrInvalidInput and a
// *text.Error that names the field and the limit.
func line(field, s string, limit int) (string, error) {
	return text.Checker{Invalid: ErrInvalidInput}.Line(field, s, limit)
}

func block(field, s string, limit int) (string, error) {
	return text.Checker{Invalid: ErrInvalidInput}.Block(field, s, limit)
}

// checkViolations checks the violations an override accepts: the free
// text of each rule name and message, and that each predikat named is one.
func checkViolations(vs []performance.Violation) error {
	rules := []string{performance.RuleMaxShare, performance.RuleMinShare, performance.RuleAtLeastOne,
		performance.RuleNoneAllowed, performance.RuleUnknownOrg, performance.RuleInvalidCount}
	for i, v := range vs {
		for j, p := range v.Predikats {
			if !p.Valid() {
				return field.Invalid(ErrInvalidInput, fmt.Sprintf("violations[%d].predikats[%d]", i, j), "%q is not a predikat", p)
			}
		}
		if _, err := line(fmt.Sprintf("violations[%d].rule", i), v.Rule, text.MaxIdentifier); err != nil {
			return err
		}
		if _, err := block(fmt.Sprintf("violations[%d].message", i), v.Message, text.MaxNote); err != nil {
			return err
		}
		if !slices.Contains(rules, v.Rule) {
			return field.Invalid(ErrInvalidInput, fmt.Sprintf("violations[%d].rule", i), "%q is not a rule of the distribution pattern (%s)", v.Rule, strings.Join(rules, ", "))
		}
		if v.Limit < 0 || v.Actual < 0 {
			return field.Invalid(ErrInvalidInput, fmt.Sprintf("violations[%d]", i), "limit and actual are counts of employees, not negative")
		}
	}
	return nil
}
