package employee

import (
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
