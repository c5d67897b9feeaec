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
// pass over the JSON, no plan, actor or evidence decoded; skp.CurrentVersion
// says which version that is); any other
// version goes through skp.Decode, which upcasts it or reports it, and
// factsOf. Both paths change a row alike (TestLightDecodeEqualsDomain).
type facts struct {
	Instansi string    `json:"instansi"`
	Plan     planShape `json:"plan"`
	Late     bool      `json:"late"`
	Label    string    `json:"label"`
	skp.RatingFacts
	At time.Time `json:"at"`
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

// decodeFacts returns the facts of the SKP event e.
func decodeFacts(e eventlog.Event) (facts, error) {
	var f facts
	if v, ok := skp.CurrentVersion(e.Type); ok && v == e.SchemaVersion {
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
	f := facts{RatingFacts: skp.RatingFactsOf(ev)}
	switch ev := ev.(type) {
	case skp.Drafted:
		f.Instansi, f.Plan, f.At = ev.Instansi, shapeOf(ev.Plan), ev.At.UTC()
	case skp.Edited:
		f.Plan, f.At = shapeOf(ev.Plan), ev.At.UTC()
	case skp.Revised:
		f.Plan, f.At = shapeOf(ev.Plan), ev.At.UTC()
	case skp.RealisationReported:
		f.Late, f.At = ev.Late, ev.At.UTC()
	case skp.PeriodicRatingsGiven:
		f.Label, f.At = ev.Label, ev.At.UTC()
	case skp.AnnualRatingsGiven:
		f.At = ev.At.UTC()
	case skp.RatingsAmended:
		f.At = ev.At.UTC()
	case skp.ObjectionDecided:
		f.At = ev.At.UTC()
	}
	return f
}
