package eventlog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// Limits on what one append may carry.
const (
	MaxDataBytes      = 1 << 20 // 1 MiB per event payload
	MaxMetadataBytes  = 64 << 10
	MaxEventsPerWrite = 10000
	MaxStreamNameLen  = 200
	MaxEventTypeLen   = 100
)

// Validation errors. Each is wrapped with the detail of what was wrong.
var (
	ErrInvalidStream    = errors.New("invalid stream name")
	ErrInvalidEventType = errors.New("invalid event type")
	ErrInvalidEventID   = errors.New("invalid event id")
	ErrInvalidData      = errors.New("invalid event data")
	ErrPayloadTooLarge  = errors.New("event payload too large")
	ErrNoEvents         = errors.New("no events to append")
	ErrTooManyEvents    = errors.New("too many events in one append")
	ErrDuplicateEvent   = errors.New("event id already stored elsewhere")
)

// ValidateStream checks a stream name.
func ValidateStream(stream string) error {
	if len(stream) > MaxStreamNameLen || !isStreamName(stream) {
		return fmt.Errorf("%w: %q (want category-id, e.g. skp-198609262015051001-2025, at most %d characters)", ErrInvalidStream, stream, MaxStreamNameLen)
	}
	return nil
}

// ValidateEventType checks an event type string.
func ValidateEventType(t string) error {
	if len(t) > MaxEventTypeLen || !isEventType(t) {
		return fmt.Errorf("%w: %q (want dotted lower-case words, e.g. skp.ratings_given)", ErrInvalidEventType, t)
	}
	return nil
}

// ValidateAppend checks everything an append carries before anything is
// written: the stream name, the number of events, and each event's id, type,
// schema version, payload and metadata size. It returns the encoded metadata
// of each event, which is what the store must persist and hash.
func ValidateAppend(stream string, events []NewEvent) ([][]byte, error) {
	if err := ValidateStream(stream); err != nil {
		return nil, err
	}
	if len(events) == 0 {
		return nil, ErrNoEvents
	}
	if len(events) > MaxEventsPerWrite {
		return nil, fmt.Errorf("%w: %d > %d", ErrTooManyEvents, len(events), MaxEventsPerWrite)
	}
	metas := make([][]byte, len(events))
	seen := make(map[string]bool, len(events))
	for i, e := range events {
		if !isLowerUUID(e.ID) {
			return nil, fmt.Errorf("event %d: %w: %q (want a lower-case UUID)", i, ErrInvalidEventID, e.ID)
		}
		if seen[e.ID] {
			return nil, fmt.Errorf("event %d: %w: id %s repeated in one append", i, ErrInvalidEventID, e.ID)
		}
		seen[e.ID] = true
		if err := ValidateEventType(e.Type); err != nil {
			return nil, fmt.Errorf("event %d: %w", i, err)
		}
		if e.SchemaVersion < 1 {
			return nil, fmt.Errorf("event %d: %w: schema version %d (want >= 1)", i, ErrInvalidData, e.SchemaVersion)
		}
		if len(e.Data) > MaxDataBytes {
			return nil, fmt.Errorf("event %d: %w: %d bytes > %d", i, ErrPayloadTooLarge, len(e.Data), MaxDataBytes)
		}
		if !json.Valid(e.Data) || !bytes.HasPrefix(bytes.TrimSpace(e.Data), []byte("{")) {
			return nil, fmt.Errorf("event %d: %w: data must be a JSON object", i, ErrInvalidData)
		}
		if hasNUL(e.Data) {
			return nil, fmt.Errorf("event %d: %w: data contains a NUL character", i, ErrInvalidData)
		}
		m, err := json.Marshal(e.Metadata)
		if err != nil {
			return nil, fmt.Errorf("event %d: %w: metadata: %v", i, ErrInvalidData, err)
		}
		if len(m) > MaxMetadataBytes {
			return nil, fmt.Errorf("event %d: %w: metadata %d bytes > %d", i, ErrPayloadTooLarge, len(m), MaxMetadataBytes)
		}
		metas[i] = m
	}
	return metas, nil
}
