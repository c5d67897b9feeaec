package followup

import (
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/eventcodec"
)

// TypeRecorded is the stable type string of a recorded follow-up.
const TypeRecorded = "followup.recorded"

// Event is implemented by every follow-up event payload.
type Event interface {
	EventType() string
}

// Recorded records one follow-up of the employee NIP of Instansi, numbered
// No within the stream, with the rating events it rests on.
type Recorded struct {
	NIP       string      `json:"nip"`
	Instansi  string      `json:"instansi"`
	No        int         `json:"no"`
	Kind      Kind        `json:"kind"`
	Title     string      `json:"title"`
	Reason    string      `json:"reason"`
	Effective civil.Date  `json:"effective"`
	Basis     []Basis     `json:"basis"`
	At        time.Time   `json:"at"`
	By        actor.Actor `json:"by"`
}

// EventType returns TypeRecorded.
func (Recorded) EventType() string { return TypeRecorded }

var registry = eventcodec.Registry[Event]{
	TypeRecorded: {Version: 1, Decode: decodeRecorded},
}

func decodeRecorded(data []byte) (Event, error) {
	v, err := eventcodec.Unmarshal[Recorded](data)
	if err != nil {
		return nil, err
	}
	return v, nil
}

// Decode upgrades and decodes the stored data of a follow-up event. Errors
// wrap eventcodec.ErrUnknownType, ErrUnsupportedVersion or ErrMalformed.
func Decode(eventType string, schemaVersion int, data []byte) (Event, error) {
	return registry.Decode(eventType, schemaVersion, data)
}

// Encode returns the type string, current schema version and JSON of e.
func Encode(e Event) (eventType string, schemaVersion int, data []byte, err error) {
	return registry.Encode(e)
}

// Types returns every follow-up event type, sorted.
func Types() []string { return registry.Types() }
