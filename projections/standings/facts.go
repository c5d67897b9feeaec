package standings

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
)

// facts are the fields of an SKP event that standings uses. An event at
// the current schema version of its type is read straight into facts (one
// pass over the JSON, no plan, actor or evidence decoded); any other
// version goes through skp.Decode, which upcasts it or reports it, and
// factsOf. Both paths change a row alike (TestLightDecodeEqualsDomain).
type facts struct {
	Instansi string      `json:"instansi"`
	Plan     planShape   `json:"plan"`
	Late     bool        `json:"late"`
	Window   int         `json:"window"`
	Label    string      `json:"label"`
	Ratings  skp.Ratings `json:"ratings"`
	New      skp.Ratings `json:"new"`
	Outcome  skp.Outcome `json:"outcome"`
	At       time.Time   `json:"at"`
}

// planShape is the size of a plan: its RHK and the IKI of each.
type planShape struct {
	RHK []struct {
		IKI []struct{} `json:"iki"`
	} `json:"rhk"`
}

// counts returns the number of RHK and IKI.
func (p planShape) counts() (rhk, iki int32) {
	for _, r := range p.RHK {
		iki += int32(len(r.IKI))
	}
	return int32(len(p.RHK)), iki
}

// shapeOf returns the shape of a decoded plan.
func shapeOf(p skp.Plan) planShape {
	var s planShape
	for _, r := range p.RHK {
		s.RHK = append(s.RHK, struct {
			IKI []struct{} `json:"iki"`
		}{IKI: make([]struct{}, len(r.IKI))})
	}
	return s
}

// lightVersions maps the SKP event types read without skp.Decode to the
// schema version their JSON must have to be read so; it is taken from the
// domain codec, so a new schema version falls back to skp.Decode by itself.
var lightVersions = currentVersions(skp.Drafted{}, skp.Edited{}, skp.Submitted{}, skp.Returned{},
	skp.Approved{}, skp.Revised{}, skp.RealisationReported{}, skp.RealisationCorrected{}, skp.FeedbackGiven{},
	skp.FeedbackResponded{}, skp.PeriodicRatingsGiven{}, skp.AnnualRatingsGiven{}, skp.RatingsAmended{},
	skp.ObjectionFiled{}, skp.ObjectionDecided{})

// currentVersions returns the type and current schema version of each event.
func currentVersions(events ...skp.Event) map[string]int {
	out := make(map[string]int, len(events))
	for _, ev := range events {
		t, v, _, err := skp.Encode(ev)
		if err == nil {
			out[t] = v
		}
	}
	return out
}

// decodeFacts returns the facts of the SKP event e.
func decodeFacts(e eventlog.Event) (facts, error) {
	var f facts
	if v, ok := lightVersions[e.Type]; ok && v == e.SchemaVersion {
		if err := json.Unmarshal(e.Data, &f); err != nil {
			return facts{}, fmt.Errorf("decode %s v%d: %w", e.Type, e.SchemaVersion, err)
		}
		f.At = f.At.UTC()
		return f, nil
	}
	ev, err := skp.Decode(e.Type, e.SchemaVersion, e.Data)
	if err != nil {
		return facts{}, err
	}
	return factsOf(ev), nil
}

// factsOf returns the facts of a decoded SKP event.
func factsOf(ev skp.Event) facts {
	switch ev := ev.(type) {
	case skp.Drafted:
		return facts{Instansi: ev.Instansi, Plan: shapeOf(ev.Plan), At: ev.At.UTC()}
	case skp.Edited:
		return facts{Plan: shapeOf(ev.Plan), At: ev.At.UTC()}
	case skp.Revised:
		return facts{Plan: shapeOf(ev.Plan), At: ev.At.UTC()}
	case skp.RealisationReported:
		return facts{Late: ev.Late, At: ev.At.UTC()}
	case skp.PeriodicRatingsGiven:
		return facts{Window: ev.Window, Label: ev.Label, Ratings: ev.Ratings, At: ev.At.UTC()}
	case skp.AnnualRatingsGiven:
		return facts{Ratings: ev.Ratings, At: ev.At.UTC()}
	case skp.RatingsAmended:
		return facts{Window: ev.Window, New: ev.New, At: ev.At.UTC()}
	case skp.ObjectionDecided:
		return facts{Outcome: ev.Outcome, New: ev.New, At: ev.At.UTC()}
	}
	return facts{}
}
