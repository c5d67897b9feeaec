package employee

import (
	"fmt"

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
