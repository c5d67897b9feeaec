package httpapi

import (
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/adoption"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/followup"
	instansiset "github.com/kinerja/kinerja/domain/instansi"
	"github.com/kinerja/kinerja/domain/nip"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/unit"
	"github.com/kinerja/kinerja/projections/standings"
	"github.com/kinerja/kinerja/projections/training"
	"github.com/kinerja/kinerja/projections/unitreport"
)

// domainError ties a sentinel error to its problem type and, for rules, a
// stable code that clients may switch on.
type domainError struct {
	err  error
	typ  string
	code string
}

// domainErrors lists every domain and use-case sentinel, first match wins:
// who may act (403), what does not exist (404), malformed input (400), and
// the broken rules (422).
func domainErrors() []domainError {
	f := func(err error) domainError { return domainError{err: err, typ: TypeForbidden} }
	nf := func(err error) domainError { return domainError{err: err, typ: TypeNotFound} }
	bad := func(err error) domainError { return domainError{err: err, typ: TypeValidation} }
	rule := func(err error, code string) domainError {
		return domainError{err: err, typ: TypeRuleViolated, code: code}
	}
	return []domainError{
		f(actor.ErrRoleNotAllowed), f(actor.ErrInvalidActor), f(skp.ErrNotOwner), f(skp.ErrNotPejabatPenilai),
		f(skp.ErrNotAtasan), f(skp.ErrNoReportingLine), f(skp.ErrSelfRating), f(skp.ErrOwnRatings), f(command.ErrNotPimpinan),
		f(skp.ErrNotInvited), f(skp.ErrNotOwnerNorPenilai), f(followup.ErrNotAuthorised), f(followup.ErrSanctionByHR),
		f(followup.ErrSelf),

		nf(command.ErrNotFound), nf(employee.ErrNotRegistered), nf(unit.ErrNotRegistered), nf(skp.ErrNotDrafted),

		bad(employee.ErrInvalidInput), bad(unit.ErrInvalidInput), bad(period.ErrInvalidInput), bad(skp.ErrInvalidInput),
		bad(nip.ErrInvalid), bad(instansiset.ErrInvalidZone), bad(civil.ErrInvalidDate), bad(performance.ErrInvalidRating), bad(performance.ErrInvalidPredikat),
		bad(performance.ErrInvalidOrgPredikat), bad(performance.ErrInvalidGolongan), bad(performance.ErrInvalidJabatan),
		bad(performance.ErrInvalidMonths), bad(performance.ErrInvalidFrequency), bad(eventlog.ErrInvalidStream),
		bad(eventlog.ErrPayloadTooLarge), bad(eventlog.ErrBadAsOf), bad(eventlog.ErrBadFilter),
		bad(standings.ErrInvalidFilter), bad(rebuild.ErrUnsafeSchema), bad(rebuild.ErrUnknownProjection),
		nf(rebuild.ErrNotReplay), nf(unitreport.ErrUnitNotFound), nf(unitreport.ErrPeriodNotFound), bad(training.ErrInvalidFilter),
		bad(followup.ErrInvalidInput),

		rule(employee.ErrAlreadyRegistered, "employee.already_registered"), rule(employee.ErrLeftService, "employee.left_service"),
		rule(employee.ErrNoChange, "employee.no_change"), rule(employee.ErrSelfSupervision, "employee.self_supervision"),
		rule(employee.ErrReasonRequired, "employee.reason_required"),
		rule(unit.ErrAlreadyRegistered, "unit.already_registered"), rule(unit.ErrNoChange, "unit.no_change"),
		rule(unit.ErrOwnParent, "unit.own_parent"), rule(unit.ErrReasonRequired, "unit.reason_required"),
		rule(unit.ErrNoOrganisationPredikat, "unit.no_organisation_predikat"),
		rule(unit.ErrJustificationRequired, "unit.justification_required"),
		rule(period.ErrNotOpened, "period.not_opened"), rule(period.ErrAlreadyOpened, "period.already_opened"),
		rule(period.ErrFrequencyNotAllowed, "period.frequency_not_allowed"), rule(period.ErrNoSuchWindow, "period.no_such_window"),
		rule(period.ErrWindowNotStarted, "period.window_not_started"), rule(period.ErrWindowNotEnded, "period.window_not_ended"),
		rule(period.ErrWindowClosed, "period.window_closed"), rule(period.ErrYearNotEnded, "period.year_not_ended"),
		rule(period.ErrYearClosed, "period.year_closed"),
		rule(skp.ErrAlreadyDrafted, "skp.already_drafted"), rule(skp.ErrReasonRequired, "skp.reason_required"),
		rule(skp.ErrNotInPlan, "skp.not_in_plan"), rule(skp.ErrWrongPeriod, "skp.wrong_period"),
		rule(skp.ErrNotDraft, "skp.not_draft"), rule(skp.ErrNotSubmitted, "skp.not_submitted"),
		rule(skp.ErrNotApproved, "skp.not_approved"), rule(skp.ErrAlreadyReported, "skp.already_reported"),
		rule(skp.ErrNotReported, "skp.not_reported"), rule(skp.ErrNoSuchFeedback, "skp.no_such_feedback"),
		rule(skp.ErrAlreadyResponded, "skp.already_responded"), rule(skp.ErrAlreadyRated, "skp.already_rated"),
		rule(skp.ErrYearRated, "skp.year_rated"),
		rule(skp.ErrNotRated, "skp.not_rated"), rule(skp.ErrNoChange, "skp.no_change"),
		rule(skp.ErrRatingFinal, "skp.rating_final"), rule(skp.ErrObjectionPending, "skp.objection_pending"),
		rule(skp.ErrObjectionAlreadyFiled, "skp.objection_already_filed"), rule(skp.ErrObjectionLate, "skp.objection_late"),
		rule(skp.ErrNoObjection, "skp.no_objection"), rule(skp.ErrObjectionDecided, "skp.objection_decided"),
		rule(skp.ErrRatingBeforeWindowEnd, "skp.rating_before_window_end"),
		rule(skp.ErrRatingBeforeYearEnd, "skp.rating_before_year_end"), rule(skp.ErrNoRealisation, "skp.no_realisation"),
		rule(skp.ErrExpectationsMissing, "skp.expectations_missing"), rule(skp.ErrAlreadyApproved, "skp.already_approved"),
		rule(skp.ErrNotCascaded, "skp.not_cascaded"),
		rule(performance.ErrNotFunctional, "performance.not_functional"),
		bad(adoption.ErrInvalidInput), bad(performance.ErrInvalidPolicy),
		rule(adoption.ErrRetroactive, "policy.retroactive"), rule(adoption.ErrVersionConflict, "policy.version_conflict"),
		rule(skp.ErrAlreadyInvited, "skp.already_invited"), rule(skp.ErrPeerFeedbackGiven, "skp.peer_feedback_given"),
		rule(skp.ErrPeerNotColleague, "skp.peer_not_colleague"), rule(skp.ErrAssessmentAfterRate, "skp.assessment_after_rating"),
		rule(followup.ErrNoBasis, "followup.no_basis"), rule(followup.ErrBasisPredikat, "followup.basis_predikat"),
		rule(command.ErrNoSuchRating, "followup.no_such_rating"),
		rule(command.ErrRatingSuperseded, "followup.rating_superseded"),
		rule(command.ErrPolicyUnknown, "command.policy_unknown"), rule(command.ErrOtherInstansi, "command.other_instansi"),
		{err: rebuild.ErrBuildBusy, typ: TypeTooManyRequests, code: "replay.busy"},
		rule(rebuild.ErrReplayBusy, "replay.busy"), rule(rebuild.ErrReplayIncomplete, "replay.incomplete"),
		rule(rebuild.ErrTooManyReplays, "replay.too_many"), rule(rebuild.ErrReplayTooLong, "replay.too_long"),
	}
}
