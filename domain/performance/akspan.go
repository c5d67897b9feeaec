package performance

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// LevelSpan is a jabatan level in force from the calendar day of From on,
// until the From of the next span. A zero From means in force since before
// any date asked about (the jabatan an employee was registered with).
type LevelSpan struct {
	Level JabatanLevel
	From  time.Time
}

// AKPart is the share of a period's angka kredit earned at one functional
// level: the months counted at it and the angka kredit, rounded to three
// decimals.
type AKPart struct {
	Level       JabatanLevel `json:"level"`
	Months      int          `json:"months"`
	AngkaKredit float64      `json:"angka_kredit"`
}

// AKSplit is the angka kredit of a period: the total, rounded to three
// decimals from the unrounded parts, and one part per functional level in
// force during it, in the order they came into force.
type AKSplit struct {
	AngkaKredit float64  `json:"angka_kredit"`
	Parts       []AKPart `json:"parts"`
}

// AngkaKreditForYear returns the angka kredit earned in year with predikat
// pred, each month counted at the jabatan level in force on its first day
// (see AngkaKreditForMonths).
func (p Policy) AngkaKreditForYear(levels []LevelSpan, pred Predikat, year int) (AKSplit, error) {
	return p.AngkaKreditForMonths(levels, pred, year, time.January, time.December)
}

// AngkaKreditForMonths returns the angka kredit earned with predikat pred in
// the months first to last of year (a periodic window), pro rata by months:
// each month counts 1/12 of AKPercent of pred × AKCoefficient of the level in
// force on the month's first day. A change of jabatan effective on the 1st
// counts from that month, one effective later in a month from the next
// month. Months at a JPT or administrasi level, or before any span, earn
// nothing. Errors wrap ErrInvalidMonths (months outside first ≤ last in
// January–December), ErrInvalidPredikat, ErrNotFunctional (no month at a
// functional level), ErrInvalidJabatan or ErrInvalidPolicy.
func (p Policy) AngkaKreditForMonths(levels []LevelSpan, pred Predikat, year int, first, last time.Month) (AKSplit, error) {
	if first < time.January || last > time.December || first > last {
		return AKSplit{}, fmt.Errorf("angka kredit %d: months %d-%d: %w", year, first, last, ErrInvalidMonths)
	}
	if !pred.Valid() {
		return AKSplit{}, fmt.Errorf("angka kredit %d: predikat %q: %w", year, pred, ErrInvalidPredikat)
	}
	spans := sortedSpans(levels)
	var split AKSplit
	var total float64
	for m := first; m <= last; m++ {
		level, ok := levelOn(spans, time.Date(year, m, 1, 0, 0, 0, 0, time.UTC))
		if !ok || !level.Functional() {
			continue
		}
		ak, err := p.akExact(level, pred, 1)
		if err != nil {
			return AKSplit{}, err
		}
		total += ak
		if n := len(split.Parts); n > 0 && split.Parts[n-1].Level == level {
			split.Parts[n-1].Months++
		} else {
			split.Parts = append(split.Parts, AKPart{Level: level, Months: 1})
		}
	}
	if len(split.Parts) == 0 {
		return AKSplit{}, fmt.Errorf("angka kredit %d: no functional jabatan in force in months %d-%d: %w", year, first, last, ErrNotFunctional)
	}
	for i, part := range split.Parts {
		ak, _ := p.akExact(part.Level, pred, part.Months)
		split.Parts[i].AngkaKredit = round3(ak)
	}
	split.AngkaKredit = round3(total)
	return split, nil
}

// akExact is AngkaKredit without rounding or checks of months.
func (p Policy) akExact(level JabatanLevel, pred Predikat, months int) (float64, error) {
	if _, ok := level.Kind(); !ok {
		return 0, fmt.Errorf("angka kredit: jabatan level %q: %w", level, ErrInvalidJabatan)
	}
	coef, ok := p.AKCoefficient[level]
	if !ok {
		return 0, fmt.Errorf("angka kredit: policy %s has no coefficient for %s: %w", p.Version, level, ErrInvalidPolicy)
	}
	pct, ok := p.AKPercent[pred]
	if !ok {
		return 0, fmt.Errorf("angka kredit: policy %s has no percentage for %s: %w", p.Version, pred, ErrInvalidPolicy)
	}
	return float64(months) * pct * coef / 1200, nil
}

// sortedSpans returns the spans by calendar day of From, keeping the order
// given among spans of the same day (the last one wins).
func sortedSpans(levels []LevelSpan) []LevelSpan {
	spans := slices.Clone(levels)
	slices.SortStableFunc(spans, func(a, b LevelSpan) int { return dayOf(a.From).Compare(dayOf(b.From)) })
	return spans
}

// levelOn returns the level in force on day d (midnight UTC) among spans
// sorted by sortedSpans.
func levelOn(spans []LevelSpan, d time.Time) (JabatanLevel, bool) {
	var level JabatanLevel
	found := false
	for _, s := range spans {
		if dayOf(s.From).After(d) {
			break
		}
		level, found = s.Level, true
	}
	return level, found
}

// dayOf returns t's calendar date at midnight UTC; the zero time stays zero.
func dayOf(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return civilDay(t)
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }
