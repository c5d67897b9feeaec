package eventbus

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// Metadata keys of a batch message.
const (
	MetadataFirst = "kinerja_first_position"
	MetadataLast  = "kinerja_last_position"
	MetadataCount = "kinerja_event_count"
)

// ErrBadBatch is returned for a message that is not a well-formed batch.
var ErrBadBatch = errors.New("malformed event batch message")

// wireEvent is the JSON form of one event in a batch message.
type wireEvent struct {
	ID            string          `json:"id"`
	Stream        string          `json:"stream"`
	Version       uint64          `json:"version"`
	Position      uint64          `json:"position"`
	Type          string          `json:"type"`
	SchemaVersion int             `json:"schema_version"`
	Data          json.RawMessage `json:"data"`
	Metadata      json.RawMessage `json:"metadata"`
	RecordedAt    time.Time       `json:"recorded_at"`
}

// EncodeBatch returns a message carrying events, which must be consecutive
// events of the global log, in position order. Its UUID is "first-last", so a redelivery of
// the same range has the same UUID. The hash fields of the events are not
// carried: projections do not need them.
func EncodeBatch(events []eventlog.Event) (*message.Message, error) {
	if len(events) == 0 {
		return nil, fmt.Errorf("encode batch: %w: no events", ErrBadBatch)
	}
	wire := make([]wireEvent, len(events))
	for i, e := range events {
		meta := e.RawMetadata
		if len(meta) == 0 {
			var err error
			if meta, err = json.Marshal(e.Metadata); err != nil {
				return nil, fmt.Errorf("encode batch: metadata of %d: %w", e.Position, err)
			}
		}
		wire[i] = wireEvent{e.ID, e.Stream, e.Version, e.Position, e.Type, e.SchemaVersion, e.Data, meta, e.RecordedAt}
	}
	payload, err := json.Marshal(wire)
	if err != nil {
		return nil, fmt.Errorf("encode batch: %w", err)
	}
	first, last := events[0].Position, events[len(events)-1].Position
	msg := message.NewMessage(fmt.Sprintf("%d-%d", first, last), payload)
	msg.Metadata.Set(MetadataFirst, strconv.FormatUint(first, 10))
	msg.Metadata.Set(MetadataLast, strconv.FormatUint(last, 10))
	msg.Metadata.Set(MetadataCount, strconv.Itoa(len(events)))
	if c := events[0].Metadata.CorrelationID; c != "" {
		middleware.SetCorrelationID(c, msg)
	}
	return msg, nil
}

// DecodeBatch returns the events carried by msg, checking that they are in
// position order and match the metadata.
func DecodeBatch(msg *message.Message) ([]eventlog.Event, error) {
	var wire []wireEvent
	if err := json.Unmarshal(msg.Payload, &wire); err != nil {
		return nil, fmt.Errorf("decode batch %s: %w: %v", msg.UUID, ErrBadBatch, err)
	}
	if len(wire) == 0 || strconv.Itoa(len(wire)) != msg.Metadata.Get(MetadataCount) {
		return nil, fmt.Errorf("decode batch %s: %w: %d events, metadata says %s", msg.UUID, ErrBadBatch, len(wire), msg.Metadata.Get(MetadataCount))
	}
	out := make([]eventlog.Event, len(wire))
	for i, w := range wire {
		if i > 0 && w.Position <= out[i-1].Position {
			return nil, fmt.Errorf("decode batch %s: %w: position %d follows %d", msg.UUID, ErrBadBatch, w.Position, out[i-1].Position)
		}
		e := eventlog.Event{ID: w.ID, Stream: w.Stream, Version: w.Version, Position: w.Position, Type: w.Type,
			SchemaVersion: w.SchemaVersion, Data: w.Data, RawMetadata: w.Metadata, RecordedAt: w.RecordedAt}
		if err := json.Unmarshal(w.Metadata, &e.Metadata); err != nil {
			return nil, fmt.Errorf("decode batch %s: %w: metadata of %d: %v", msg.UUID, ErrBadBatch, w.Position, err)
		}
		out[i] = e
	}
	if strconv.FormatUint(out[0].Position, 10) != msg.Metadata.Get(MetadataFirst) {
		return nil, fmt.Errorf("decode batch %s: %w: first position %d, metadata says %s", msg.UUID, ErrBadBatch, out[0].Position, msg.Metadata.Get(MetadataFirst))
	}
	return out, nil
}

// batchRange returns the first and last position named by msg's metadata.
func batchRange(msg *message.Message) (first, last uint64) {
	first, _ = strconv.ParseUint(msg.Metadata.Get(MetadataFirst), 10, 64)
	last, _ = strconv.ParseUint(msg.Metadata.Get(MetadataLast), 10, 64)
	return first, last
}
