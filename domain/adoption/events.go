package adoption

import (
	"encoding/json"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/eventcodec"
	"github.com/kinerja/kinerja/domain/performance"
)

// TypeAdopted is the stable type string of the adoption event.
const TypeAdopted = "policy.adopted"

// Event is implemented by every event of a policy register.
type Event interface {
	EventType() string
}

// Adopted records that an instansi adopted a policy version from the day
// From on, with the whole policy, so that the log alone says which rules
// every later decision was made under.
//
// A new field of performance.Policy needs a new schema version of this
// event with an upcaster that gives the field the value the rule had
// before (the built-in default's), so that old adoptions still validate.
type Adopted struct {
	Instansi string             `json:"instansi"`
	From     civil.Date         `json:"from"`
	Policy   performance.Policy `json:"policy"`
	Reason   string             `json:"reason,omitempty"`
	At       time.Time          `json:"at"`
	By       actor.Actor        `json:"by"`
}

// EventType returns TypeAdopted.
func (Adopted) EventType() string { return TypeAdopted }

// registry lists every policy register event type with its schema version.
var registry = eventcodec.Registry[Event]{
	TypeAdopted: {Version: 2, Decode: decodeAs[Adopted], Upcasters: map[int]eventcodec.Upcaster{1: upcastAdoptedV1}},
}

// upcastAdoptedV1 gives a v1 policy the field jpt_perspektif (added in v2)
// with the value the rule had before: the four perspektif of DOMAIN.md.
func upcastAdoptedV1(data []byte) ([]byte, error) {
	var ev map[string]json.RawMessage
	if err := json.Unmarshal(data, &ev); err != nil {
		return nil, err
	}
	var policy map[string]json.RawMessage
	if raw, ok := ev["policy"]; ok {
		if err := json.Unmarshal(raw, &policy); err != nil {
			return nil, err
		}
	}
	if policy == nil {
		return data, nil
	}
	if _, ok := policy["jpt_perspektif"]; ok {
		return data, nil
	}
	codes, err := json.Marshal(performance.DefaultJPTPerspektif())
	if err != nil {
		return nil, err
	}
	policy["jpt_perspektif"] = codes
	if ev["policy"], err = json.Marshal(policy); err != nil {
		return nil, err
	}
	return json.Marshal(ev)
}

// Decode upgrades and decodes the stored data of a policy register event.
// Errors wrap eventcodec.ErrUnknownType, ErrUnsupportedVersion or ErrMalformed.
func Decode(eventType string, schemaVersion int, data []byte) (Event, error) {
	return registry.Decode(eventType, schemaVersion, data)
}

// Encode returns the type string, current schema version and JSON of e.
func Encode(e Event) (eventType string, schemaVersion int, data []byte, err error) {
	return registry.Encode(e)
}

// Types returns every policy register event type, sorted.
func Types() []string { return registry.Types() }

func decodeAs[T Event](data []byte) (Event, error) {
	v, err := eventcodec.Unmarshal[T](data)
	if err != nil {
		return nil, err
	}
	return v, nil
}
