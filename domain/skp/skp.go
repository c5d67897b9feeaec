// Package skp models the Sasaran Kinerja Pegawai of one employee for one
// year, from the draft plan to the final annual result: drafting, approval
// by the pejabat penilai, realisation reported per period window with
// evidence, continuous feedback, periodic and annual ratings, amendments, and
// the objection decided by the atasan pejabat penilai. The stream of an SKP
// is skp-<nip>-<year>.
//
// Commands are methods of *SKP that receive the time of the action and the
// actor. Commands of a supervisor also receive the employee's reporting line
// in force on that day (employee.Employee.ReportingLineAt); commands within a
// period receive the instansi's *period.Period. Each returns the new events
// or an error, and changes the SKP only through the events it returns.
package skp

import (
	"errors"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// Errors of the SKP aggregate. Input errors wrap ErrInvalidInput; the others
// are broken rules. Errors of the period (period.ErrWindowClosed and the
// like) and of the actor (actor.ErrRoleNotAllowed) are passed through
// wrapped, so errors.Is finds them too.
var (
	ErrInvalidInput   = errors.New("invalid SKP command")
	ErrNotDrafted     = errors.New("SKP not drafted")
	ErrAlreadyDrafted = errors.New("SKP already drafted")
	ErrReasonRequired = errors.New("a reason is required")
	ErrNotInPlan      = errors.New("no such RHK or IKI in the plan")
	ErrWrongPeriod    = errors.New("period of another year")

	// Who may act.
	ErrNotOwner          = errors.New("only the employee may do this")
	ErrNotPejabatPenilai = errors.New("actor is not the pejabat penilai in force")
	ErrNotAtasan         = errors.New("actor is not the atasan pejabat penilai in force")
	ErrNoReportingLine   = errors.New("no reporting line in force for the employee")
	ErrSelfRating        = errors.New("nobody evaluates themselves")
	ErrOwnRatings        = errors.New("the atasan in force gave the ratings objected to; another atasan must decide")

	// The lifecycle of the plan.
	ErrNotDraft     = errors.New("SKP is not a draft")
	ErrNotSubmitted = errors.New("SKP is not submitted")
	ErrNotApproved  = errors.New("SKP is not approved")

	// Realisation and feedback.
	ErrAlreadyReported  = errors.New("realisation already reported; correct it instead")
	ErrNotReported      = errors.New("no realisation reported to correct")
	ErrNoSuchFeedback   = errors.New("no such feedback")
	ErrAlreadyResponded = errors.New("feedback already responded to")

	// Ratings and objections.
	ErrAlreadyRated          = errors.New("already rated; amend the ratings instead")
	ErrYearRated             = errors.New("the year is rated: its plan can no longer change")
	ErrNotRated              = errors.New("not rated")
	ErrNoChange              = errors.New("the new ratings equal the ratings in force")
	ErrRatingFinal           = errors.New("annual ratings are final after the objection decision")
	ErrObjectionPending      = errors.New("an objection against the annual ratings is pending")
	ErrObjectionAlreadyFiled = errors.New("an objection was already filed")
	ErrObjectionLate         = errors.New("objection filed after the deadline")
	ErrNoObjection           = errors.New("no objection filed")
	ErrObjectionDecided      = errors.New("objection already decided")

	// When and on what a rating may be given.
	ErrRatingBeforeWindowEnd = errors.New("periodic rating before the window's end")
	ErrRatingBeforeYearEnd   = errors.New("annual rating before the year's last window ends")
	ErrNoRealisation         = errors.New("no realisation reported; state the reason for rating without it in the note")
)

// Status is the stage of the plan.
type Status string

// The stages of the plan. A returned plan may be edited and submitted again;
// a revised plan is submitted and needs approval again.
const (
	StatusDraft     Status = "draft"
	StatusSubmitted Status = "submitted"
	StatusReturned  Status = "returned"
	StatusApproved  Status = "approved"
)

// realKey identifies a realisation report: a window and an IKI.
type realKey struct {
	window int
	iki    string
}

// rated is a rating in force with the policy version it was given under,
// the note it was given with, and the note of the event that put Ratings
// in force: the same, or the reason of an amendment or the note of an
// objection decision that changed them since (see record.go).
type rated struct {
	Ratings
	policyVersion string
	at            time.Time
	note          Note
	inForce       Note
}

// SKP is the state of one employee's plan and evaluation for a year,
// rebuilt by Replay.
type SKP struct {
	version      uint64
	drafted      bool
	nip          string
	year         int
	instansi     string
	jpt, head    bool
	status       Status
	plan         Plan
	approvedPlan *Plan // the plan as last approved, nil before
	expectations map[Value]SetExpectation
	approvedOnce bool
	realisations map[realKey]Realisation
	feedback     []FeedbackNote
	periodic     map[int]rated
	annual       *rated
	objection    objectionState
	returns      []Note
	amendments   []Amendment
	self         map[int]SelfAssessed
	peers        map[int][]peerState
}

// New returns the state of an SKP whose stream is empty.
func New() *SKP {
	return &SKP{realisations: map[realKey]Realisation{}, periodic: map[int]rated{}, self: map[int]SelfAssessed{},
		peers: map[int][]peerState{}}
}

// Replay rebuilds an SKP from its whole stream, in version order. An empty
// stream gives an SKP that is not drafted yet.
func Replay(stored []eventlog.Event) (*SKP, error) {
	s := New()
	for _, st := range stored {
		e, err := Decode(st.Type, st.SchemaVersion, st.Data)
		if err != nil {
			return nil, fmt.Errorf("replay %s version %d: %w", st.Stream, st.Version, err)
		}
		s.apply(e)
		s.version++
	}
	return s, nil
}

// record applies e and returns it as the result of a command.
func (s *SKP) record(e Event) []Event {
	s.apply(e)
	return []Event{e}
}

// Version returns the number of events replayed: the stream version to expect
// when appending the events of the next command.
func (s *SKP) Version() uint64 { return s.version }

// Drafted reports whether the SKP exists.
func (s *SKP) Drafted() bool { return s.drafted }

// NIP returns the NIP of the employee the SKP belongs to.
func (s *SKP) NIP() string { return s.nip }

// Year returns the year of the SKP.
func (s *SKP) Year() int { return s.year }

// Instansi returns the instansi the SKP was drafted in; its period stream is
// period.Stream(Instansi(), Year()).
func (s *SKP) Instansi() string { return s.instansi }

// Status returns the stage of the plan.
func (s *SKP) Status() Status { return s.status }

// Plan returns a copy of the current plan.
func (s *SKP) Plan() Plan { return s.plan.clone() }

// PeriodicRatings returns the ratings in force for window and whether any were given.
func (s *SKP) PeriodicRatings(window int) (Ratings, bool) {
	r, ok := s.periodic[window]
	return r.Ratings, ok
}

// AnnualRatings returns the annual ratings in force and whether any were given.
func (s *SKP) AnnualRatings() (Ratings, bool) {
	if s.annual == nil {
		return Ratings{}, false
	}
	return s.annual.Ratings, true
}

// RatingPolicyVersion returns the policy version the ratings in force for
// window (0 for the annual ratings) were given under, and whether any were.
// The objection window of an annual result is that version's.
func (s *SKP) RatingPolicyVersion(window int) (string, bool) {
	if window == 0 {
		if s.annual == nil {
			return "", false
		}
		return s.annual.policyVersion, true
	}
	r, ok := s.periodic[window]
	return r.policyVersion, ok
}

// Realisation returns the realisation in force for an IKI in a window.
func (s *SKP) Realisation(window int, iki string) (Realisation, bool) {
	r, ok := s.realisations[realKey{window, iki}]
	return r, ok
}

// Objection reports whether an objection was filed and whether it was decided.
func (s *SKP) Objection() (filed, decided bool) { return s.objection.filed, s.objection.decided }

// FeedbackStatus reports whether feedback number no exists and whether the
// employee has responded to it.
func (s *SKP) FeedbackStatus(no int) (exists, responded bool) {
	if no < 1 || no > len(s.feedback) {
		return false, false
	}
	return true, s.feedback[no-1].Response != nil
}
