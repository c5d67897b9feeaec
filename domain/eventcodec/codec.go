// Package eventcodec is the machinery shared by the codecs of the domain
// packages: a registry of event types with their current schema version, a
// decoder per type, and upcasters that upgrade old schema versions on read.
// Stored bytes never change; upcasting is a pure function of the raw JSON.
package eventcodec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// Decoding errors. Every error of Decode wraps exactly one of them.
var (
	// ErrUnknownType means the event type is not registered.
	ErrUnknownType = errors.New("unknown event type")
	// ErrUnsupportedVersion means the schema version is below 1, newer than
	// the code knows, or has no upcaster.
	ErrUnsupportedVersion = errors.New("unsupported event schema version")
	// ErrMalformed means the data is not a JSON object of the expected shape.
	ErrMalformed = errors.New("malformed event data")
)

// Event is what a domain package's events implement: a stable type string
// such as "skp.annual_ratings_given", never derived from the Go type name.
type Event interface {
	EventType() string
}

// Upcaster upgrades the raw JSON of one event type from one schema version to
// the next. It must be pure and must not panic on any input.
type Upcaster func(data []byte) ([]byte, error)

// Entry describes one event type: its current schema version, how to decode
// the current version, and the upcasters keyed by the version they upgrade
// from (Upcasters[1] turns v1 into v2).
type Entry[E Event] struct {
	Version   int
	Decode    func(data []byte) (E, error)
	Upcasters map[int]Upcaster
}

// Registry maps event types to their entries.
type Registry[E Event] map[string]Entry[E]

// Decode upgrades data from schemaVersion to the current version of
// eventType and decodes it.
func (r Registry[E]) Decode(eventType string, schemaVersion int, data []byte) (E, error) {
	var zero E
	ent, ok := r[eventType]
	if !ok {
		return zero, fmt.Errorf("%w: %q", ErrUnknownType, eventType)
	}
	if schemaVersion < 1 || schemaVersion > ent.Version {
		return zero, fmt.Errorf("%w: %s v%d (this build knows v1 to v%d)", ErrUnsupportedVersion, eventType, schemaVersion, ent.Version)
	}
	// Decoders check the JSON as they decode (Unmarshal); upcasters get
	// data checked first.
	if err := checkObject(data, schemaVersion < ent.Version); err != nil {
		return zero, fmt.Errorf("%s v%d: %w", eventType, schemaVersion, err)
	}
	for v := schemaVersion; v < ent.Version; v++ {
		up := ent.Upcasters[v]
		if up == nil {
			return zero, fmt.Errorf("%w: %s has no upcaster from v%d", ErrUnsupportedVersion, eventType, v)
		}
		next, err := up(data)
		if err != nil {
			return zero, fmt.Errorf("%w: upcast %s from v%d: %w", ErrMalformed, eventType, v, err)
		}
		data = next
	}
	e, err := ent.Decode(data)
	if err != nil {
		return zero, fmt.Errorf("decode %s v%d: %w", eventType, schemaVersion, err)
	}
	return e, nil
}

// Encode returns the type, current schema version and JSON of e.
func (r Registry[E]) Encode(e E) (eventType string, schemaVersion int, data []byte, err error) {
	if any(e) == nil {
		return "", 0, nil, fmt.Errorf("%w: nil event", ErrUnknownType)
	}
	eventType = e.EventType()
	ent, ok := r[eventType]
	if !ok {
		return "", 0, nil, fmt.Errorf("%w: %q", ErrUnknownType, eventType)
	}
	data, err = json.Marshal(e)
	if err != nil {
		return "", 0, nil, fmt.Errorf("encode %s: %w", eventType, err)
	}
	return eventType, ent.Version, data, nil
}

// Types returns the registered event types, sorted.
func (r Registry[E]) Types() []string {
	types := make([]string, 0, len(r))
	for t := range r {
		types = append(types, t)
	}
	slices.Sort(types)
	return types
}

// Unmarshal decodes a JSON object into a T. Anything else, including null,
// an array or trailing garbage, is an error wrapping ErrMalformed.
func Unmarshal[T any](data []byte) (T, error) {
	var v T
	if err := checkObject(data, false); err != nil {
		return v, err
	}
	// json.Unmarshal checks the whole text is valid before it decodes
	// anything: no second pass of json.Valid (a third of a projection's
	// decoding time).
	if err := json.Unmarshal(data, &v); err != nil {
		var syntax *json.SyntaxError
		if errors.As(err, &syntax) {
			return v, fmt.Errorf("%w: not valid JSON: %v", ErrMalformed, err)
		}
		return v, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	return v, nil
}

// Fields decodes a JSON object into its raw fields, for upcasters.
func Fields(data []byte) (map[string]json.RawMessage, error) {
	return Unmarshal[map[string]json.RawMessage](data)
}

// checkObject checks that data starts as a JSON object, and with whole
// that it is valid JSON (without it, json.Unmarshal checks validity).
func checkObject(data []byte, whole bool) error {
	if (whole || !bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("{"))) && !json.Valid(data) {
		return fmt.Errorf("%w: not valid JSON", ErrMalformed)
	}
	if !bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("{")) {
		return fmt.Errorf("%w: not a JSON object", ErrMalformed)
	}
	return nil
}
