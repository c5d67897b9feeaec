package auth

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"unicode"
)

// numericDates are the claims that must be JSON numbers (RFC 7519 §2,
// NumericDate), as matched by foldName.
var numericDates = map[string]bool{foldName("exp"): true, foldName("iat"): true, foldName("nbf"): true}

// checkStrictJSON refuses a token whose JSON the decoder would read more
// leniently than the standards allow, whatever its algorithm, before its
// signature is checked:
//   - a member name twice in any object of the header or the payload
//     (encoding/json keeps the last one, and matches claim names to fields
//     regardless of case, so "roles" and "ROLES" count as the same name);
//   - a crit header (RFC 7515 §4.1.11): the server understands no
//     extension, so it must refuse every token that requires one;
//   - an exp, iat or nbf that is not a JSON number (a string holding a
//     number would be read as one);
//   - anything after the JSON object of a segment.
//
// A token that is not three base64url segments is left to the parser,
// which refuses it as malformed. Errors say what is wrong without echoing
// the token.
func checkStrictJSON(token string) error {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil
	}
	header, err1 := base64.RawURLEncoding.Strict().DecodeString(parts[0])
	payload, err2 := base64.RawURLEncoding.Strict().DecodeString(parts[1])
	if errors.Join(err1, err2) != nil {
		return errors.New("the token is malformed (a segment is not base64url)")
	}
	h, err := uniqueObject(header)
	if err != nil {
		return errors.New("the token's header is not one JSON object with distinct member names")
	}
	if _, ok := h["crit"]; ok {
		return errors.New("the token's header names critical extensions (crit), which the server does not support")
	}
	p, err := uniqueObject(payload)
	if err != nil {
		return errors.New("the token's payload is not one JSON object with distinct claim names")
	}
	for name, v := range p {
		if numericDates[foldName(name)] && !isJSONNumber(v) {
			return errors.New("the token's exp, iat or nbf is not a JSON number")
		}
	}
	return nil
}

// uniqueObject decodes b, which must be exactly one JSON object in which no
// object (at any depth) has two member names equal under foldName, into
// its members.
func uniqueObject(b []byte) (map[string]json.RawMessage, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := walkUnique(dec); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("data after the JSON value")
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil || m == nil {
		return nil, errors.New("not a JSON object")
	}
	return m, nil
}

// walkUnique reads one JSON value from dec and reports an object in it
// with a repeated member name. The decoder bounds the nesting depth.
func walkUnique(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]bool{}
		for dec.More() {
			name, err := dec.Token()
			if err != nil {
				return err
			}
			key := foldName(name.(string))
			if seen[key] {
				return errors.New("duplicate member name")
			}
			seen[key] = true
			if err := walkUnique(dec); err != nil {
				return err
			}
		}
	case json.Delim('['):
		for dec.More() {
			if err := walkUnique(dec); err != nil {
				return err
			}
		}
	default:
		return nil
	}
	_, err = dec.Token() // the closing delimiter
	return err
}

// foldName maps a member name to the same key as every name that
// encoding/json would match to the same struct field: each rune becomes
// the smallest rune of its Unicode simple case-folding orbit.
func foldName(s string) string {
	var b strings.Builder
	for _, r := range s {
		for {
			next := unicode.SimpleFold(r)
			if next <= r {
				r = next
				break
			}
			r = next
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isJSONNumber reports whether v, a valid JSON value, is a number (not a
// string, null or anything else).
func isJSONNumber(v json.RawMessage) bool {
	v = bytes.TrimSpace(v)
	return len(v) > 0 && (v[0] == '-' || ('0' <= v[0] && v[0] <= '9'))
}
