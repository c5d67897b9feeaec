package skp

import (
	"slices"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
)

// The employee's own record: every text of the SKP addressed to the
// employee (return notes, feedback, rating notes, amendment reasons, the
// objection decision) and the employee's own answers (feedback responses,
// the objection's reasons), each with who wrote it, in which role, and
// when, as the events recorded them.

// Note is a text of the SKP with its author (NIP and role) and the time
// of the event that recorded it. Text may be empty where the event's text
// is optional (a rating's note).
type Note struct {
	Text string      `json:"text"`
	By   actor.Actor `json:"by"`
	At   time.Time   `json:"at"`
}

// FeedbackNote is one feedback of the pejabat penilai, on one RHK or one
// BerAKHLAK value, and the employee's response (nil until they respond).
type FeedbackNote struct {
	No       int      `json:"no"`
	RHK      string   `json:"rhk,omitempty"`
	Value    Value    `json:"value,omitempty"`
	Evidence []string `json:"evidence,omitempty"`
	Note
	Response *Note `json:"response"`
}

// feedbackNoteOf returns the feedback e records, not responded to yet.
func feedbackNoteOf(e FeedbackGiven) FeedbackNote {
	return FeedbackNote{No: e.No, RHK: e.RHK, Value: e.Value, Evidence: slices.Clone(e.Evidence),
		Note: Note{Text: e.Text, By: e.By, At: e.At}}
}

// Amendment is one change of ratings in force: of period window Window, or
// of the annual ratings when Window is 0, with the reason.
type Amendment struct {
	Window   int     `json:"window"`
	Previous Ratings `json:"previous"`
	New      Ratings `json:"new"`
	Reason   Note    `json:"reason"`
}

// ObjectionRecord is the employee's objection against the annual ratings
// and, once decided, the atasan pejabat penilai's decision.
type ObjectionRecord struct {
	Reasons  Note               `json:"reasons"`
	Against  Ratings            `json:"against"`
	Received time.Time          `json:"received"`
	Deadline time.Time          `json:"deadline"`
	Decision *ObjectionDecision `json:"decision"`
}

// ObjectionDecision is the final decision on an objection: its outcome,
// the annual ratings before it, the new ones when it changed them, and the
// reasoning (Note).
type ObjectionDecision struct {
	Outcome  Outcome  `json:"outcome"`
	Previous Ratings  `json:"previous"`
	New      *Ratings `json:"new,omitempty"`
	Note     Note     `json:"note"`
}

// objectionState tracks the one objection an SKP may have.
type objectionState struct {
	filed, decided bool
	record         ObjectionRecord
}

// fileWith records the objection e files.
func (o *objectionState) fileWith(e ObjectionFiled) {
	o.filed = true
	o.record = ObjectionRecord{Reasons: Note{Text: e.Reasons, By: e.By, At: e.At}, Against: e.Against,
		Received: e.Received, Deadline: e.Deadline}
}

// decideWith records the decision e takes.
func (o *objectionState) decideWith(e ObjectionDecided) {
	o.decided = true
	d := &ObjectionDecision{Outcome: e.Outcome, Previous: e.Previous, Note: Note{Text: e.Note, By: e.By, At: e.At}}
	if e.Outcome == OutcomeRatingsChanged {
		n := e.New
		d.New = &n
	}
	o.record.Decision = d
}

// Feedback returns every feedback given on the SKP, in order, with the
// employee's responses.
func (s *SKP) Feedback() []FeedbackNote {
	out := make([]FeedbackNote, len(s.feedback))
	for i, f := range s.feedback {
		f.Evidence = slices.Clone(f.Evidence)
		if f.Response != nil {
			r := *f.Response
			f.Response = &r
		}
		out[i] = f
	}
	return out
}

// ReturnNotes returns the notes with which the pejabat penilai returned the
// plan, oldest first.
func (s *SKP) ReturnNotes() []Note { return slices.Clone(s.returns) }

// RatingNote returns the note the ratings of window (0: the annual
// ratings) were first given with, with who gave them and when; false when
// they were not given. Amendments and an objection decision keep it (their
// reasons are in Amendments and ObjectionRecord); NoteInForce is the note
// of the ratings in force.
func (s *SKP) RatingNote(window int) (Note, bool) {
	r, ok := s.ratedIn(window)
	return r.note, ok
}

// NoteInForce returns the note of the ratings in force of window (0: the
// annual ratings), with who wrote it and when: the note they were given
// with, or, once an amendment or an objection decision changed them, that
// event's reason or note (as RatingsInForce puts ratings in force; an
// upheld objection changes nothing). false when they were not given.
func (s *SKP) NoteInForce(window int) (Note, bool) {
	r, ok := s.ratedIn(window)
	return r.inForce, ok
}

// ratedIn returns the ratings of window (0: the annual ratings); false when
// they were not given.
func (s *SKP) ratedIn(window int) (rated, bool) {
	if window == 0 {
		if s.annual == nil {
			return rated{}, false
		}
		return *s.annual, true
	}
	r, ok := s.periodic[window]
	return r, ok
}

// Amendments returns every amendment of ratings, oldest first.
func (s *SKP) Amendments() []Amendment { return slices.Clone(s.amendments) }

// ObjectionRecord returns the objection and its decision; false when no
// objection was filed.
func (s *SKP) ObjectionRecord() (ObjectionRecord, bool) {
	if !s.objection.filed {
		return ObjectionRecord{}, false
	}
	r := s.objection.record
	if d := r.Decision; d != nil {
		c := *d
		r.Decision = &c
	}
	return r, true
}
