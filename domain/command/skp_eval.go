package command

import (
	"context"

	"github.com/kinerja/kinerja/domain/skp"
)

// ReportRealisation records the employee's realisation of IKI iki in period
// window window, with evidence, while the window is open. A report after the
// window's deadline is recorded as late, not rejected.
func (s *Service) ReportRealisation(ctx context.Context, m Meta, nip string, year, window int, iki string, r skp.Realisation) (Result, error) {
	return s.onSKP(ctx, m, "report realisation on", nip, year, false, func(c *skpCall) ([]skp.Event, error) {
		per, err := c.period()
		if err != nil {
			return nil, err
		}
		return c.skp.ReportRealisation(c.at, c.by, per, window, iki, r)
	})
}

// CorrectRealisation records a corrected realisation of IKI iki in window,
// with the reason.
func (s *Service) CorrectRealisation(ctx context.Context, m Meta, nip string, year, window int, iki string, r skp.Realisation, reason string) (Result, error) {
	return s.onSKP(ctx, m, "correct realisation on", nip, year, false, func(c *skpCall) ([]skp.Event, error) {
		per, err := c.period()
		if err != nil {
			return nil, err
		}
		return c.skp.CorrectRealisation(c.at, c.by, per, window, iki, r, reason)
	})
}

// GiveFeedback records continuous feedback by the pejabat penilai in force
// on the day, on an RHK or a BerAKHLAK value.
func (s *Service) GiveFeedback(ctx context.Context, m Meta, nip string, year int, f skp.Feedback) (Result, error) {
	return s.onSKP(ctx, m, "give feedback on", nip, year, false, func(c *skpCall) ([]skp.Event, error) {
		line, err := c.line()
		if err != nil {
			return nil, err
		}
		return c.skp.GiveFeedback(c.at, c.by, line, f)
	})
}

// RespondToFeedback records the employee's response to feedback number no.
func (s *Service) RespondToFeedback(ctx context.Context, m Meta, nip string, year, no int, text string) (Result, error) {
	return s.onSKP(ctx, m, "respond to feedback on", nip, year, false, func(c *skpCall) ([]skp.Event, error) {
		return c.skp.RespondToFeedback(c.at, c.by, no, text)
	})
}

// RatePeriod records the ratings of period window by the pejabat penilai in
// force on the day. The event records the version of the policy in force
// for the instansi on the day, whose rating guard applies.
func (s *Service) RatePeriod(ctx context.Context, m Meta, nip string, year, window int, a skp.Assessment) (Result, error) {
	return s.onSKP(ctx, m, "rate window on", nip, year, false, func(c *skpCall) ([]skp.Event, error) {
		line, err := c.line()
		if err != nil {
			return nil, err
		}
		per, policy, err := c.periodPolicy()
		if err != nil {
			return nil, err
		}
		return c.skp.RatePeriod(c.at, c.by, line, per, policy, window, a)
	})
}

// RateAnnual records the annual ratings by the pejabat penilai in force on
// the day; the objection deadline runs from it.
func (s *Service) RateAnnual(ctx context.Context, m Meta, nip string, year int, a skp.Assessment) (Result, error) {
	return s.onSKP(ctx, m, "rate year on", nip, year, false, func(c *skpCall) ([]skp.Event, error) {
		line, err := c.line()
		if err != nil {
			return nil, err
		}
		per, policy, err := c.periodPolicy()
		if err != nil {
			return nil, err
		}
		return c.skp.RateAnnual(c.at, c.by, line, per, policy, a)
	})
}

// AmendRatings records new ratings for period window (0 for the annual
// ratings) by the pejabat penilai in force on the day, with the reason in
// a.Note. The event keeps the previous ratings and their policy version.
func (s *Service) AmendRatings(ctx context.Context, m Meta, nip string, year, window int, a skp.Assessment) (Result, error) {
	return s.onSKP(ctx, m, "amend ratings on", nip, year, false, func(c *skpCall) ([]skp.Event, error) {
		line, err := c.line()
		if err != nil {
			return nil, err
		}
		return c.skp.AmendRatings(c.at, c.by, line, window, a)
	})
}

// FileObjection records the employee's objection against the annual
// ratings, within the objection window of the policy version the annual
// ratings record: the right to object is fixed when the result is received.
func (s *Service) FileObjection(ctx context.Context, m Meta, nip string, year int, reasons string) (Result, error) {
	return s.onSKP(ctx, m, "file objection on", nip, year, false, func(c *skpCall) ([]skp.Event, error) {
		policy, err := c.ratingPolicy()
		if err != nil {
			return nil, err
		}
		return c.skp.FileObjection(c.at, c.by, policy, reasons)
	})
}

// DecideObjection records the final decision on the objection by the atasan
// pejabat penilai in force on the day.
func (s *Service) DecideObjection(ctx context.Context, m Meta, nip string, year int, d skp.Decision) (Result, error) {
	return s.onSKP(ctx, m, "decide objection on", nip, year, false, func(c *skpCall) ([]skp.Event, error) {
		line, err := c.line()
		if err != nil {
			return nil, err
		}
		return c.skp.DecideObjection(c.at, c.by, line, d)
	})
}
