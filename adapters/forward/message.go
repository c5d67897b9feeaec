package forward

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// The metadata keys of a forwarded message. Values are strings: numbers in
// decimal, the hash in lower-case hex, the time in RFC 3339 with
// nanoseconds (UTC).
const (
	MetaPosition      = "position"
	MetaStream        = "stream"
	MetaVersion       = "version"
	MetaType          = "type"
	MetaSchemaVersion = "schema_version"
	MetaHash          = "hash"
	MetaInstansi      = "instansi"
	MetaRecordedAt    = "recorded_at"
)

// Envelope is the payload of a forwarded message: the event as stored, with
// its metadata and data exactly as recorded and its links in the hash
// chain. Instansi is the event's instansi as the forwarder resolved it
// (from the metadata, or derived from its stream for events stored before
// the metadata named it); it may be empty.
type Envelope struct {
	Position      uint64          `json:"position"`
	EventID       string          `json:"event_id"`
	Stream        string          `json:"stream"`
	Version       uint64          `json:"version"`
	Type          string          `json:"type"`
	SchemaVersion int             `json:"schema_version"`
	RecordedAt    time.Time       `json:"recorded_at"`
	Instansi      string          `json:"instansi"`
	Metadata      json.RawMessage `json:"metadata"`
	Data          json.RawMessage `json:"data"`
	PrevHash      string          `json:"prev_hash"`
	Hash          string          `json:"hash"`
}

// envelopeOf returns the envelope of e, whose instansi is instansi.
func envelopeOf(e eventlog.Event, instansi string) Envelope {
	meta := e.RawMetadata
	if len(meta) == 0 {
		meta, _ = json.Marshal(e.Metadata) // plain strings: cannot fail.
	}
	data := e.Data
	if len(data) == 0 {
		data = json.RawMessage(`null`)
	}
	return Envelope{Position: e.Position, EventID: e.ID, Stream: e.Stream, Version: e.Version, Type: e.Type,
		SchemaVersion: e.SchemaVersion, RecordedAt: e.RecordedAt.UTC(), Instansi: instansi, Metadata: meta, Data: data,
		PrevHash: hex.EncodeToString(e.PrevHash), Hash: hex.EncodeToString(e.Hash)}
}

// Message returns the message that forwards e: UUID the event id, payload
// the envelope JSON, metadata the Meta* keys. instansi is the event's
// resolved instansi.
func Message(e eventlog.Event, instansi string) (*message.Message, error) {
	env := envelopeOf(e, instansi)
	payload, err := json.Marshal(env)
	if err != nil {
		return nil, fmt.Errorf("encode event %d (%s): %w", e.Position, e.ID, err)
	}
	msg := message.NewMessage(e.ID, payload)
	msg.Metadata.Set(MetaPosition, strconv.FormatUint(e.Position, 10))
	msg.Metadata.Set(MetaStream, e.Stream)
	msg.Metadata.Set(MetaVersion, strconv.FormatUint(e.Version, 10))
	msg.Metadata.Set(MetaType, e.Type)
	msg.Metadata.Set(MetaSchemaVersion, strconv.Itoa(e.SchemaVersion))
	msg.Metadata.Set(MetaHash, env.Hash)
	msg.Metadata.Set(MetaInstansi, instansi)
	msg.Metadata.Set(MetaRecordedAt, env.RecordedAt.Format(time.RFC3339Nano))
	return msg, nil
}
