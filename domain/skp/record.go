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
// ratings) were given with, with who gave them and when; false when they
// were not given. Amendments keep the note; their reasons are in
// Amendments.
func (s *SKP) RatingNote(window int) (Note, bool) {
	if window == 0 {
		if s.annual == nil {
			return Note{}, false
		}
		return s.annual.note, true
	}
	r, ok := s.periodic[window]
	return r.note, ok
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
