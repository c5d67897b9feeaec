package skp

import (
	"fmt"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/field"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/text"
)

// Assessment is the input of the rating commands: the two ratings and a
// note. For AmendRatings the note is the reason and is required.
type Assessment struct {
	Hasil    performance.Rating
	Perilaku performance.Rating
	Note     string
}

// ratings derives the predikat of a and returns the three as Ratings. An
// invalid rating is an error naming its field (hasil or perilaku).
func (a Assessment) ratings() (Ratings, error) {
	p, err := performance.PredikatOf(a.Hasil, a.Perilaku)
	if err != nil {
		name, v := "hasil", a.Hasil
		if a.Hasil.Valid() {
			name, v = "perilaku", a.Perilaku
		}
		return Ratings{}, fmt.Errorf("%w: %w", ErrInvalidInput, &field.Error{Field: name, Err: err,
			Message: fmt.Sprintf("%q is not a rating: want di_atas_ekspektasi, sesuai_ekspektasi or di_bawah_ekspektasi", v)})
	}
	return Ratings{Hasil: a.Hasil, Perilaku: a.Perilaku, Predikat: p}, nil
}

// RatePeriod records the ratings of period window by the pejabat penilai in
// force. The plan must be approved (not awaiting re-approval), the window
// open (see period.Period.CheckOpen) and ended, at most
// policy.RatingDaysBeforeWindowEnd days before its last day
// (ErrRatingBeforeWindowEnd), realisation reported for the window or the
// reason for rating without it stated in the note (ErrNoRealisation), and
// the window not rated yet: a rating is changed only by AmendRatings. The
// event records the version of policy: the one in force on the day.
func (s *SKP) RatePeriod(at time.Time, by actor.Actor, line employee.ReportingLine, per *period.Period, policy performance.Policy, window int, a Assessment) ([]Event, error) {
	r, note, err := s.checkRating(at, by, line, a)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(policy.Version) == "" {
		return nil, invalid("policy", "the policy has no version")
	}
	w, err := s.openWindow(at, per, window, "rate")
	if err != nil {
		return nil, err
	}
	if _, ok := s.periodic[window]; ok {
		return nil, fmt.Errorf("rate %s of SKP %s %d: %w", w.Label, s.nip, s.year, ErrAlreadyRated)
	}
	if from := w.End.AddDays(-policy.RatingDaysBeforeWindowEnd); civil.DateOf(at).Before(from) {
		return nil, fmt.Errorf("rate %s of SKP %s %d on %s: %w (it ends on %s; ratings from %s under policy %s)",
			w.Label, s.nip, s.year, civil.DateOf(at), ErrRatingBeforeWindowEnd, w.End, from, policy.Version)
	}
	if note == "" && !s.reportedIn(window) {
		return nil, fmt.Errorf("rate %s of SKP %s %d: %w", w.Label, s.nip, s.year, ErrNoRealisation)
	}
	return s.record(PeriodicRatingsGiven{NIP: s.nip, Year: s.year, Window: window, Label: w.Label, Ratings: r,
		Note: note, PolicyVersion: policy.Version, At: at, By: by}), nil
}

// RateAnnual records the annual ratings by the pejabat penilai in force. The
// plan must be approved, the year's period opened and not closed, its last
// window ended, at most policy.RatingDaysBeforeWindowEnd days before its
// last day (ErrRatingBeforeYearEnd), realisation reported in some window of
// the year or the reason for rating without it stated in the note
// (ErrNoRealisation), and the year not rated yet: one annual rating per
// year, changed only by AmendRatings or DecideObjection. The time of the
// event is when the employee receives the result; the objection deadline
// runs from it, under the policy version the event records (policy's: the
// one in force on the day).
func (s *SKP) RateAnnual(at time.Time, by actor.Actor, line employee.ReportingLine, per *period.Period, policy performance.Policy, a Assessment) ([]Event, error) {
	r, note, err := s.checkRating(at, by, line, a)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(policy.Version) == "" {
		return nil, invalid("policy", "the policy has no version")
	}
	if err := s.samePeriod(per); err != nil {
		return nil, err
	}
	if err := per.CheckYearOpen(); err != nil {
		return nil, fmt.Errorf("rate the year of SKP %s %d: %w", s.nip, s.year, err)
	}
	if s.annual != nil {
		return nil, fmt.Errorf("rate the year of SKP %s %d: %w", s.nip, s.year, ErrAlreadyRated)
	}
	if err := s.checkYearEnded(at, per, policy); err != nil {
		return nil, err
	}
	if note == "" && !s.reportedIn(0) {
		return nil, fmt.Errorf("rate the year of SKP %s %d: %w", s.nip, s.year, ErrNoRealisation)
	}
	return s.record(AnnualRatingsGiven{NIP: s.nip, Year: s.year, Ratings: r, Note: note,
		PolicyVersion: policy.Version, At: at, By: by}), nil
}

// AmendRatings records new ratings for period window (0 for the annual
// ratings), by the pejabat penilai in force, with the reason in a.Note. The
// ratings must exist and change. Annual ratings cannot be amended while an
// objection is pending, nor after it was decided (the decision is final).
// An amended annual result counts as received anew: the objection deadline
// runs from the amendment.
func (s *SKP) AmendRatings(at time.Time, by actor.Actor, line employee.ReportingLine, window int, a Assessment) ([]Event, error) {
	if err := s.asPenilai(at, by, line); err != nil {
		return nil, err
	}
	// The input first: a wrong field is named whatever the state.
	r, err := a.ratings()
	if err != nil {
		return nil, err
	}
	reason, err := block("reason", a.Note, text.MaxNote)
	if err != nil {
		return nil, err
	}
	if window < 0 {
		return nil, invalid("window", "%d is not a window number (0 for the annual ratings)", window)
	}
	cur, err := s.ratedAt(window)
	if err != nil {
		return nil, err
	}
	if reason == "" {
		return nil, fmt.Errorf("amend ratings of SKP %s %d: %w", s.nip, s.year, ErrReasonRequired)
	}
	if r == cur.Ratings {
		return nil, fmt.Errorf("amend ratings of SKP %s %d: %w", s.nip, s.year, ErrNoChange)
	}
	return s.record(RatingsAmended{NIP: s.nip, Year: s.year, Window: window, Previous: cur.Ratings, New: r,
		Reason: reason, PolicyVersion: cur.policyVersion, At: at, By: by}), nil
}

// checkYearEnded checks that the annual rating given at at is not earlier
// than policy.RatingDaysBeforeWindowEnd days before the last day of the
// period's last window.
func (s *SKP) checkYearEnded(at time.Time, per *period.Period, policy performance.Policy) error {
	ws := per.Windows()
	if len(ws) == 0 {
		return nil
	}
	end := ws[len(ws)-1].End
	if from := end.AddDays(-policy.RatingDaysBeforeWindowEnd); civil.DateOf(at).Before(from) {
		return fmt.Errorf("rate the year of SKP %s %d on %s: %w (the last window ends on %s; ratings from %s under policy %s)",
			s.nip, s.year, civil.DateOf(at), ErrRatingBeforeYearEnd, end, from, policy.Version)
	}
	return nil
}

// reportedIn reports whether realisation was reported for window, or for
// any window of the year when window is 0.
func (s *SKP) reportedIn(window int) bool {
	for k := range s.realisations {
		if window == 0 || k.window == window {
			return true
		}
	}
	return false
}

// ratedAt returns the ratings in force for window (0: annual) if they may
// be amended.
func (s *SKP) ratedAt(window int) (rated, error) {
	if window != 0 {
		cur, ok := s.periodic[window]
		if !ok {
			return rated{}, fmt.Errorf("amend window %d of SKP %s %d: %w", window, s.nip, s.year, ErrNotRated)
		}
		return cur, nil
	}
	switch {
	case s.annual == nil:
		return rated{}, fmt.Errorf("amend the year of SKP %s %d: %w", s.nip, s.year, ErrNotRated)
	case s.objection.decided:
		return rated{}, fmt.Errorf("amend the year of SKP %s %d: %w", s.nip, s.year, ErrRatingFinal)
	case s.objection.filed:
		return rated{}, fmt.Errorf("amend the year of SKP %s %d: %w", s.nip, s.year, ErrObjectionPending)
	}
	return *s.annual, nil
}

// checkRating checks that the pejabat penilai in force rates, then the
// assessment (returning its ratings and note), then that the plan is
// approved.
func (s *SKP) checkRating(at time.Time, by actor.Actor, line employee.ReportingLine, a Assessment) (Ratings, string, error) {
	if err := s.asPenilai(at, by, line); err != nil {
		return Ratings{}, "", err
	}
	// The input before the state: a wrong field is named whatever the
	// state (it once answered skp.already_rated to {"hasil":"bagus"}).
	r, err := a.ratings()
	if err != nil {
		return Ratings{}, "", err
	}
	note, err := block("note", a.Note, text.MaxNote)
	if err != nil {
		return Ratings{}, "", err
	}
	if s.status != StatusApproved {
		return Ratings{}, "", fmt.Errorf("rate SKP %s %d (%s): %w", s.nip, s.year, s.status, ErrNotApproved)
	}
	return r, note, nil
}
