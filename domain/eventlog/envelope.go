// Package eventlog defines the envelope of Kinerja's immutable event log: the
// shape of an event before and after it is appended, expected versions, the
// validation every backend applies, and the canonical encoding that the hash
// chain is computed over. It imports the standard library only.
package eventlog

import (
	"encoding/json"
	"time"
)

// Metadata is what the envelope records about who caused an event and why.
// It is stored beside the payload and is part of the hashed bytes. Instansi
// names the instansi whose data the event changes (that of the stream's
// employee, unit, period or SKP); audit search is scoped by it. Events
// stored before it was recorded lack it: the store derives theirs from the
// stream's first event, and their stored bytes (and so their hashes) never
// change.
type Metadata struct {
	ActorID        string `json:"actor_id,omitempty"`
	ActorRole      string `json:"actor_role,omitempty"`
	OnBehalfOf     string `json:"on_behalf_of,omitempty"`
	CorrelationID  string `json:"correlation_id,omitempty"`
	CausationID    string `json:"causation_id,omitempty"`
	RequestID      string `json:"request_id,omitempty"`
	IdempotencyKey string `json:"idempotency_key,omitempty"`
	Reason         string `json:"reason,omitempty"`
	Client         string `json:"client,omitempty"`
	PolicyVersion  string `json:"policy_version,omitempty"`
	Instansi       string `json:"instansi,omitempty"`
}

// NewEvent is an event to be appended. ID is a UUID (v7 from NewID); Type is a
// stable dotted string such as "skp.ratings_given"; Data is a JSON object.
type NewEvent struct {
	ID            string
	Type          string
	SchemaVersion int
	Data          json.RawMessage
	Metadata      Metadata
}

// Event is a committed event as read back from the log. Version is the
// 1-based position of the event in its stream; Position is its 1-based,
// gapless position in the global log. Hash is SHA-256 over PrevHash and the
// canonical encoding of the event (see Canonical).
type Event struct {
	ID            string
	Stream        string
	Version       uint64
	Position      uint64
	Type          string
	SchemaVersion int
	Data          json.RawMessage
	Metadata      Metadata
	RawMetadata   json.RawMessage
	RecordedAt    time.Time
	PrevHash      []byte
	Hash          []byte
}

// AppendResult reports where an append landed: the stream's new version (the
// version of its last event) and the global position of the last event.
type AppendResult struct {
	Version  uint64
	Position uint64
	// Existing is true when every event id was stored already (an
	// idempotent re-append, perhaps by another process that won a race):
	// the append wrote nothing, and Version and Position are those of the
	// stored events. The PostgreSQL store always tells; the EventStoreDB
	// store only when it recognised the re-append itself, not when the
	// server's own deduplication answered it as a write.
	Existing bool
}
