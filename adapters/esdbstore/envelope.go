package esdbstore

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// envelope is the custom metadata JSON of every event Kinerja writes to
// EventStoreDB: the parts of eventlog's envelope that EventStoreDB has no
// field for. Metadata holds the bytes eventlog.ValidateAppend encoded, which
// read back unchanged as the event's RawMetadata (the ledger hashes them).
// Instansi repeats Metadata's instansi at the top level, so that tools on
// the server side (filters, server projections) can select by it.
type envelope struct {
	SchemaVersion int             `json:"schema_version"`
	RecordedAt    time.Time       `json:"recorded_at"`
	Instansi      string          `json:"instansi,omitempty"`
	Metadata      json.RawMessage `json:"metadata"`
}

// encodeEvents returns the wire form of events; metas are their encoded
// metadata from eventlog.ValidateAppend, now the recording time.
func encodeEvents(events []eventlog.NewEvent, metas [][]byte, now time.Time) ([]wireEvent, error) {
	out := make([]wireEvent, len(events))
	for i, e := range events {
		m, err := json.Marshal(envelope{SchemaVersion: e.SchemaVersion, RecordedAt: now, Instansi: e.Metadata.Instansi, Metadata: metas[i]})
		if err != nil {
			return nil, fmt.Errorf("event %d: envelope: %w", i, err)
		}
		out[i] = wireEvent{ID: e.ID, Type: e.Type, Data: e.Data, Meta: m}
	}
	return out, nil
}

// isSystem reports whether r is EventStoreDB's own (a $-stream or a
// $-type), not a Kinerja event.
func isSystem(r recorded) bool {
	return strings.HasPrefix(r.Stream, "$") || strings.HasPrefix(r.Type, "$")
}

// decode returns the Kinerja event of r. Events written by other tools
// without the envelope read as schema version 1, recorded at the server's
// time, with empty metadata.
func decode(r recorded) (eventlog.Event, error) {
	e := eventlog.Event{ID: r.ID, Stream: r.Stream, Version: r.Revision + 1, Position: r.Position,
		Type: r.Type, SchemaVersion: 1, Data: json.RawMessage(r.Data), RawMetadata: json.RawMessage(`{}`), RecordedAt: r.Created}
	var env envelope
	if len(r.Meta) > 0 && json.Unmarshal(r.Meta, &env) == nil && env.SchemaVersion > 0 {
		e.SchemaVersion, e.RawMetadata = env.SchemaVersion, env.Metadata
		if !env.RecordedAt.IsZero() {
			e.RecordedAt = env.RecordedAt.UTC()
		}
	}
	if len(e.RawMetadata) == 0 {
		e.RawMetadata = json.RawMessage(`{}`)
	}
	if err := json.Unmarshal(e.RawMetadata, &e.Metadata); err != nil {
		return eventlog.Event{}, fmt.Errorf("event %s at position %d: metadata: %w", r.ID, r.Position, err)
	}
	return e, nil
}

// decodeAll decodes rs, leaving out system events.
func decodeAll(rs []recorded) ([]eventlog.Event, error) {
	out := make([]eventlog.Event, 0, len(rs))
	for _, r := range rs {
		if isSystem(r) {
			continue
		}
		e, err := decode(r)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// instansiOf returns the "instansi" field of a JSON object, or "".
func instansiOf(data []byte) string {
	var v struct {
		Instansi string `json:"instansi"`
	}
	_ = json.Unmarshal(data, &v) // an event without one names none.
	return v.Instansi
}
