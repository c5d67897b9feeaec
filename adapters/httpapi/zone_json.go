package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"time"
)

// rezoneJSON re-encodes a JSON document with its timestamp strings in loc,
// keeping members in order, numbers as written, and the subtree of every
// member named "data" untouched (an event's payload as stored). Strings
// are escaped as encoding/json escapes them, as the handlers wrote them.
func rezoneJSON(b []byte, loc *time.Location) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out bytes.Buffer
	out.Grow(len(b) + 256)
	if err := rezoneValue(dec, b, &out, loc); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("trailing data")
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// rezoneValue copies the next value of dec to out.
func rezoneValue(dec *json.Decoder, src []byte, out *bytes.Buffer, loc *time.Location) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		return rezoneContainer(dec, t, src, out, loc)
	case string:
		if v, ok := inZone(t, loc); ok {
			t = v
		}
		return writeJSONValue(out, t)
	case json.Number:
		out.WriteString(t.String())
		return nil
	default:
		return writeJSONValue(out, t)
	}
}

// rezoneContainer copies an object or array whose opening delimiter d was
// just read.
func rezoneContainer(dec *json.Decoder, d json.Delim, src []byte, out *bytes.Buffer, loc *time.Location) error {
	out.WriteByte(byte(d))
	for first := true; dec.More(); first = false {
		if !first {
			out.WriteByte(',')
		}
		if d == '{' {
			tok, err := dec.Token()
			if err != nil {
				return err
			}
			key, _ := tok.(string)
			if err := writeJSONValue(out, key); err != nil {
				return err
			}
			out.WriteByte(':')
			if key == "data" {
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return err
				}
				out.Write(raw)
				continue
			}
		}
		if err := rezoneValue(dec, src, out, loc); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing delimiter
		return err
	}
	if d == '{' {
		out.WriteByte('}')
	} else {
		out.WriteByte(']')
	}
	return nil
}

// writeJSONValue writes a string, bool or null as encoding/json does.
func writeJSONValue(out *bytes.Buffer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	out.Write(b)
	return nil
}
