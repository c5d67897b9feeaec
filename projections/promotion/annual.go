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
// in force. An event at the current schema version of its type is read
// straight from its JSON (the three types that matter into annual, the
// others only checked to be a JSON object); any other version goes through
// skp.Decode, which upcasts it or reports it, and annualOf. Both paths give
// the same result (TestLightDecodeEqualsDomain).
type annual struct {
	NIP     string      `json:"nip"`
	Year    int         `json:"year"`
	Window  int         `json:"window"`
	Outcome skp.Outcome `json:"outcome"`
	Ratings skp.Ratings `json:"ratings"`
	New     skp.Ratings `json:"new"`
}

// inForce reports whether an event of type eventType with these fields sets
// the annual predikat in force.
func (a annual) inForce(eventType string) bool {
	switch eventType {
	case skp.TypeAnnualRatingsGiven:
		return true
	case skp.TypeRatingsAmended:
		return a.Window == 0
	case skp.TypeObjectionDecided:
		return a.Outcome == skp.OutcomeRatingsChanged
	}
	return false
}

// predikat returns the annual predikat that an event of type eventType in
// force sets.
func (a annual) predikat(eventType string) performance.Predikat {
	if eventType == skp.TypeAnnualRatingsGiven {
		return a.Ratings.Predikat
	}
	return a.New.Predikat
}

// lightVersions maps every SKP event type to its current schema version,
// taken from the domain codec, so a new version falls back to skp.Decode.
var lightVersions = currentVersions(skp.Drafted{}, skp.Edited{}, skp.Submitted{}, skp.Returned{},
	skp.Approved{}, skp.Revised{}, skp.RealisationReported{}, skp.RealisationCorrected{}, skp.FeedbackGiven{},
	skp.FeedbackResponded{}, skp.PeriodicRatingsGiven{}, skp.AnnualRatingsGiven{}, skp.RatingsAmended{},
	skp.ObjectionFiled{}, skp.ObjectionDecided{})

func currentVersions(events ...skp.Event) map[string]int {
	out := make(map[string]int, len(events))
	for _, ev := range events {
		if t, v, _, err := skp.Encode(ev); err == nil {
			out[t] = v
		}
	}
	return out
}

// decodeAnnual returns the annual fields of the SKP event e.
func decodeAnnual(e *eventlog.Event) (annual, error) {
	v, ok := lightVersions[e.Type]
	if !ok || v != e.SchemaVersion {
		ev, err := skp.Decode(e.Type, e.SchemaVersion, e.Data)
		if err != nil {
			return annual{}, err
		}
		return annualOf(ev), nil
	}
	var a annual
	switch e.Type {
	case skp.TypeAnnualRatingsGiven, skp.TypeRatingsAmended, skp.TypeObjectionDecided:
		if err := json.Unmarshal(e.Data, &a); err != nil {
			return annual{}, fmt.Errorf("decode %s v%d: %w", e.Type, e.SchemaVersion, err)
		}
	default:
		if !json.Valid(e.Data) || !bytes.HasPrefix(bytes.TrimSpace(e.Data), []byte("{")) {
			return annual{}, fmt.Errorf("decode %s v%d: not a JSON object", e.Type, e.SchemaVersion)
		}
	}
	return a, nil
}

// annualOf returns the annual fields of a decoded SKP event.
func annualOf(ev skp.Event) annual {
	switch ev := ev.(type) {
	case skp.AnnualRatingsGiven:
		return annual{NIP: ev.NIP, Year: ev.Year, Ratings: ev.Ratings}
	case skp.RatingsAmended:
		return annual{NIP: ev.NIP, Year: ev.Year, Window: ev.Window, New: ev.New}
	case skp.ObjectionDecided:
		return annual{NIP: ev.NIP, Year: ev.Year, Outcome: ev.Outcome, New: ev.New}
	}
	return annual{}
}
