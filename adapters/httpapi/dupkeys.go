package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"unicode"
)

// jsonFrame is one open JSON container while scanning for duplicate keys.
type jsonFrame struct {
	object    bool
	keys      map[string]bool // folded keys seen, for an object
	expectKey bool            // an object's next token is a key
}

// duplicateKey scans a valid JSON document and returns the first object
// key that repeats an earlier key of the same object, compared with case
// folded as encoding/json matches fields ("text" and "Text" are the same),
// at any depth; ok is false when there is none.
func duplicateKey(doc []byte) (key string, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var stack []*jsonFrame
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) || err != nil {
			return "", false
		}
		var top *jsonFrame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.object && top.expectKey {
			k, _ := tok.(string) // after '{' or a value, the decoder only yields a key or '}'
			if d, isDelim := tok.(json.Delim); isDelim && d == '}' {
				stack = stack[:len(stack)-1]
				valueDone(stack)
				continue
			}
			f := foldKey(k)
			if top.keys[f] {
				return k, true
			}
			top.keys[f] = true
			top.expectKey = false
			continue
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &jsonFrame{object: true, keys: map[string]bool{}, expectKey: true})
		case json.Delim('['):
			stack = append(stack, &jsonFrame{})
		case json.Delim(']'):
			stack = stack[:len(stack)-1]
			valueDone(stack)
		default:
			valueDone(stack)
		}
	}
}

// valueDone notes that a value of the innermost open container ended.
func valueDone(stack []*jsonFrame) {
	if len(stack) > 0 && stack[len(stack)-1].object {
		stack[len(stack)-1].expectKey = true
	}
}

// foldKey maps each rune of k to the least rune of its Unicode simple case
// folding orbit, so that keys encoding/json would match map to one string.
func foldKey(k string) string {
	out := make([]rune, 0, len(k))
	for _, r := range k {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		out = append(out, least)
	}
	return string(out)
}
