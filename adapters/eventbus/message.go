package eventbus

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

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

// batchKey is the context key under which a message carries its events.
type batchKey struct{}

// pageKey is the context key under which a message carries its events as
// prepared by the projection (see Preparer).
type pageKey struct{}

// summary is the payload of a batch message: what the batch holds, for logs
// and for anyone inspecting the message. The events themselves travel in
// the message's context: subscriber and handler run in one process, and
// re-encoding every event as JSON would cost more than applying it.
type summary struct {
	First  uint64         `json:"first"`
	Last   uint64         `json:"last"`
	Events []summaryEvent `json:"events"`
}

// summaryEvent names one event of a batch.
type summaryEvent struct {
	Position uint64 `json:"position"`
	ID       string `json:"id"`
	Type     string `json:"type"`
}

// EncodeBatch returns a message carrying events, which must be consecutive
// events of the global log, in position order. Its UUID is "first-last", so
// a redelivery of the same range has the same UUID; the correlation id is
// that of the first event.
func EncodeBatch(ctx context.Context, events []eventlog.Event) (*message.Message, error) {
	if len(events) == 0 {
		return nil, fmt.Errorf("encode batch: %w: no events", ErrBadBatch)
	}
	first, last := events[0].Position, events[len(events)-1].Position
	s := summary{First: first, Last: last, Events: make([]summaryEvent, len(events))}
	for i, e := range events {
		s.Events[i] = summaryEvent{e.Position, e.ID, e.Type}
	}
	payload, err := json.Marshal(s)
	if err != nil {
		return nil, fmt.Errorf("encode batch %d-%d: %w", first, last, err)
	}
	msg := message.NewMessage(fmt.Sprintf("%d-%d", first, last), payload)
	msg.Metadata.Set(MetadataFirst, strconv.FormatUint(first, 10))
	msg.Metadata.Set(MetadataLast, strconv.FormatUint(last, 10))
	msg.Metadata.Set(MetadataCount, strconv.Itoa(len(events)))
	if c := events[0].Metadata.CorrelationID; c != "" {
		middleware.SetCorrelationID(c, msg)
	}
	msg.SetContext(context.WithValue(ctx, batchKey{}, events))
	return msg, nil
}

// DecodeBatch returns the events carried by msg, checking that they are in
// position order and match the metadata.
func DecodeBatch(msg *message.Message) ([]eventlog.Event, error) {
	events, _ := msg.Context().Value(batchKey{}).([]eventlog.Event)
	first, last := batchRange(msg)
	switch {
	case len(events) == 0:
		return nil, fmt.Errorf("decode batch %s: %w: no events in the message context", msg.UUID, ErrBadBatch)
	case strconv.Itoa(len(events)) != msg.Metadata.Get(MetadataCount):
		return nil, fmt.Errorf("decode batch %s: %w: %d events, metadata says %s", msg.UUID, ErrBadBatch, len(events), msg.Metadata.Get(MetadataCount))
	case events[0].Position != first || events[len(events)-1].Position != last:
		return nil, fmt.Errorf("decode batch %s: %w: positions %d-%d, metadata says %d-%d", msg.UUID, ErrBadBatch,
			events[0].Position, events[len(events)-1].Position, first, last)
	}
	for i := 1; i < len(events); i++ {
		if events[i].Position <= events[i-1].Position {
			return nil, fmt.Errorf("decode batch %s: %w: position %d follows %d", msg.UUID, ErrBadBatch, events[i].Position, events[i-1].Position)
		}
	}
	return events, nil
}

// batchRange returns the first and last position named by msg's metadata.
func batchRange(msg *message.Message) (first, last uint64) {
	first, _ = strconv.ParseUint(msg.Metadata.Get(MetadataFirst), 10, 64)
	last, _ = strconv.ParseUint(msg.Metadata.Get(MetadataLast), 10, 64)
	return first, last
}
