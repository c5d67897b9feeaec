package command

import (
	"errors"
	"fmt"

	"github.com/kinerja/kinerja/domain/text"
)

var (
	// ErrInvalidMetadata means a text of the command's Meta breaks the rules
	// of package text; the error also wraps the *text.Error.
	ErrInvalidMetadata = errors.New("invalid command metadata")
	// ErrEventTooLarge means an event a command decided encodes to more
	// than text.MaxEventDataBytes; the error is an *EventTooLargeError.
	ErrEventTooLarge = errors.New("event data too large")
)

// EventTooLargeError names the event that is too large, its size and the limit.
type EventTooLargeError struct {
	Type  string
	Bytes int
	Limit int
}

// Error says which event is too large and by how much.
func (e *EventTooLargeError) Error() string {
	return fmt.Sprintf("%v: %s would be %d bytes (limit: %d bytes)", ErrEventTooLarge, e.Type, e.Bytes, e.Limit)
}

// Unwrap returns ErrEventTooLarge.
func (e *EventTooLargeError) Unwrap() error { return ErrEventTooLarge }

// checkMeta checks the free text of m that goes into every event's metadata.
func checkMeta(m Meta) error {
	fields := []struct {
		name, value string
		limit       int
	}{
		{"on_behalf_of", m.OnBehalfOf, text.MaxIdentifier},
		{"correlation_id", m.CorrelationID, text.MaxIdentifier},
		{"causation_id", m.CausationID, text.MaxIdentifier},
		{"request_id", m.RequestID, text.MaxIdentifier},
		{"idempotency_key", m.IdempotencyKey, text.MaxScopedKey},
		{"client", m.Client, text.MaxIdentifier},
	}
	for _, f := range fields {
		if _, err := text.Line(f.name, f.value, f.limit); err != nil {
			return fmt.Errorf("%w: %w", ErrInvalidMetadata, err)
		}
	}
	if _, err := text.Block("reason", m.Reason, text.MaxNote); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidMetadata, err)
	}
	return nil
}

// checkSizes checks that no decided event's data exceeds text.MaxEventDataBytes.
func checkSizes(events []encoded) error {
	for _, e := range events {
		if len(e.data) > text.MaxEventDataBytes {
			return &EventTooLargeError{Type: e.typ, Bytes: len(e.data), Limit: text.MaxEventDataBytes}
		}
	}
	return nil
}
