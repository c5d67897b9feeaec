package skp

import (
	"encoding/hex"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
)

// ScoreChange is one event that gave or changed ratings of an SKP, as an
// auditor reads it: which ratings (a period window or the year), the
// ratings in force before and after, who did it in which role and why, and
// where the event sits in the hash-chained log.
type ScoreChange struct {
	EventID  string `json:"event_id"`
	Stream   string `json:"stream"`
	Version  uint64 `json:"version"`
	Position uint64 `json:"position"`
	Hash     string `json:"hash"`
	Type     string `json:"type"`
	// Window is the period window, or 0 for the annual ratings.
	Window int  `json:"window"`
	Annual bool `json:"annual"`
	// Before is nil when no ratings were in force yet.
	Before *Ratings `json:"before"`
	After  Ratings  `json:"after"`
	// Outcome is set for an objection decision only.
	Outcome       Outcome   `json:"outcome,omitempty"`
	ActorID       string    `json:"actor_id"`
	ActorRole     string    `json:"actor_role"`
	Reason        string    `json:"reason,omitempty"`
	PolicyVersion string    `json:"policy_version,omitempty"`
	At            time.Time `json:"at"`
	RecordedAt    time.Time `json:"recorded_at"`
	// SelfAssessment is the employee's self-assessment of the window that
	// was in force when the event was recorded, shown beside the official
	// rating; nil when there was none (and for the annual ratings). It
	// informs the rating and never replaces it.
	SelfAssessment *SelfAssessmentRef `json:"self_assessment,omitempty"`
}

// SelfAssessmentRef is a self-assessment as the score trail shows it: the
// employee's own ratings and the event that recorded them.
type SelfAssessmentRef struct {
	EventID  string             `json:"event_id"`
	Position uint64             `json:"position"`
	Hasil    performance.Rating `json:"hasil"`
	Perilaku []ValueView        `json:"perilaku"`
	At       time.Time          `json:"at"`
}

// Changed reports whether the ratings after the event differ from those before.
func (c ScoreChange) Changed() bool { return c.Before == nil || *c.Before != c.After }

// ScoreTrail returns, in the order given (the stream's or the global
// order), every rating event among events: periodic and annual ratings,
// amendments and objection decisions; other events are skipped. Events may
// come from several SKP streams. The actor is the envelope's (falling back
// to the payload's By); the reason is the event's own (an amendment's
// reason, a rating's or decision's note), else the envelope's.
func ScoreTrail(events []eventlog.Event) ([]ScoreChange, error) {
	inForce := map[trailKey]Ratings{}
	self := map[trailKey]*SelfAssessmentRef{}
	var out []ScoreChange
	for _, st := range events {
		if st.Type == TypeSelfAssessed {
			ref, err := selfRef(st)
			if err != nil {
				return nil, err
			}
			self[trailKey{st.Stream, ref.window}] = &ref.SelfAssessmentRef
			continue
		}
		if !IsRatingEvent(st.Type) {
			continue
		}
		e, err := Decode(st.Type, st.SchemaVersion, st.Data)
		if err != nil {
			return nil, fmt.Errorf("score trail: %s at position %d: %w", st.Type, st.Position, err)
		}
		c := trailChange(e)
		key := trailKey{st.Stream, c.Window}
		if c.Before == nil {
			if prev, ok := inForce[key]; ok {
				c.Before = &prev
			}
		}
		inForce[key] = c.After
		if c.Window != 0 {
			c.SelfAssessment = self[key]
		}
		fillEnvelope(&c, st)
		out = append(out, c)
	}
	return out, nil
}

// trailKey names one set of ratings: a stream and a window (0 for the year).
type trailKey struct {
	stream string
	window int
}

// trailChange reads the ratings, reason, time and actor out of a rating event.
func trailChange(e Event) ScoreChange {
	var c ScoreChange
	switch e := e.(type) {
	case PeriodicRatingsGiven:
		c = ScoreChange{Window: e.Window, After: e.Ratings, Reason: e.Note, PolicyVersion: e.PolicyVersion, At: e.At}
		c.ActorID, c.ActorRole = e.By.NIP, string(e.By.Role)
	case AnnualRatingsGiven:
		c = ScoreChange{After: e.Ratings, Reason: e.Note, PolicyVersion: e.PolicyVersion, At: e.At}
		c.ActorID, c.ActorRole = e.By.NIP, string(e.By.Role)
	case RatingsAmended:
		prev := e.Previous
		c = ScoreChange{Window: e.Window, Before: &prev, After: e.New, Reason: e.Reason, PolicyVersion: e.PolicyVersion, At: e.At}
		c.ActorID, c.ActorRole = e.By.NIP, string(e.By.Role)
	case ObjectionDecided:
		prev := e.Previous
		c = ScoreChange{Before: &prev, After: e.Previous, Outcome: e.Outcome, Reason: e.Note, At: e.At}
		if set, ok := RatingsInForce(e); ok {
			c.After = set.Ratings
		}
		c.ActorID, c.ActorRole = e.By.NIP, string(e.By.Role)
	}
	c.Annual = c.Window == 0
	return c
}

// fillEnvelope copies the log's facts about the event into c.
func fillEnvelope(c *ScoreChange, st eventlog.Event) {
	c.EventID, c.Stream, c.Version, c.Position, c.Type = st.ID, st.Stream, st.Version, st.Position, st.Type
	c.Hash, c.RecordedAt = hex.EncodeToString(st.Hash), st.RecordedAt
	if st.Metadata.ActorID != "" {
		c.ActorID, c.ActorRole = st.Metadata.ActorID, st.Metadata.ActorRole
	}
	if c.Reason == "" {
		c.Reason = st.Metadata.Reason
	}
}

// windowRef is a SelfAssessmentRef with its window.
type windowRef struct {
	SelfAssessmentRef
	window int
}

// selfRef reads the self-assessment a stored skp.self_assessed event records.
func selfRef(st eventlog.Event) (windowRef, error) {
	e, err := Decode(st.Type, st.SchemaVersion, st.Data)
	if err != nil {
		return windowRef{}, fmt.Errorf("score trail: %s at position %d: %w", st.Type, st.Position, err)
	}
	a, _ := e.(SelfAssessed)
	return windowRef{SelfAssessmentRef: SelfAssessmentRef{EventID: st.ID, Position: st.Position, Hasil: a.Hasil,
		Perilaku: a.Perilaku, At: a.At}, window: a.Window}, nil
}
