// Package period models the evaluation year of an instansi: its periodic
// windows (monthly, quarterly or semiannual), the submission deadline of each
// window and the policy version in force, and the closing of windows and of
// the year. The stream of a period is period-<instansi>-<year>.
package period

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
)

// Errors of the period aggregate. Input errors wrap ErrInvalidInput; the
// others are broken rules.
var (
	ErrInvalidInput        = errors.New("invalid period command")
	ErrNotOpened           = errors.New("period not opened")
	ErrAlreadyOpened       = errors.New("period already opened")
	ErrFrequencyNotAllowed = errors.New("period frequency not allowed by the policy")
	ErrNoSuchWindow        = errors.New("no such period window")
	ErrWindowNotStarted    = errors.New("period window has not started")
	ErrWindowNotEnded      = errors.New("period window has not ended")
	ErrWindowClosed        = errors.New("period window closed")
	ErrYearNotEnded        = errors.New("period year has not ended")
	ErrYearClosed          = errors.New("period year closed")
)

// Stream returns the name of the stream of the period of instansi in year.
func Stream(instansi string, year int) string {
	return "period-" + instansi + "-" + strconv.Itoa(year)
}

// ParseStream returns the instansi and year of a period stream name, as
// Stream writes it; ok is false for any other name.
func ParseStream(stream string) (instansi string, year int, ok bool) {
	rest, found := strings.CutPrefix(stream, "period-")
	i := strings.LastIndex(rest, "-")
	if !found || i <= 0 {
		return "", 0, false
	}
	year, err := strconv.Atoi(rest[i+1:])
	if err != nil || strconv.Itoa(year) != rest[i+1:] {
		return "", 0, false
	}
	return rest[:i], year, true
}

// AnnualLabel returns the label of the whole year as a period, e.g. "2025".
func AnnualLabel(year int) string { return strconv.Itoa(year) }

// Period is the state of one instansi's evaluation year, rebuilt by Replay.
type Period struct {
	version       uint64
	opened        bool
	instansi      string
	year          int
	frequency     performance.PeriodFrequency
	policyVersion string
	windows       []Window
	closed        map[int]bool
	yearClosed    bool
}

// New returns the state of a period whose stream is empty.
func New() *Period { return &Period{closed: map[int]bool{}} }

// Replay rebuilds a period from its whole stream, in version order. An empty
// stream gives a period that is not opened.
func Replay(stored []eventlog.Event) (*Period, error) {
	p := New()
	for _, s := range stored {
		e, err := Decode(s.Type, s.SchemaVersion, s.Data)
		if err != nil {
			return nil, fmt.Errorf("replay %s version %d: %w", s.Stream, s.Version, err)
		}
		p.apply(e)
		p.version++
	}
	return p, nil
}

// apply changes the state by one event; it is used by Replay and by the
// command methods, and never fails.
func (p *Period) apply(e Event) {
	switch e := e.(type) {
	case Opened:
		p.opened = true
		p.instansi, p.year, p.frequency, p.policyVersion = e.Instansi, e.Year, e.Frequency, e.PolicyVersion
		p.windows = append([]Window(nil), e.Windows...)
	case WindowClosed:
		p.closed[e.Window] = true
	case YearClosed:
		p.yearClosed = true
	}
}

// record applies e and returns it as the result of a command.
func (p *Period) record(e Event) []Event {
	p.apply(e)
	return []Event{e}
}

// Version returns the number of events replayed: the stream version to expect
// when appending the events of the next command.
func (p *Period) Version() uint64 { return p.version }

// Opened reports whether the period has been opened.
func (p *Period) Opened() bool { return p.opened }

// Instansi returns the code of the instansi.
func (p *Period) Instansi() string { return p.instansi }

// Year returns the evaluation year.
func (p *Period) Year() int { return p.year }

// Frequency returns how often periodic evaluations happen in the year.
func (p *Period) Frequency() performance.PeriodFrequency { return p.frequency }

// PolicyVersion returns the version of the policy in force for the year.
// Events that rate within the period record it.
func (p *Period) PolicyVersion() string { return p.policyVersion }

// Windows returns the periodic windows of the year, in order.
func (p *Period) Windows() []Window { return append([]Window(nil), p.windows...) }

// Window returns window number n (1-based) and whether it exists.
func (p *Period) Window(n int) (Window, bool) {
	if n < 1 || n > len(p.windows) {
		return Window{}, false
	}
	return p.windows[n-1], true
}

// WindowOf returns the window that contains the day d.
func (p *Period) WindowOf(d civil.Date) (Window, bool) {
	for _, w := range p.windows {
		if w.Contains(d) {
			return w, true
		}
	}
	return Window{}, false
}

// WindowClosed reports whether window n has been closed, alone or with the year.
func (p *Period) WindowClosed(n int) bool { return p.yearClosed || p.closed[n] }

// YearClosed reports whether the year has been closed.
func (p *Period) YearClosed() bool { return p.yearClosed }
