package httpapi

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
)

// A request body may not hold a JSON null except in a field whose Go struct
// tag says `nullable:"true"` (and which openapi.yaml marks nullable: true).
// encoding/json decodes a null as "leave the zero value", so without this
// check {"plan":{"perilaku":null}} would be accepted as if the field were
// absent while the API document says the value must be an array: the
// server and its contract would disagree. A client omits a field instead.

// firstNull scans a valid JSON document and returns the path of its first
// null value: object keys, and "[]" for an array element. found is false
// when the document holds no null.
func firstNull(doc []byte) (path []string, found bool) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	type frame struct {
		object    bool
		expectKey bool
		key       string
	}
	var stack []*frame
	here := func() []string {
		p := make([]string, 0, len(stack))
		for _, f := range stack {
			if f.object {
				p = append(p, f.key)
			} else {
				p = append(p, "[]")
			}
		}
		return p
	}
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].object {
			stack[n-1].expectKey = true
		}
	}
	for {
		tok, err := dec.Token()
		if err != nil { // io.EOF at the end; the document was decoded before
			return nil, false
		}
		if n := len(stack); n > 0 && stack[n-1].object && stack[n-1].expectKey {
			if k, isKey := tok.(string); isKey {
				stack[n-1].key = k
				stack[n-1].expectKey = false
				continue
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{object: true, expectKey: true})
		case json.Delim('['):
			stack = append(stack, &frame{})
		case json.Delim(']'), json.Delim('}'):
			stack = stack[:len(stack)-1]
			valueDone()
		case nil:
			return here(), true
		default:
			valueDone()
		}
	}
}

// nullAllowed reports whether a null at path may be decoded into a value
// of type t: only when path ends in a struct field tagged nullable:"true".
// Values of free-form type (interface) accept null anywhere within.
func nullAllowed(t reflect.Type, path []string) bool {
	for i, seg := range path {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		last := i == len(path)-1
		switch t.Kind() {
		case reflect.Interface:
			return true
		case reflect.Slice, reflect.Array:
			if seg != "[]" || last {
				return false
			}
			t = t.Elem()
		case reflect.Map:
			if seg == "[]" || last {
				return false
			}
			t = t.Elem()
		case reflect.Struct:
			f, ok := jsonField(t, seg)
			if !ok {
				return false
			}
			if last {
				return f.Tag.Get("nullable") == "true"
			}
			t = f.Type
		default:
			return false
		}
	}
	return false
}

// jsonField finds the struct field that encoding/json decodes key into,
// matching names case-insensitively and looking into embedded structs.
func jsonField(t reflect.Type, key string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				if g, ok := jsonField(et, key); ok {
					return g, true
				}
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if foldKey(name) == foldKey(key) {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// nullProblem rejects a null the destination dst does not accept.
func nullProblem(doc []byte, dst any) error {
	path, found := firstNull(doc)
	if !found || nullAllowed(reflect.TypeOf(dst), path) {
		return nil
	}
	field := strings.ReplaceAll(strings.Join(path, "."), ".[]", "[]")
	if field == "" {
		return newRequestError(TypeMalformed, "The body is null; send a JSON object.")
	}
	return newRequestError(TypeValidation, "A field is null; omit a field instead of sending null.",
		FieldError{Field: field, Message: "must not be null"})
}
