package skp

import "errors"

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
	ErrNotRated              = errors.New("not rated")
	ErrNoChange              = errors.New("the new ratings equal the ratings in force")
	ErrRatingFinal           = errors.New("annual ratings are final after the objection decision")
	ErrObjectionPending      = errors.New("an objection against the annual ratings is pending")
	ErrObjectionAlreadyFiled = errors.New("an objection was already filed")
	ErrObjectionLate         = errors.New("objection filed after the deadline")
	ErrNoObjection           = errors.New("no objection filed")
	ErrObjectionDecided      = errors.New("objection already decided")
)
