package httpapi

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// liveEventView is the data of one SSE event: the envelope of the event
// with its payload, without the metadata internals (request, correlation
// and causation ids, idempotency key, client), which stay for auditors.
type liveEventView struct {
	Position      uint64          `json:"position"`
	EventID       string          `json:"event_id"`
	Stream        string          `json:"stream"`
	Version       uint64          `json:"version"`
	Type          string          `json:"type"`
	SchemaVersion int             `json:"schema_version"`
	RecordedAt    time.Time       `json:"recorded_at"`
	Actor         liveActorView   `json:"actor"`
	Data          json.RawMessage `json:"data"`
}

// liveActorView is who caused an event, in which role, and for whom.
type liveActorView struct {
	ID         string `json:"id,omitempty"`
	Role       string `json:"role,omitempty"`
	OnBehalfOf string `json:"on_behalf_of,omitempty"`
}

// renderLive renders e as an SSE frame: its position as the id, its type
// as the event name, and its view as one line of JSON data.
func renderLive(e eventlog.Event) (*liveMessage, error) {
	data := e.Data
	if len(data) == 0 {
		data = json.RawMessage("{}")
	}
	v := liveEventView{Position: e.Position, EventID: e.ID, Stream: e.Stream, Version: e.Version, Type: e.Type,
		SchemaVersion: e.SchemaVersion, RecordedAt: e.RecordedAt.UTC(), Data: data,
		Actor: liveActorView{ID: e.Metadata.ActorID, Role: e.Metadata.ActorRole, OnBehalfOf: e.Metadata.OnBehalfOf}}
	body, err := json.Marshal(v) // compact: no line breaks, as one data line needs.
	if err != nil {
		return nil, fmt.Errorf("render live event %d: %w", e.Position, err)
	}
	frame := make([]byte, 0, len(body)+len(e.Type)+40)
	frame = append(frame, "id: "...)
	frame = strconv.AppendUint(frame, e.Position, 10)
	frame = append(frame, "\nevent: "...)
	frame = append(frame, sseField(e.Type)...)
	frame = append(frame, "\ndata: "...)
	frame = append(frame, body...)
	frame = append(frame, "\n\n"...)
	return &liveMessage{pos: e.Position, frame: frame}, nil
}

// sseField keeps a field value on one line: an event type is a dotted
// identifier, but a line break in it would forge fields.
func sseField(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' || s[i] == '\r' {
			return "unknown"
		}
	}
	return s
}
