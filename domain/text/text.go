// Package text bounds and checks the free text that commands carry: names,
// notes, reasons, feedback, evidence references, plan texts and metadata.
//
// Text that passes is valid UTF-8, holds no NUL and no control character
// other than newline and tab (none at all in a single-line field), no
// bidirectional embedding, override or isolate, and is at
// most a field's limit in runes (see the Max constants). Normalisation to
// NFC needs Unicode tables the standard library does not have, so it is the
// job of the adapters that turn untrusted bytes into strings (the HTTP JSON
// decoder, the CSV importer); the domain checks everything else. The package imports the standard library only.
package text

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ErrInvalid is wrapped by every *Error, so errors.Is finds a text violation.
var ErrInvalid = errors.New("invalid text")

// Error says which field is wrong and how. Limit is the field's maximum
// length in runes; it is set for every field, so the error names the limit
// even when the problem is a character.
type Error struct {
	Field   string
	Limit   int
	Problem string
}

// Error returns "field problem (limit: N characters)".
func (e *Error) Error() string {
	return fmt.Sprintf("%s %s (limit: %d characters)", e.Field, e.Problem, e.Limit)
}

// Unwrap returns ErrInvalid.
func (e *Error) Unwrap() error { return ErrInvalid }

// Line trims s and checks it as a single-line field of at most limit runes:
// no newline, tab or other control character. It returns the trimmed text.
func Line(field, s string, limit int) (string, error) {
	s = strings.TrimSpace(s)
	return s, check(field, s, limit, false)
}

// Block trims s and checks it as a multi-line field of at most limit runes:
// newline and tab are allowed, other control characters are not. A CRLF
// line break becomes a newline. It returns the trimmed text.
func Block(field, s string, limit int) (string, error) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n")
	return s, check(field, s, limit, true)
}

// Checker checks fields as Line and Block do and wraps their errors in
// Invalid, the error of the package whose command carried the text, so
// that errors.Is finds both that error and ErrInvalid.
type Checker struct {
	Invalid error
}

// Line is Line with c's error.
func (c Checker) Line(field, s string, limit int) (string, error) {
	return c.wrap(Line(field, s, limit))
}

// Block is Block with c's error.
func (c Checker) Block(field, s string, limit int) (string, error) {
	return c.wrap(Block(field, s, limit))
}

// wrap wraps err, if any, in c.Invalid.
func (c Checker) wrap(s string, err error) (string, error) {
	if err != nil {
		return "", fmt.Errorf("%w: %w", c.Invalid, err)
	}
	return s, nil
}

// bidiControl reports whether r is a bidirectional embedding, override or
// isolate (U+202A–U+202E, U+2066–U+2069): it reorders the text shown after
// it, so a name or note holding one displays as something other than what
// it is (in the console, the PDF, a CSV opened in a spreadsheet).
func bidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069')
}

// check applies the rules of the package to s.
func check(field, s string, limit int, multiline bool) error {
	if !utf8.ValidString(s) {
		return &Error{Field: field, Limit: limit, Problem: "is not valid UTF-8"}
	}
	n := 0
	for _, r := range s {
		n++
		switch {
		case r == 0:
			return &Error{Field: field, Limit: limit, Problem: "contains a NUL character"}
		case (r == '\n' || r == '\t') && multiline:
		case unicode.IsControl(r) || r == '\u2028' || r == '\u2029':
			return &Error{Field: field, Limit: limit, Problem: fmt.Sprintf("contains the control character %U", r)}
		case bidiControl(r):
			return &Error{Field: field, Limit: limit, Problem: fmt.Sprintf("contains the bidirectional control character %U", r)}
		}
	}
	if n > limit {
		return &Error{Field: field, Limit: limit, Problem: fmt.Sprintf("is %d characters long", n)}
	}
	return nil
}

// Clip returns s, or its first bytes up to n cut at a character boundary
// followed by "…": for messages that quote a value they refuse.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
