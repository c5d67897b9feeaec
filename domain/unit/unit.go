// Package unit models an organisation unit (unit organisasi) of an instansi:
// its registration and place in the hierarchy, and the organisation predikat
// that the pimpinan one level up sets for a period, which fixes the unit's
// distribution pattern. The stream of a unit is unit-<code>.
package unit

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/field"
	"github.com/kinerja/kinerja/domain/performance"
)

// Errors of the unit aggregate. Input errors wrap ErrInvalidInput; the others
// are broken rules.
var (
	ErrInvalidInput           = errors.New("invalid unit command")
	ErrNotRegistered          = errors.New("unit not registered")
	ErrAlreadyRegistered      = errors.New("unit already registered")
	ErrNoChange               = errors.New("command changes nothing")
	ErrOwnParent              = errors.New("unit cannot be its own parent")
	ErrReasonRequired         = errors.New("a reason is required to change the organisation predikat")
	ErrNoOrganisationPredikat = errors.New("no organisation predikat set for the period")
	ErrJustificationRequired  = errors.New("a distribution override requires a justification")
)

// codeRe is the shape of unit and instansi codes; they appear in stream names.
var codeRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

// Stream returns the name of the stream of the unit with the given code.
func Stream(code string) string { return "unit-" + code }

// ValidateCode checks a unit code: 1–64 letters, digits, dots, underscores or
// dashes, starting with a letter or digit. Errors wrap ErrInvalidInput.
func ValidateCode(code string) error {
	if !codeRe.MatchString(code) {
		return field.Invalid(ErrInvalidInput, "code", "%q is not a unit code (want 1-64 letters, digits, '.', '_' or '-')", code)
	}
	return nil
}

// ValidateInstansi checks an instansi code, which has the shape of a unit
// code. Errors wrap ErrInvalidInput.
func ValidateInstansi(code string) error {
	if !codeRe.MatchString(code) {
		return field.Invalid(ErrInvalidInput, "instansi", "%q is not an instansi code (want 1-64 letters, digits, '.', '_' or '-')", code)
	}
	return nil
}

// periodKey identifies an evaluation period of a unit: a year and a label
// such as "2025" (the year) or "2025-Q1".
type periodKey struct {
	year  int
	label string
}

// Unit is the state of one organisation unit, rebuilt by Replay.
type Unit struct {
	version    uint64
	registered bool
	code       string
	name       string
	parent     string
	instansi   string
	predikat   map[periodKey]performance.OrgPredikat
	overrides  map[periodKey]int
	workPlans  map[int][]WorkPlanItem
}

// New returns the state of a unit whose stream is empty.
func New() *Unit {
	return &Unit{predikat: map[periodKey]performance.OrgPredikat{}, overrides: map[periodKey]int{},
		workPlans: map[int][]WorkPlanItem{}}
}

// Replay rebuilds a unit from its whole stream, in version order. An empty
// stream gives an unregistered unit.
func Replay(stored []eventlog.Event) (*Unit, error) {
	u := New()
	for _, s := range stored {
		e, err := Decode(s.Type, s.SchemaVersion, s.Data)
		if err != nil {
			return nil, fmt.Errorf("replay %s version %d: %w", s.Stream, s.Version, err)
		}
		u.apply(e)
		u.version++
	}
	return u, nil
}

// Version returns the number of events replayed: the stream version to expect
// when appending the events of the next command.
func (u *Unit) Version() uint64 { return u.version }

// Registered reports whether the unit has been registered.
func (u *Unit) Registered() bool { return u.registered }

// Code returns the unit code.
func (u *Unit) Code() string { return u.code }

// Name returns the current name.
func (u *Unit) Name() string { return u.name }

// Parent returns the code of the parent unit, empty for a top unit.
func (u *Unit) Parent() string { return u.parent }

// Instansi returns the code of the instansi the unit belongs to.
func (u *Unit) Instansi() string { return u.instansi }

// OrganisationPredikat returns the organisation predikat in force for the
// period (year, label) and whether one was set.
func (u *Unit) OrganisationPredikat(year int, label string) (performance.OrgPredikat, bool) {
	p, ok := u.predikat[periodKey{year, label}]
	return p, ok
}

// Overridden reports whether a distribution override was recorded for the
// period (year, label).
func (u *Unit) Overridden(year int, label string) bool {
	return u.overrides[periodKey{year, label}] > 0
}

// apply changes the state by one event; it is used by Replay and by the
// command methods, and never fails.
func (u *Unit) apply(e Event) {
	switch e := e.(type) {
	case Registered:
		u.registered = true
		u.code, u.name, u.parent, u.instansi = e.Code, e.Name, e.Parent, e.Instansi
	case Renamed:
		u.name = e.To
	case Moved:
		u.parent = e.ToParent
	case OrganisationPredikatSet:
		u.predikat[periodKey{e.Year, e.Period}] = e.Predikat
	case DistributionOverrideRecorded:
		u.overrides[periodKey{e.Year, e.Period}]++
	case WorkPlanSet:
		u.workPlans[e.Year] = e.Items
	}
}

// record applies e and returns it as the result of a command.
func (u *Unit) record(e Event) []Event {
	u.apply(e)
	return []Event{e}
}
