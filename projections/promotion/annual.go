package promotion

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// annual holds the fields of an SKP event that can set the annual predikat
// in force. An event at the current schema version of its type
// (skp.CurrentVersion) is read straight from its JSON (rating events into
// annual, the others only checked to be a JSON object); any other version
// goes through skp.Decode, which upcasts it or reports it, and annualOf.
// Both paths give the same result (TestLightDecodeEqualsDomain).
type annual struct {
	NIP  string `json:"nip"`
	Year int    `json:"year"`
	skp.RatingFacts
}

// inForce reports whether an event of type eventType with these fields sets
// the annual predikat in force.
func (a annual) inForce(eventType string) bool {
	w, _, ok := a.InForce(eventType)
	return ok && w == 0
}

// predikat returns the annual predikat that an event of type eventType in
// force sets.
func (a annual) predikat(eventType string) performance.Predikat {
	_, r, _ := a.InForce(eventType)
	return r.Predikat
}

// decodeAnnual returns the annual fields of the SKP event e.
func decodeAnnual(e *eventlog.Event) (annual, error) {
	if v, ok := skp.CurrentVersion(e.Type); !ok || v != e.SchemaVersion {
		ev, err := skp.Decode(e.Type, e.SchemaVersion, e.Data)
		if err != nil {
			return annual{}, err
		}
		return annualOf(ev), nil
	}
	var a annual
	if skp.IsRatingEvent(e.Type) {
		if err := json.Unmarshal(e.Data, &a); err != nil {
			return annual{}, fmt.Errorf("decode %s v%d: %w", e.Type, e.SchemaVersion, err)
		}
	} else if !json.Valid(e.Data) || !bytes.HasPrefix(bytes.TrimSpace(e.Data), []byte("{")) {
		return annual{}, fmt.Errorf("decode %s v%d: not a JSON object", e.Type, e.SchemaVersion)
	}
	return a, nil
}

// annualOf returns the annual fields of a decoded SKP event.
func annualOf(ev skp.Event) annual {
	set, _ := skp.RatingsInForce(ev)
	return annual{NIP: set.NIP, Year: set.Year, RatingFacts: skp.RatingFactsOf(ev)}
}
