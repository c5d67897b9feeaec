package period

import (
	"fmt"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/field"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/unit"
)

// masterData returns the roles that open and close periods.
func masterData() []actor.Role { return []actor.Role{actor.HR, actor.Admin, actor.System} }

// MaxDeadlineDays bounds how long after a window's end its deadline may be.
const MaxDeadlineDays = 366

// Opening is the input of Open. Deadlines holds the submission deadline of
// each window in order (see Layout and DeadlinesAfter); none may fall before
// its window's last day.
type Opening struct {
	Instansi  string
	Year      int
	Frequency performance.PeriodFrequency
	Deadlines []civil.Date
}

// Open records the opening of the year under policy, whose version every
// rating in the period will record. The frequency must be one the policy allows.
func (p *Period) Open(at time.Time, by actor.Actor, policy performance.Policy, o Opening) ([]Event, error) {
	if err := authorize(at, by); err != nil {
		return nil, err
	}
	if p.opened {
		return nil, fmt.Errorf("open period %s %d: %w", p.instansi, p.year, ErrAlreadyOpened)
	}
	if o.Year > at.Year()+1 {
		// A year is opened in it or just before it (December for January).
		return nil, field.Invalid(ErrInvalidInput, "year", "%d is more than a year ahead of %d", o.Year, at.Year())
	}
	windows, err := validateOpening(policy, o)
	if err != nil {
		return nil, err
	}
	return p.record(Opened{Instansi: o.Instansi, Year: o.Year, Frequency: o.Frequency, Windows: windows,
		PolicyVersion: policy.Version, At: at, By: by}), nil
}

// CloseWindow records that window n is closed. A window closes only after
// its last day, and only once.
func (p *Period) CloseWindow(at time.Time, by actor.Actor, n int) ([]Event, error) {
	if err := p.check(at, by); err != nil {
		return nil, err
	}
	w, ok := p.Window(n)
	switch {
	case !ok:
		return nil, fmt.Errorf("close window: %w: %d in %d", ErrNoSuchWindow, n, p.year)
	case p.WindowClosed(n):
		return nil, fmt.Errorf("close window %s: %w", w.Label, ErrWindowClosed)
	case !civil.DateOf(at).After(w.End):
		return nil, fmt.Errorf("close window %s on %s: %w (last day %s)", w.Label, civil.DateOf(at), ErrWindowNotEnded, w.End)
	}
	return p.record(WindowClosed{Instansi: p.instansi, Year: p.year, Window: n, Label: w.Label, At: at, By: by}), nil
}

// CloseYear records that the year is closed, which closes every window. It
// is allowed from 1 January of the next year on, once.
func (p *Period) CloseYear(at time.Time, by actor.Actor) ([]Event, error) {
	if err := p.check(at, by); err != nil {
		return nil, err
	}
	if p.yearClosed {
		return nil, fmt.Errorf("close year %d: %w", p.year, ErrYearClosed)
	}
	if civil.DateOf(at).Year <= p.year {
		return nil, fmt.Errorf("close year %d on %s: %w", p.year, civil.DateOf(at), ErrYearNotEnded)
	}
	return p.record(YearClosed{Instansi: p.instansi, Year: p.year, At: at, By: by}), nil
}

// authorize checks that a command has a time and an HR, admin or system actor.
func authorize(at time.Time, by actor.Actor) error {
	if at.IsZero() {
		return fmt.Errorf("%w: the command has no time", ErrInvalidInput)
	}
	return by.Require(masterData()...)
}

// check authorizes a command on an opened period.
func (p *Period) check(at time.Time, by actor.Actor) error {
	if err := authorize(at, by); err != nil {
		return err
	}
	if !p.opened {
		return ErrNotOpened
	}
	return nil
}

// validateOpening checks o against policy and returns its windows with their
// deadlines.
func validateOpening(policy performance.Policy, o Opening) ([]Window, error) {
	if err := unit.ValidateInstansi(o.Instansi); err != nil {
		return nil, field.Wrap(ErrInvalidInput, "instansi", err)
	}
	if o.Year < 2000 || o.Year > 9998 {
		return nil, field.Invalid(ErrInvalidInput, "year", "%d is not a year from 2000 to 9998", o.Year)
	}
	if strings.TrimSpace(policy.Version) == "" {
		return nil, fmt.Errorf("%w: the policy has no version", ErrInvalidInput)
	}
	if !o.Frequency.Valid() {
		return nil, field.Invalid(ErrInvalidInput, "frequency", "%q is not a frequency", o.Frequency)
	}
	if !policy.AllowsFrequency(o.Frequency) {
		return nil, fmt.Errorf("%w: %s under policy %s", ErrFrequencyNotAllowed, o.Frequency, policy.Version)
	}
	windows := Layout(o.Year, o.Frequency)
	if len(o.Deadlines) != len(windows) {
		return nil, field.Invalid(ErrInvalidInput, "deadlines", "%d deadlines for %d windows", len(o.Deadlines), len(windows))
	}
	for i, d := range o.Deadlines {
		if !d.IsValid() || d.Before(windows[i].End) {
			return nil, field.Invalid(ErrInvalidInput, fmt.Sprintf("deadlines[%d]", i), "deadline %q of %s must be a real day on or after %s", d, windows[i].Label, windows[i].End)
		}
		if latest := windows[i].End.AddDays(MaxDeadlineDays); latest.Before(d) {
			return nil, field.Invalid(ErrInvalidInput, fmt.Sprintf("deadlines[%d]", i), "deadline %s of %s is more than %d days after its end (%s)", d, windows[i].Label, MaxDeadlineDays, windows[i].End)
		}
		windows[i].Deadline = d
	}
	return windows, nil
}
