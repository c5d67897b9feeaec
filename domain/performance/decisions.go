package performance

import (
	"fmt"
	"math"
	"time"
)

// AngkaKredit returns the credit points (angka kredit) a functional post at
// level earns with predikat pred over months months: months/12 × AKPercent
// of pred / 100 × AKCoefficient of level, rounded to three decimals. Pass
// months = 12 for the annual AK. Errors wrap ErrInvalidJabatan (unknown
// level), ErrNotFunctional (a JPT or administrasi level),
// ErrInvalidPredikat, ErrInvalidMonths (months outside 1–12) or
// ErrInvalidPolicy (the policy lacks the percentage or coefficient).
func (p Policy) AngkaKredit(level JabatanLevel, pred Predikat, months int) (float64, error) {
	if _, ok := level.Kind(); !ok {
		return 0, fmt.Errorf("angka kredit: jabatan level %q: %w", level, ErrInvalidJabatan)
	}
	if !level.Functional() {
		return 0, fmt.Errorf("angka kredit: jabatan level %s: %w", level, ErrNotFunctional)
	}
	if !pred.Valid() {
		return 0, fmt.Errorf("angka kredit: predikat %q: %w", pred, ErrInvalidPredikat)
	}
	if months < 1 || months > 12 {
		return 0, fmt.Errorf("angka kredit: %d months is not in 1-12: %w", months, ErrInvalidMonths)
	}
	coef, ok := p.AKCoefficient[level]
	if !ok {
		return 0, fmt.Errorf("angka kredit: policy %s has no coefficient for %s: %w", p.Version, level, ErrInvalidPolicy)
	}
	pct, ok := p.AKPercent[pred]
	if !ok {
		return 0, fmt.Errorf("angka kredit: policy %s has no percentage for %s: %w", p.Version, pred, ErrInvalidPolicy)
	}
	ak := float64(months) * pct * coef / 1200
	return math.Round(ak*1000) / 1000, nil
}

// ObjectionDeadline returns the last calendar day on which an objection
// (keberatan) against a result received at received is in time: the day of
// receipt plus ObjectionDays, at midnight in received's location. With the
// default 14 days, a result received on 10 January may be objected to up to
// and including 24 January.
func (p Policy) ObjectionDeadline(received time.Time) time.Time {
	y, m, d := received.Date()
	return time.Date(y, m, d+p.ObjectionDays, 0, 0, 0, 0, received.Location())
}

// ObjectionInTime reports whether an objection filed at filed is in time
// for a result received at received: filed's calendar day, read in
// received's location, is on or after the day of receipt and on or before
// ObjectionDeadline. An objection dated before the receipt is not in time.
func (p Policy) ObjectionInTime(received, filed time.Time) bool {
	loc := received.Location()
	f := civilDay(filed.In(loc))
	return !f.Before(civilDay(received)) && !f.After(civilDay(p.ObjectionDeadline(received)))
}

// civilDay returns t's calendar date as midnight UTC, so that dates compare
// without daylight-saving effects.
func civilDay(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
