package skp

import (
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/text"
)

// ReportRealisation records the realisation of IKI iki in period window
// window. Only the employee reports, on an SKP approved at least once, for an
// IKI of the plan in force (see planInForce), while the window is open (see
// period.Period.CheckOpen). A report after the window's deadline is recorded
// with Late set, not rejected. Each IKI is reported once per window; a
// mistake is corrected with CorrectRealisation.
func (s *SKP) ReportRealisation(at time.Time, by actor.Actor, per *period.Period, window int, iki string, r Realisation) ([]Event, error) {
	w, k, err := s.checkReport(at, by, per, window, iki)
	if err != nil {
		return nil, err
	}
	// The input first (400 naming the field), then whether the IKI was
	// reported (422), as the ratings do: a client told to correct instead
	// would only then learn that its quantity was wrong too.
	r, err = normalizeRealisation(k, r)
	if err != nil {
		return nil, err
	}
	if _, ok := s.realisations[realKey{window, iki}]; ok {
		return nil, fmt.Errorf("report %s for %s: %w", iki, w.Label, ErrAlreadyReported)
	}
	return s.record(RealisationReported{NIP: s.nip, Year: s.year, Window: window, Label: w.Label, IKI: iki,
		Quantity: r.Quantity, Text: r.Text, Evidence: r.Evidence, Late: per.IsLate(window, civil.DateOf(at)),
		Deadline: w.Deadline, At: at, By: by}), nil
}

// CorrectRealisation records a corrected realisation of IKI iki in window,
// with the reason. The same rules as ReportRealisation apply, and the
// realisation must have been reported.
func (s *SKP) CorrectRealisation(at time.Time, by actor.Actor, per *period.Period, window int, iki string, r Realisation, reason string) ([]Event, error) {
	w, k, err := s.checkReport(at, by, per, window, iki)
	if err != nil {
		return nil, err
	}
	// The input first, then the state (see ReportRealisation).
	reason, err = block("reason", reason, text.MaxNote)
	if err != nil {
		return nil, err
	}
	r, err = normalizeRealisation(k, r)
	if err != nil {
		return nil, err
	}
	prev, ok := s.realisations[realKey{window, iki}]
	if !ok {
		return nil, fmt.Errorf("correct %s for %s: %w", iki, w.Label, ErrNotReported)
	}
	if reason == "" {
		return nil, fmt.Errorf("correct %s for %s: %w", iki, w.Label, ErrReasonRequired)
	}
	return s.record(RealisationCorrected{NIP: s.nip, Year: s.year, Window: window, Label: w.Label, IKI: iki,
		Quantity: r.Quantity, Text: r.Text, Evidence: r.Evidence, Previous: prev, Reason: reason,
		Late: per.IsLate(window, civil.DateOf(at)), Deadline: w.Deadline, At: at, By: by}), nil
}

// checkReport checks what reporting and correcting realisation have in common.
func (s *SKP) checkReport(at time.Time, by actor.Actor, per *period.Period, window int, iki string) (period.Window, IKI, error) {
	if err := s.asOwner(at, by); err != nil {
		return period.Window{}, IKI{}, err
	}
	if !s.approvedOnce {
		return period.Window{}, IKI{}, fmt.Errorf("report realisation on SKP %s %d: %w", s.nip, s.year, ErrNotApproved)
	}
	w, err := s.openWindow(at, per, window, "report realisation for")
	if err != nil {
		return period.Window{}, IKI{}, err
	}
	k, ok := s.planInForce().findIKI(iki)
	if _, revised := s.plan.findIKI(iki); !ok && revised {
		return period.Window{}, IKI{}, fmt.Errorf("%w: IKI %q is in the revision awaiting approval, not yet in the approved plan",
			ErrNotInPlan, iki)
	}
	if !ok {
		return period.Window{}, IKI{}, fmt.Errorf("%w: IKI %q", ErrNotInPlan, iki)
	}
	return w, k, nil
}

// openWindow checks that per is the SKP's year and that window is open on
// the day of at. Its error says the action on the window ("rate window 2
// of SKP X 2025: …"), so that the use case does not name the SKP again.
func (s *SKP) openWindow(at time.Time, per *period.Period, window int, action string) (period.Window, error) {
	if err := s.samePeriod(per); err != nil {
		return period.Window{}, err
	}
	if err := per.CheckOpen(window, civil.DateOf(at)); err != nil {
		return period.Window{}, fmt.Errorf("%s window %d of SKP %s %d: %w", action, window, s.nip, s.year, err)
	}
	w, _ := per.Window(window)
	return w, nil
}

// samePeriod checks that per is an opened period of the SKP's year.
func (s *SKP) samePeriod(per *period.Period) error {
	if per == nil || !per.Opened() {
		return fmt.Errorf("SKP %s %d: %w", s.nip, s.year, period.ErrNotOpened)
	}
	if per.Year() != s.year {
		return fmt.Errorf("SKP %s %d given the period of %d: %w", s.nip, s.year, per.Year(), ErrWrongPeriod)
	}
	return nil
}

// planInForce returns the plan the employee reports against: the plan as
// last approved, which stays the agreed plan while a revision waits for
// approval (or was returned), or the current plan before any approval.
func (s *SKP) planInForce() *Plan {
	if s.approvedPlan != nil {
		return s.approvedPlan
	}
	return &s.plan
}
