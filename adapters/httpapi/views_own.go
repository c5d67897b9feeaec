package httpapi

import (
	"context"
	"errors"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// The employee's own record in the SKP view: every text addressed to the
// employee (feedback, return notes, rating notes, amendment reasons, the
// objection decision), their answers, and what is due from them next.

// feedbackView is one feedback with the employee's response, if any.
type feedbackView struct {
	skp.FeedbackNote
	Responded bool `json:"responded"`
}

// windowRatings are the ratings of a window in force and their notes (see
// ratingNotesOf).
type windowRatings struct {
	Window int `json:"window"`
	skp.Ratings
	Note      skp.Note  `json:"note"`
	GivenNote *skp.Note `json:"given_note,omitempty"`
}

// annualRatingsView are the annual ratings in force and their notes (see
// ratingNotesOf).
type annualRatingsView struct {
	skp.Ratings
	Note      skp.Note  `json:"note"`
	GivenNote *skp.Note `json:"given_note,omitempty"`
}

// ratingNotesOf returns the notes of the ratings in force of window (0:
// the annual ratings) of s: the note of the event that put them in force,
// with who wrote it and when (the rating's note, or the reason of the
// amendment or the note of the objection decision that changed them
// since: skp.SKP.NoteInForce), and, only when they were changed so, the
// note they were first given with.
func ratingNotesOf(s *skp.SKP, window int) (note skp.Note, given *skp.Note) {
	note, _ = s.NoteInForce(window)
	if g, _ := s.RatingNote(window); g != note {
		given = &g
	}
	return note, given
}

// objectionView is the objection: whether it was filed and decided, and
// once filed its reasons, deadline and decision.
type objectionView struct {
	Filed   bool `json:"filed"`
	Decided bool `json:"decided"`
	*skp.ObjectionRecord
	// Deadline is the last day to file it, a calendar date (the record
	// keeps the instant it begins).
	Deadline *civil.Date `json:"deadline,omitempty"`
}

// ownRecord fills the texts of the SKP addressed to the employee.
func (v *skpView) ownRecord(s *skp.SKP) {
	v.Feedback = []feedbackView{}
	for _, f := range s.Feedback() {
		v.Feedback = append(v.Feedback, feedbackView{FeedbackNote: f, Responded: f.Response != nil})
	}
	if r, ok := s.AnnualRatings(); ok {
		v.AnnualRatings = &annualRatingsView{Ratings: r}
		v.AnnualRatings.Note, v.AnnualRatings.GivenNote = ratingNotesOf(s, 0)
	}
	v.Objection.Filed, v.Objection.Decided = s.Objection()
	if rec, ok := s.ObjectionRecord(); ok {
		v.Objection.ObjectionRecord = &rec
		deadline := civil.DateOf(rec.Deadline)
		v.Objection.Deadline = &deadline
	}
	v.ReturnNotes = append([]skp.Note{}, s.ReturnNotes()...)
	v.Amendments = append([]skp.Amendment{}, s.Amendments()...)
}

// dueOf returns what is due from the employee today on sk. The period of
// its year decides the open windows, and the policy version the annual
// ratings recorded the objection deadline; without an opened period no
// window is due, and with a policy the service does not know (as
// FileObjection would refuse) no objection is.
func (s *Server) dueOf(ctx context.Context, sk *skp.SKP) ([]skp.DueItem, error) {
	per, err := s.api.Service.Period(ctx, sk.Instansi(), sk.Year())
	if errors.Is(err, command.ErrNotFound) {
		per, err = nil, nil
	}
	if err != nil {
		return nil, err
	}
	var policy performance.Policy
	if v, ok := sk.RatingPolicyVersion(0); ok {
		if p, err := s.api.Service.PolicyOf(ctx, sk.Instansi(), v); err == nil {
			policy = p
		}
	}
	return skp.Due(sk, per, policy, civil.DateOf(s.todayIn(ctx, sk.Instansi()))), nil
}
