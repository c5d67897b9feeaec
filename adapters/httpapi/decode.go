package httpapi

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kinerja/kinerja/domain/civil"
)

// MaxBodyBytes caps the body of a JSON request.
const MaxBodyBytes = 1 << 20

// requireMediaType checks the request's Content-Type against want, in
// UTF-8 (see mediaCharset), and that its body has no content coding (see
// requireIdentityEncoding).
func requireMediaType(r *http.Request, want string) error {
	if err := requireIdentityEncoding(r); err != nil {
		return err
	}
	ct := r.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil || mt != want {
		return newRequestError(TypeUnsupportedMediaType, fmt.Sprintf("send the body as %s (got Content-Type %q).", want, ct),
			FieldError{Field: "Content-Type", Message: "must be " + want})
	}
	return mediaCharset(mt, params)
}

// mediaCharset refuses a charset parameter other than UTF-8 (in any letter
// case): the server reads every text body as UTF-8, so a body declared in
// another charset would be read as text the caller never sent.
func mediaCharset(mt string, params map[string]string) error {
	cs, ok := params["charset"]
	if !ok || strings.EqualFold(cs, "utf-8") {
		return nil
	}
	return newRequestError(TypeUnsupportedMediaType, fmt.Sprintf("send the body as %s in UTF-8 (got charset %q).", mt, cs),
		FieldError{Field: "Content-Type", Message: "charset must be utf-8"})
}

// requireIdentityEncoding refuses a body with a content coding
// (Content-Encoding: gzip, br, deflate…): the server decodes none, so it
// would read the coded bytes as the body. identity (in any letter case), or
// no Content-Encoding at all, is the body as sent.
func requireIdentityEncoding(r *http.Request) error {
	for _, v := range r.Header.Values("Content-Encoding") {
		for _, c := range strings.Split(v, ",") {
			if c = strings.TrimSpace(c); c != "" && !strings.EqualFold(c, "identity") {
				return newRequestError(TypeUnsupportedMediaType,
					fmt.Sprintf("send the body without a content coding (got Content-Encoding %q); the server decodes none.", v),
					FieldError{Field: "Content-Encoding", Message: "must be absent or identity"})
			}
		}
	}
	return nil
}

// decodeBody decodes exactly one JSON value from body into dst, rejecting
// unknown fields, keys repeated in one object (case-insensitively, as
// encoding/json matches them), nulls where dst has no nullable field (see
// nullProblem) and trailing data.
func decodeBody(body io.Reader, dst any) error {
	doc, err := io.ReadAll(body)
	if err != nil {
		return jsonProblem(err)
	}
	// encoding/json would replace invalid bytes with U+FFFD and store text
	// the caller never sent.
	if i := invalidUTF8At(doc); i >= 0 {
		return newRequestError(TypeMalformed, fmt.Sprintf("The body is not valid UTF-8 (at byte %d); JSON text must be UTF-8.", i))
	}
	if i := loneSurrogateAt(doc); i >= 0 {
		return newRequestError(TypeMalformed, fmt.Sprintf("The body escapes half of a UTF-16 surrogate pair (at byte %d); it encodes no character.", i))
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		if errors.Is(err, civil.ErrInvalidDate) {
			return newRequestError(TypeValidation, "A field has an invalid value.",
				FieldError{Field: badDateField(doc, err), Message: strings.TrimPrefix(err.Error(), civil.ErrInvalidDate.Error()+": ")})
		}
		return jsonProblem(err)
	}
	normalizeStrings(reflect.ValueOf(dst))
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return jsonProblem(err)
		}
		return newRequestError(TypeMalformed, "The body must hold exactly one JSON value.")
	}
	if key, dup := duplicateKey(doc); dup {
		return newRequestError(TypeValidation, "The body repeats a key in one object (keys are matched regardless of case).",
			FieldError{Field: key, Message: "duplicate key"})
	}
	return nullProblem(doc, dst)
}

// invalidUTF8At returns the offset of the first byte of b that does not
// start a valid UTF-8 sequence, or -1.
func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// loneSurrogateAt returns the offset of the first \u escape in doc that is
// half of a UTF-16 surrogate pair without its other half (encoding/json
// would store U+FFFD in its place), or -1. A backslash escapes the next
// byte, so "\\u..." is a backslash and text, not an escape.
func loneSurrogateAt(doc []byte) int {
	hex4 := func(i int) (rune, bool) {
		if i+6 > len(doc) || doc[i] != '\\' || doc[i+1] != 'u' {
			return 0, false
		}
		var r rune
		for _, c := range doc[i+2 : i+6] {
			switch {
			case '0' <= c && c <= '9':
				r = r<<4 | rune(c-'0')
			case 'a' <= c && c <= 'f':
				r = r<<4 | rune(c-'a'+10)
			case 'A' <= c && c <= 'F':
				r = r<<4 | rune(c-'A'+10)
			default:
				return 0, false
			}
		}
		return r, true
	}
	for i := 0; i < len(doc); i++ {
		if doc[i] != '\\' {
			continue
		}
		r, ok := hex4(i)
		switch {
		case !ok:
			i++ // an escaped byte, such as \\ or \"
		case 0xD800 <= r && r < 0xDC00:
			if low, ok := hex4(i + 6); !ok || low < 0xDC00 || low > 0xDFFF {
				return i
			}
			i += 11
		case 0xDC00 <= r && r <= 0xDFFF:
			return i
		default:
			i += 5
		}
	}
	return -1
}

// jsonProblem turns a decoding error into a requestError that names the
// JSON field when there is one.
func jsonProblem(err error) error {
	var (
		mbe *http.MaxBytesError
		se  *json.SyntaxError
		te  *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &mbe):
		return newRequestError(TypePayloadTooLarge, fmt.Sprintf("The body exceeds %d bytes.", mbe.Limit))
	case errors.Is(err, io.EOF):
		return newRequestError(TypeMalformed, "The body is empty; send a JSON object.")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return newRequestError(TypeMalformed, "The body ends in the middle of a JSON value.")
	case errors.As(err, &se):
		return newRequestError(TypeMalformed, fmt.Sprintf("The body is not valid JSON (at byte %d).", se.Offset))
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "(body)"
		}
		msg := fmt.Sprintf("must be %s, not %s", jsonKind(te.Type), te.Value)
		if lit, isNumber := strings.CutPrefix(te.Value, "number "); isNumber {
			// A number that the field's type cannot hold.
			msg = fmt.Sprintf("%s is out of range or not a whole number where one is required", lit)
		}
		return newRequestError(TypeValidation, "A field has the wrong type.", FieldError{Field: field, Message: msg})
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return newRequestError(TypeValidation, "The body has a field this endpoint does not know.",
			FieldError{Field: strings.Trim(name, `"`), Message: "unknown field"})
	}
	// Errors of UnmarshalJSON/UnmarshalText methods (dates, for instance).
	return newRequestError(TypeValidation, "A field has an invalid value: "+err.Error())
}

// badDateField returns the path of the first string member of doc (keys in
// order) that fails to parse as a date with the error err, such as
// "effective" or "items[2].from"; "(body)" when none does. encoding/json
// returns a date's own error without the field it was decoding.
func badDateField(doc []byte, err error) string {
	var v any
	if json.Unmarshal(doc, &v) != nil {
		return "(body)"
	}
	var walk func(path string, v any) (string, bool)
	walk = func(path string, v any) (string, bool) {
		switch v := v.(type) {
		case string:
			_, perr := civil.Parse(v)
			return path, perr != nil && perr.Error() == err.Error()
		case []any:
			for i, x := range v {
				if p, ok := walk(fmt.Sprintf("%s[%d]", path, i), x); ok {
					return p, true
				}
			}
		case map[string]any:
			for _, k := range slices.Sorted(maps.Keys(v)) {
				p := k
				if path != "" {
					p = path + "." + k
				}
				if p, ok := walk(p, v[k]); ok {
					return p, true
				}
			}
		}
		return "", false
	}
	if p, ok := walk("", v); ok && p != "" {
		return p
	}
	return "(body)"
}

// bodyReadProblem is the problem of a request body that could not be read:
// too large (413), or cut off — the client too slow for the server's read
// timeout, the connection lost, a broken chunked encoding — which says so
// without the network error's text (addresses and ports of the server).
func bodyReadProblem(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return jsonProblem(err)
	}
	return newRequestError(TypeMalformed, "The request's body could not be read: it arrived too slowly, the connection broke off, "+
		"or its chunked encoding is invalid. Send the request again.")
}

// jsonKind names the JSON kind that values of t decode from.
func jsonKind(t reflect.Type) string {
	if reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextUnmarshaler]()) {
		return "a string"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "a boolean"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8,
		reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "an object"
}
