package unit

import (
	"fmt"

	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/text"
)

// line trims and checks a single-line text field against its limit in
// runes (see package text). Errors wrap ErrInvalidInput and a *text.Error
// that names the field and the limit.
func line(field, s string, limit int) (string, error) {
	s, err := text.Line(field, s, limit)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalidInput, err)
	}
	return s, nil
}

// block is line for a multi-line field, where newline and tab are allowed.
func block(field, s string, limit int) (string, error) {
	s, err := text.Block(field, s, limit)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrInvalidInput, err)
	}
	return s, nil
}

// checkViolations checks the violations an override accepts: the free
// text of each rule name and message, and that each predikat named is one.
func checkViolations(vs []performance.Violation) error {
	for i, v := range vs {
		for j, p := range v.Predikats {
			if !p.Valid() {
				return fmt.Errorf("%w: violations[%d].predikats[%d] is not a predikat", ErrInvalidInput, i, j)
			}
		}
		if _, err := line(fmt.Sprintf("violations[%d].rule", i), v.Rule, text.MaxIdentifier); err != nil {
			return err
		}
		if _, err := block(fmt.Sprintf("violations[%d].message", i), v.Message, text.MaxNote); err != nil {
			return err
		}
	}
	return nil
}
