package skp

import (
	"cmp"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// EventRef cites one event of the log: where it sits in the hash chain,
// who recorded it in which role, and what it contributes to the value
// being explained.
type EventRef struct {
	EventID    string    `json:"event_id"`
	Stream     string    `json:"stream"`
	Version    uint64    `json:"version"`
	Position   uint64    `json:"position"`
	Hash       string    `json:"hash"`
	Type       string    `json:"type"`
	ActorID    string    `json:"actor_id"`
	ActorRole  string    `json:"actor_role"`
	Reason     string    `json:"reason,omitempty"`
	RecordedAt time.Time `json:"recorded_at"`
	// Why says what the event contributes.
	Why string `json:"why"`
}

// Explanation is what an SKP's status and ratings in force rest on, event
// by event, so that every predikat a read model shows can be traced to the
// log.
type Explanation struct {
	Stream  string `json:"stream"`
	NIP     string `json:"nip"`
	Year    int    `json:"year"`
	Version uint64 `json:"version"`
	Status  Status `json:"status"`
	// StatusBasis is the plan's history that gives its status: the draft,
	// the last change of the plan, the last submission and the decision on
	// it (approval or return), each when there is one.
	StatusBasis []EventRef `json:"status_basis"`
	// Annual is nil until the annual ratings are given.
	Annual *RatingsBasis `json:"annual"`
	// Periodic holds one basis per rated window, in window order.
	Periodic []RatingsBasis `json:"periodic"`
}

// RatingsBasis is what one set of ratings in force (a window's, or the
// year's) rests on.
type RatingsBasis struct {
	Window  int     `json:"window"`
	Annual  bool    `json:"annual"`
	Ratings Ratings `json:"ratings"`
	// SetBy is the event that set the ratings in force: the last one of
	// Trail that changed them.
	SetBy ScoreChange `json:"set_by"`
	// Trail is every event that gave, changed or confirmed these ratings,
	// oldest first (see ScoreTrail).
	Trail []ScoreChange `json:"trail"`
	// Plan is the plan's history when the ratings were first given (as
	// StatusBasis): the agreed expectation they measure.
	Plan []EventRef `json:"plan"`
	// Evidence is what the rater had when the ratings were first given:
	// the realisation reports and corrections of the window (of every
	// window for the year) and, for the year, the event that set each
	// periodic rating then in force.
	Evidence []EventRef `json:"evidence"`
	// Objection holds the objection filed against the annual ratings, if any.
	Objection []EventRef `json:"objection,omitempty"`
}

// Explain returns what the status and the ratings in force of the SKP
// whose stream is events (in version order, as read from the log) rest on.
// Errors wrap the decoding error of a malformed event.
func Explain(events []eventlog.Event) (Explanation, error) {
	x := &explainer{firstRated: map[int]uint64{}, planAt: map[int][]EventRef{}, evidenceAt: map[int][]EventRef{}}
	for _, st := range events {
		e, err := Decode(st.Type, st.SchemaVersion, st.Data)
		if err != nil {
			return Explanation{}, fmt.Errorf("explain %s version %d: %w", st.Stream, st.Version, err)
		}
		x.add(st, e)
	}
	s, err := Replay(events)
	if err != nil {
		return Explanation{}, err
	}
	trail, err := ScoreTrail(events)
	if err != nil {
		return Explanation{}, err
	}
	out := Explanation{NIP: s.NIP(), Year: s.Year(), Version: s.Version(), Status: s.Status(), StatusBasis: x.plan.basis(),
		Periodic: []RatingsBasis{}}
	if len(events) > 0 {
		out.Stream = events[0].Stream
	}
	for _, b := range x.bases(trail) {
		if b.Annual {
			b.Objection = x.objection
			out.Annual = &b
		} else {
			out.Periodic = append(out.Periodic, b)
		}
	}
	return out, nil
}

// explainer walks an SKP stream and remembers, for each set of ratings,
// the plan and the evidence at the moment they were first given.
type explainer struct {
	plan         planHistory
	realisations []EventRef
	realWindow   []int
	objection    []EventRef
	firstRated   map[int]uint64
	planAt       map[int][]EventRef
	evidenceAt   map[int][]EventRef
}

// add takes one event into account.
func (x *explainer) add(st eventlog.Event, e Event) {
	switch e := e.(type) {
	case RealisationReported:
		x.realisations, x.realWindow = append(x.realisations, Cite(st, fmt.Sprintf("reported the realisation of %s in window %d", e.IKI, e.Window))), append(x.realWindow, e.Window)
	case RealisationCorrected:
		x.realisations, x.realWindow = append(x.realisations, Cite(st, fmt.Sprintf("corrected the realisation of %s in window %d", e.IKI, e.Window))), append(x.realWindow, e.Window)
	case ObjectionFiled:
		x.objection = append(x.objection, Cite(st, "filed an objection against the annual ratings"))
	case PeriodicRatingsGiven:
		x.rated(st, e.Window)
	case AnnualRatingsGiven:
		x.rated(st, 0)
	default:
		x.plan.add(st, e)
	}
}

// rated remembers the plan and evidence when window's ratings are first given.
func (x *explainer) rated(st eventlog.Event, window int) {
	if _, ok := x.firstRated[window]; ok {
		return
	}
	x.firstRated[window], x.planAt[window] = st.Position, x.plan.basis()
	ev := []EventRef{}
	for i, r := range x.realisations {
		if window == 0 || x.realWindow[i] == window {
			ev = append(ev, r)
		}
	}
	x.evidenceAt[window] = ev
}

// bases groups the trail by window (the year first, then windows in
// order) and completes each basis.
func (x *explainer) bases(trail []ScoreChange) []RatingsBasis {
	byWindow := map[int]*RatingsBasis{}
	var order []int
	for _, c := range trail {
		b := byWindow[c.Window]
		if b == nil {
			b = &RatingsBasis{Window: c.Window, Annual: c.Annual, SetBy: c, Plan: x.planAt[c.Window], Evidence: x.evidenceAt[c.Window]}
			byWindow[c.Window] = b
			order = append(order, c.Window)
		}
		b.Trail = append(b.Trail, c)
		b.Ratings = c.After
		if c.Changed() {
			b.SetBy = c
		}
	}
	if a := byWindow[0]; a != nil {
		a.Evidence = append(a.Evidence, periodicInForce(trail, x.firstRated[0])...)
	}
	slices.Sort(order)
	out := make([]RatingsBasis, 0, len(order))
	for _, w := range order {
		out = append(out, *byWindow[w])
	}
	return out
}

// periodicInForce cites, per window, the event that set the periodic
// ratings in force just before position.
func periodicInForce(trail []ScoreChange, position uint64) []EventRef {
	last := map[int]ScoreChange{}
	var windows []int
	for _, c := range trail {
		if c.Annual || c.Position >= position || !c.Changed() {
			continue
		}
		if _, ok := last[c.Window]; !ok {
			windows = append(windows, c.Window)
		}
		last[c.Window] = c
	}
	out := make([]EventRef, 0, len(windows))
	for _, w := range windows {
		c := last[w]
		out = append(out, EventRef{EventID: c.EventID, Stream: c.Stream, Version: c.Version, Position: c.Position, Hash: c.Hash,
			Type: c.Type, ActorID: c.ActorID, ActorRole: c.ActorRole, Reason: c.Reason, RecordedAt: c.RecordedAt,
			Why: fmt.Sprintf("set the ratings of window %d in force then (%s)", w, c.After.Predikat)})
	}
	return out
}

// planHistory holds the events that give the plan its status.
type planHistory struct {
	drafted, content, submit, decision *EventRef
}

// add takes a plan event into account; other events are ignored.
func (h *planHistory) add(st eventlog.Event, e Event) {
	ref := func(why string) *EventRef { r := Cite(st, why); return &r }
	switch e.(type) {
	case Drafted:
		*h = planHistory{drafted: ref("drafted the SKP and its plan")}
	case Edited:
		h.content = ref("changed the plan before approval")
	case Submitted:
		h.submit, h.decision = ref("submitted the plan for approval"), nil
	case Revised:
		h.content, h.submit, h.decision = ref("revised the approved plan and submitted it again"), nil, nil
	case Returned:
		h.decision = ref("returned the plan to the employee")
	case Approved:
		h.decision = ref("approved the plan: the agreed expectation")
	}
}

// basis lists the events of the history in log order.
func (h *planHistory) basis() []EventRef {
	out := []EventRef{}
	for _, r := range []*EventRef{h.drafted, h.content, h.submit, h.decision} {
		if r != nil {
			out = append(out, *r)
		}
	}
	slices.SortFunc(out, func(a, b EventRef) int { return cmp.Compare(a.Position, b.Position) })
	return out
}

// Cite cites st, an event of any context, with what it contributes (why).
// The actor is the envelope's, falling back to the payload's "by".
func Cite(st eventlog.Event, why string) EventRef {
	r := EventRef{EventID: st.ID, Stream: st.Stream, Version: st.Version, Position: st.Position, Hash: hex.EncodeToString(st.Hash),
		Type: st.Type, ActorID: st.Metadata.ActorID, ActorRole: st.Metadata.ActorRole, Reason: st.Metadata.Reason,
		RecordedAt: st.RecordedAt, Why: why}
	if r.ActorID == "" {
		var by struct {
			By actor.Actor `json:"by"`
		}
		if json.Unmarshal(st.Data, &by) == nil {
			r.ActorID, r.ActorRole = by.By.NIP, string(by.By.Role)
		}
	}
	return r
}
