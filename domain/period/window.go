package period

import (
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/performance"
)

// Window is one periodic evaluation window of a year: its number (1-based),
// its first and last day, and the last day on which realisation reports for
// it are on time.
type Window struct {
	Number   int        `json:"number"`
	Label    string     `json:"label"`
	Start    civil.Date `json:"start"`
	End      civil.Date `json:"end"`
	Deadline civil.Date `json:"deadline"`
}

// Contains reports whether the day d lies within the window.
func (w Window) Contains(d civil.Date) bool { return !d.Before(w.Start) && !d.After(w.End) }

// Ended reports whether the window is over on day d: d is after its last
// day, so its periodic ratings may be given in full.
func (w Window) Ended(d civil.Date) bool { return d.After(w.End) }

// Overdue reports whether a report for the window made on day d is after
// its deadline (late).
func (w Window) Overdue(d civil.Date) bool { return d.After(w.Deadline) }

// Layout returns the windows of year for frequency f, without deadlines, or
// nil for an unknown frequency. Labels are "2025-03" (monthly), "2025-Q1"
// (quarterly) and "2025-S1" (semiannual).
func Layout(year int, f performance.PeriodFrequency) []Window {
	months := f.Months()
	if months == 0 {
		return nil
	}
	ws := make([]Window, 0, 12/months)
	for n := 1; n <= 12/months; n++ {
		first := time.Month((n-1)*months + 1)
		start := civil.Date{Year: year, Month: first, Day: 1}
		end := civil.DateOf(start.Time(time.UTC).AddDate(0, months, -1))
		ws = append(ws, Window{Number: n, Label: label(year, f, n), Start: start, End: end})
	}
	return ws
}

// DeadlinesAfter returns, for each window of year at frequency f, the day
// that falls days after the window's last day: a convenient way to compute
// the deadlines of Opening.
func DeadlinesAfter(year int, f performance.PeriodFrequency, days int) []civil.Date {
	var ds []civil.Date
	for _, w := range Layout(year, f) {
		ds = append(ds, w.End.AddDays(days))
	}
	return ds
}

// LabelShaped reports whether s has the shape of a period label: a year of
// four digits alone (the year's label), or followed by "-Q" or "-S" and one
// digit, or by "-" and a two-digit month, as Layout and AnnualLabel write
// them. A label so shaped may still name no window ("2025-Q7").
func LabelShaped(s string) bool {
	if len(s) < 4 || !digits(s[:4]) || s[0] == '0' {
		return false
	}
	switch rest := s[4:]; {
	case rest == "":
		return true
	case len(rest) == 3 && rest[0] == '-' && (rest[1] == 'Q' || rest[1] == 'S') && digits(rest[2:]):
		return true
	default:
		return len(rest) == 3 && rest[0] == '-' && digits(rest[1:])
	}
}

// digits reports whether s is made of ASCII digits only.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func label(year int, f performance.PeriodFrequency, n int) string {
	switch f {
	case performance.FrequencyQuarterly:
		return fmt.Sprintf("%d-Q%d", year, n)
	case performance.FrequencySemiannual:
		return fmt.Sprintf("%d-S%d", year, n)
	}
	return fmt.Sprintf("%d-%02d", year, n)
}

// CheckOpen reports whether realisation may be reported and ratings given
// for window n on day d: the period is opened, the window exists and has
// started by d, and neither the window nor the year is closed. The error
// wraps ErrNotOpened, ErrNoSuchWindow, ErrWindowNotStarted, ErrWindowClosed
// or ErrYearClosed. A report after the deadline is still allowed; see IsLate.
func (p *Period) CheckOpen(n int, d civil.Date) error {
	if !p.opened {
		return ErrNotOpened
	}
	w, ok := p.Window(n)
	switch {
	case !ok:
		return fmt.Errorf("%w: %d in %d", ErrNoSuchWindow, n, p.year)
	case d.Before(w.Start):
		return fmt.Errorf("%w: %s starts on %s", ErrWindowNotStarted, w.Label, w.Start)
	case p.yearClosed:
		return fmt.Errorf("%w: %d", ErrYearClosed, p.year)
	case p.closed[n]:
		return fmt.Errorf("%w: %s", ErrWindowClosed, w.Label)
	}
	return nil
}

// IsOpen reports whether CheckOpen(n, d) succeeds.
func (p *Period) IsOpen(n int, d civil.Date) bool { return p.CheckOpen(n, d) == nil }

// IsLate reports whether a report for window n made on day d is after the
// window's deadline. It is false for a window that does not exist.
func (p *Period) IsLate(n int, d civil.Date) bool {
	w, ok := p.Window(n)
	return ok && w.Overdue(d)
}

// CheckYearOpen reports whether annual ratings may be given: the period is
// opened and the year is not closed. The error wraps ErrNotOpened or
// ErrYearClosed.
func (p *Period) CheckYearOpen() error {
	switch {
	case !p.opened:
		return ErrNotOpened
	case p.yearClosed:
		return fmt.Errorf("%w: %d", ErrYearClosed, p.year)
	}
	return nil
}
