package skp

import (
	"fmt"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/text"
)

// Feedback is the input of GiveFeedback: a note on exactly one RHK (by id)
// or one BerAKHLAK value, with optional evidence references.
type Feedback struct {
	RHK      string
	Value    Value
	Text     string
	Evidence []string
}

// GiveFeedback records continuous feedback by the pejabat penilai in force
// on an SKP approved at least once. The feedback gets the next number.
func (s *SKP) GiveFeedback(at time.Time, by actor.Actor, line employee.ReportingLine, f Feedback) ([]Event, error) {
	if err := s.asPenilai(at, by, line); err != nil {
		return nil, err
	}
	if !s.approvedOnce {
		return nil, fmt.Errorf("feedback on SKP %s %d: %w", s.nip, s.year, ErrNotApproved)
	}
	f.RHK = strings.TrimSpace(f.RHK)
	t, err := block("text", f.Text, text.MaxFeedback)
	if err != nil {
		return nil, err
	}
	f.Text = t
	switch {
	case (f.RHK == "") == (f.Value == ""):
		return nil, invalid("target", "feedback is on one RHK or on one BerAKHLAK value")
	case f.Value != "" && !f.Value.Valid():
		return nil, invalid("value", "%q is not a BerAKHLAK value", f.Value)
	case f.RHK != "" && !s.plan.hasRHK(f.RHK):
		return nil, fmt.Errorf("%w: RHK %q", ErrNotInPlan, f.RHK)
	case f.Text == "":
		return nil, invalid("text", "required")
	}
	evidence, err := normalizeEvidence(f.Evidence)
	if err != nil {
		return nil, err
	}
	if len(evidence) == 0 {
		evidence = nil
	}
	return s.record(FeedbackGiven{NIP: s.nip, Year: s.year, No: len(s.feedback) + 1, RHK: f.RHK, Value: f.Value,
		Text: f.Text, Evidence: evidence, At: at, By: by}), nil
}

// RespondToFeedback records the employee's response to feedback number no.
// Each feedback takes one response.
func (s *SKP) RespondToFeedback(at time.Time, by actor.Actor, no int, response string) ([]Event, error) {
	if err := s.asOwner(at, by); err != nil {
		return nil, err
	}
	if no < 1 || no > len(s.feedback) {
		return nil, fmt.Errorf("respond to feedback %d on SKP %s %d: %w", no, s.nip, s.year, ErrNoSuchFeedback)
	}
	if s.feedback[no-1].Response != nil {
		return nil, fmt.Errorf("respond to feedback %d on SKP %s %d: %w", no, s.nip, s.year, ErrAlreadyResponded)
	}
	response, err := block("text", response, text.MaxFeedback)
	if err != nil {
		return nil, err
	}
	if response == "" {
		return nil, invalid("text", "required")
	}
	return s.record(FeedbackResponded{NIP: s.nip, Year: s.year, No: no, Text: response, At: at, By: by}), nil
}
