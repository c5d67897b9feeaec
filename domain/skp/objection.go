package skp

import (
	"fmt"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/text"
)

// FileObjection records the employee's objection (keberatan) against the
// annual ratings, with the reasons. Only the employee objects, once, and
// within policy's deadline counted from when the result in force was
// received (the time of the annual rating, or of its latest amendment). The
// event records the policy version, the deadline and the ratings objected to.
func (s *SKP) FileObjection(at time.Time, by actor.Actor, policy performance.Policy, reasons string) ([]Event, error) {
	if err := s.asOwner(at, by); err != nil {
		return nil, err
	}
	switch {
	case s.annual == nil:
		return nil, fmt.Errorf("object to the year of SKP %s %d: %w", s.nip, s.year, ErrNotRated)
	case s.objection.filed:
		return nil, fmt.Errorf("object to the year of SKP %s %d: %w", s.nip, s.year, ErrObjectionAlreadyFiled)
	case strings.TrimSpace(policy.Version) == "":
		return nil, invalid("policy", "the policy has no version")
	}
	reasons, err := block("reasons", reasons, text.MaxObjection)
	if err != nil {
		return nil, err
	}
	if reasons == "" {
		return nil, fmt.Errorf("object to the year of SKP %s %d: %w", s.nip, s.year, ErrReasonRequired)
	}
	received := s.annual.at
	deadline := policy.ObjectionDeadline(received)
	if !policy.ObjectionInTime(received, at) {
		return nil, fmt.Errorf("object to the year of SKP %s %d on %s: %w (received %s, deadline %s)", s.nip, s.year,
			at.Format(time.DateOnly), ErrObjectionLate, received.Format(time.DateOnly), deadline.Format(time.DateOnly))
	}
	return s.record(ObjectionFiled{NIP: s.nip, Year: s.year, Reasons: reasons, Against: s.annual.Ratings,
		Received: received, Deadline: deadline, PolicyVersion: policy.Version, At: at, By: by}), nil
}

// Decision is the input of DecideObjection. With OutcomeRatingsChanged,
// Hasil and Perilaku are the new annual ratings; with OutcomeRatingsUpheld
// they are empty. Note explains the decision and is required.
type Decision struct {
	Outcome  Outcome
	Hasil    performance.Rating
	Perilaku performance.Rating
	Note     string
}

// DecideObjection records the final decision on the objection by the atasan
// pejabat penilai in force, who did not give the ratings objected to
// (ErrOwnRatings). An objection is decided once; afterwards the annual
// ratings cannot change.
func (s *SKP) DecideObjection(at time.Time, by actor.Actor, line employee.ReportingLine, d Decision) ([]Event, error) {
	if err := s.asAtasan(at, by, line); err != nil {
		return nil, err
	}
	// The input before the state: a wrong field is named whatever the
	// state.
	note, err := block("note", d.Note, text.MaxNote)
	if err != nil {
		return nil, err
	}
	var r Ratings
	switch d.Outcome {
	case OutcomeRatingsUpheld:
		if d.Hasil != "" || d.Perilaku != "" {
			return nil, invalid("ratings", "an upheld decision keeps the ratings; give none")
		}
	case OutcomeRatingsChanged:
		if r, err = (Assessment{Hasil: d.Hasil, Perilaku: d.Perilaku}).ratings(); err != nil {
			return nil, err
		}
	default:
		return nil, invalid("outcome", "%q (want ratings_upheld or ratings_changed)", d.Outcome)
	}
	switch {
	case !s.objection.filed || s.annual == nil:
		return nil, fmt.Errorf("decide objection on SKP %s %d: %w", s.nip, s.year, ErrNoObjection)
	case s.objection.decided:
		return nil, fmt.Errorf("decide objection on SKP %s %d: %w", s.nip, s.year, ErrObjectionDecided)
	}
	// The atasan weighs the objection against the penilai's ratings: the
	// one who gave the ratings objected to (a penilai since become the
	// atasan in force) does not decide it; HR assigns another atasan.
	if rater := s.annual.inForce.By.NIP; rater == by.NIP {
		return nil, fmt.Errorf("decide objection on SKP %s %d: %w (%s gave them on %s)", s.nip, s.year, ErrOwnRatings,
			rater, s.annual.inForce.At.Format(time.DateOnly))
	}
	if note == "" {
		return nil, fmt.Errorf("decide objection on SKP %s %d: %w", s.nip, s.year, ErrReasonRequired)
	}
	prev := s.annual.Ratings
	ev := ObjectionDecided{NIP: s.nip, Year: s.year, Outcome: d.Outcome, Previous: prev, Note: note, At: at, By: by}
	if d.Outcome == OutcomeRatingsChanged {
		if r == prev {
			return nil, fmt.Errorf("decide objection on SKP %s %d: %w", s.nip, s.year, ErrNoChange)
		}
		ev.New = r
	}
	return s.record(ev), nil
}
