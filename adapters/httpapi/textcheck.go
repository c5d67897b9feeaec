package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/text"
	"golang.org/x/text/unicode/norm"
)

// textProblem maps the text violations of the domain to problems: a field
// that breaks the rules of package text is a 400 validation problem naming
// the field and its limit; an event too large is a 413 naming the limit.
func textProblem(err error) (Problem, bool) {
	var te *text.Error
	var big *command.EventTooLargeError
	switch {
	case errors.As(err, &te):
		return newProblem(TypeValidation, fmt.Sprintf("The field %s is invalid: %s.", te.Field, te.Error()), "",
			[]FieldError{{Field: te.Field, Message: fmt.Sprintf("%s; at most %d characters", te.Problem, te.Limit)}}), true
	case errors.As(err, &big):
		return newProblem(TypePayloadTooLarge, fmt.Sprintf("The %s event would be %d bytes; an event's data is limited to %d bytes.",
			big.Type, big.Bytes, big.Limit), "", nil), true
	}
	return Problem{}, false
}

// rejectBadText answers 400 to a request whose path or query holds invalid
// UTF-8, a NUL or another control character: such values can name nothing
// Kinerja stores, and must not reach the database.
func rejectBadText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
			WriteProblem(w, r, newProblem(TypeMalformed, "The request's query cannot be parsed: a ';' (separate parameters with '&'), or a bad %-escape.", "",
				[]FieldError{{Field: "query", Message: "must be name=value pairs separated by '&', with valid %-escapes"}}))
			return
		}
		// An encoded slash is decoded before routing: /v1%2Faudit%2Fverify
		// was served as /v1/audit/verify, past a proxy that filters by
		// path prefix. No resource has a slash in a path segment.
		if strings.Contains(strings.ToLower(r.URL.EscapedPath()), "%2f") {
			notFound(w, r)
			return
		}
		if field, ok := badRequestText(r.URL); ok {
			WriteProblem(w, r, newProblem(TypeMalformed, "The request's path or query holds invalid UTF-8 or a control character.", "",
				[]FieldError{{Field: field, Message: "must be valid UTF-8 without NUL or control characters"}}))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// badRequestText returns the first part of u ("path" or a query parameter's
// name) that is not clean text, and whether there is one.
func badRequestText(u *url.URL) (string, bool) {
	if !cleanText(u.Path) {
		return "path", true
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return "query", true
	}
	for k, vs := range q {
		if !cleanText(k) {
			return "query", true
		}
		for _, v := range vs {
			if !cleanText(v) {
				return k, true
			}
		}
	}
	return "", false
}

// cleanText reports whether s is valid UTF-8 without control characters.
func cleanText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// normalizeStrings puts every exported string that v reaches (through
// pointers, structs, slices and arrays) in Unicode normalisation form C.
// The domain checks text but cannot normalise it without Unicode tables, so
// the decoder does it for every request body.
func normalizeStrings(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			normalizeStrings(v.Elem())
		}
	case reflect.Struct:
		t := v.Type()
		for i := range v.NumField() {
			if t.Field(i).IsExported() {
				normalizeStrings(v.Field(i))
			}
		}
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		for i := range v.Len() {
			normalizeStrings(v.Index(i))
		}
	case reflect.String:
		if s := v.String(); v.CanSet() && !norm.NFC.IsNormalString(s) {
			v.SetString(norm.NFC.String(s))
		}
	}
}

// printableClient returns the first max runes of a User-Agent as valid
// UTF-8 without control characters, which the domain would refuse in the
// event metadata: a client's odd header must not fail its write.
func printableClient(ua string, max int) string {
	ua = strings.ToValidUTF8(ua, "")
	var b strings.Builder
	n := 0
	for _, r := range ua {
		if n == max {
			break
		}
		if unicode.IsControl(r) {
			r = ' '
		}
		b.WriteRune(r)
		n++
	}
	return strings.TrimSpace(b.String())
}
