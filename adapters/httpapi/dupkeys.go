package httpapi

import (
	"bytes"
	"encoding/json"
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
		if err != nil { // io.EOF at the end; the document was decoded before, so no other
			return "", false
		}
		var top *jsonFrame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.object && top.expectKey {
			// After '{' or a member's value the decoder yields a key or '}'.
			if k, isKey := tok.(string); isKey {
				if !top.addKey(k) {
					return k, true
				}
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &jsonFrame{object: true, keys: map[string]bool{}, expectKey: true})
		case json.Delim('['):
			stack = append(stack, &jsonFrame{})
		case json.Delim(']'), json.Delim('}'):
			stack = stack[:len(stack)-1]
			valueDone(stack)
		default:
			valueDone(stack)
		}
	}
}

// addKey records an object's key and reports whether it is new.
func (f *jsonFrame) addKey(k string) bool {
	folded := foldKey(k)
	if f.keys[folded] {
		return false
	}
	f.keys[folded] = true
	f.expectKey = false
	return true
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
