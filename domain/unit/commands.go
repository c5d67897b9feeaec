package unit

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/field"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/text"
)

// masterData returns the roles that maintain units.
func masterData() []actor.Role { return []actor.Role{actor.HR, actor.Admin, actor.System} }

// labelRe is the shape of a period label such as "2025", "2025-Q1" or "2025-03".
var labelRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$`)

// Registration is the input of Register.
type Registration struct {
	Code     string
	Name     string
	Parent   string // empty for a top unit of the instansi
	Instansi string
}

// Register records a new unit. Only HR, admin or system may register units.
func (u *Unit) Register(at time.Time, by actor.Actor, r Registration) ([]Event, error) {
	if err := authorize(at, by, masterData()...); err != nil {
		return nil, err
	}
	if u.registered {
		return nil, ErrAlreadyRegistered
	}
	name, err := line("name", r.Name, text.MaxName)
	if err != nil {
		return nil, err
	}
	if err := validateRegistration(r); err != nil {
		return nil, err
	}
	return u.record(Registered{Code: r.Code, Name: name, Parent: r.Parent,
		Instansi: r.Instansi, At: at, By: by}), nil
}

// Rename records a new name for the unit.
func (u *Unit) Rename(at time.Time, by actor.Actor, name string) ([]Event, error) {
	if err := u.check(at, by, masterData()...); err != nil {
		return nil, err
	}
	name, err := line("name", name, text.MaxName)
	if err != nil {
		return nil, err
	}
	if name == "" {
		return nil, field.Invalid(ErrInvalidInput, "name", "required")
	}
	if name == u.name {
		return nil, fmt.Errorf("rename unit %s: %w", u.code, ErrNoChange)
	}
	return u.record(Renamed{Code: u.code, From: u.name, To: name, At: at, By: by}), nil
}

// Move records a new parent for the unit; an empty parent makes it a top
// unit. Detecting cycles deeper than one level needs the other units and is
// the use case's job.
func (u *Unit) Move(at time.Time, by actor.Actor, parent string) ([]Event, error) {
	if err := u.check(at, by, masterData()...); err != nil {
		return nil, err
	}
	if parent != "" {
		if err := ValidateCode(parent); err != nil {
			return nil, err
		}
	}
	if parent == u.code {
		return nil, fmt.Errorf("move unit %s: %w", u.code, ErrOwnParent)
	}
	if parent == u.parent {
		return nil, fmt.Errorf("move unit %s: %w", u.code, ErrNoChange)
	}
	return u.record(Moved{Code: u.code, FromParent: u.parent, ToParent: parent, At: at, By: by}), nil
}

// PredikatSetting is the input of SetOrganisationPredikat. Period is the
// label of the evaluation period within Year (for example "2025" for the year
// or "2025-Q1"); Reason is required when a setting for the same period is
// replaced.
type PredikatSetting struct {
	Year          int
	Period        string
	Predikat      performance.OrgPredikat
	PolicyVersion string
	Reason        string
}

// SetOrganisationPredikat records the organisation predikat of the unit for
// a period. Only a pimpinan may set it; that the pimpinan heads the unit one
// level up is checked by the use case, which knows the hierarchy.
func (u *Unit) SetOrganisationPredikat(at time.Time, by actor.Actor, s PredikatSetting) ([]Event, error) {
	if err := u.check(at, by, actor.Pimpinan); err != nil {
		return nil, err
	}
	if err := validatePeriod(s.Year, s.Period, s.PolicyVersion); err != nil {
		return nil, err
	}
	if !s.Predikat.Valid() {
		return nil, field.Invalid(ErrInvalidInput, "predikat", "%q is not an organisation predikat", s.Predikat)
	}
	prev, exists := u.predikat[periodKey{s.Year, s.Period}]
	reason, err := block("reason", s.Reason, text.MaxNote)
	if err != nil {
		return nil, err
	}
	switch {
	case exists && prev == s.Predikat:
		return nil, fmt.Errorf("set predikat of unit %s for %s: %w", u.code, s.Period, ErrNoChange)
	case exists && reason == "":
		return nil, fmt.Errorf("set predikat of unit %s for %s: %w", u.code, s.Period, ErrReasonRequired)
	}
	return u.record(OrganisationPredikatSet{Code: u.code, Year: s.Year, Period: s.Period, Predikat: s.Predikat,
		Previous: prev, Reason: reason, PolicyVersion: s.PolicyVersion, At: at, By: by}), nil
}

// Override is the input of RecordDistributionOverride: the violations of the
// distribution pattern (as reported by performance.Policy.CheckDistribution)
// that are knowingly accepted, and why.
type Override struct {
	Year          int
	Period        string
	Violations    []performance.Violation
	Justification string
	PolicyVersion string
}

// RecordDistributionOverride records that the distribution pattern of the
// unit for a period is not met, with a justification. A pimpinan or HR may
// record it; an organisation predikat must be set for the period.
func (u *Unit) RecordDistributionOverride(at time.Time, by actor.Actor, o Override) ([]Event, error) {
	if err := u.check(at, by, actor.Pimpinan, actor.HR); err != nil {
		return nil, err
	}
	if err := validatePeriod(o.Year, o.Period, o.PolicyVersion); err != nil {
		return nil, err
	}
	if len(o.Violations) == 0 {
		return nil, field.Invalid(ErrInvalidInput, "violations", "an override names the violations it accepts")
	}
	predikat, ok := u.predikat[periodKey{o.Year, o.Period}]
	if !ok {
		return nil, fmt.Errorf("override distribution of unit %s for %s: %w", u.code, o.Period, ErrNoOrganisationPredikat)
	}
	justification, err := block("justification", o.Justification, text.MaxJustification)
	if err != nil {
		return nil, err
	}
	if err := checkViolations(o.Violations); err != nil {
		return nil, err
	}
	if justification == "" {
		return nil, fmt.Errorf("override distribution of unit %s for %s: %w", u.code, o.Period, ErrJustificationRequired)
	}
	return u.record(DistributionOverrideRecorded{Code: u.code, Year: o.Year, Period: o.Period, Predikat: predikat,
		Violations: violations(o.Violations), Justification: justification,
		PolicyVersion: o.PolicyVersion, At: at, By: by}), nil
}

// violations copies the violations of the policy check into event form.
func violations(vs []performance.Violation) []Violation {
	out := make([]Violation, len(vs))
	for i, v := range vs {
		out[i] = Violation{Rule: v.Rule, Predikats: append([]performance.Predikat(nil), v.Predikats...),
			Limit: v.Limit, Actual: v.Actual, Message: v.Message}
	}
	return out
}

// authorize checks that a command has a time and an actor in one of roles.
func authorize(at time.Time, by actor.Actor, roles ...actor.Role) error {
	if at.IsZero() {
		return fmt.Errorf("%w: the command has no time", ErrInvalidInput)
	}
	return by.Require(roles...)
}

// check authorizes a command on a registered unit.
func (u *Unit) check(at time.Time, by actor.Actor, roles ...actor.Role) error {
	if err := authorize(at, by, roles...); err != nil {
		return err
	}
	if !u.registered {
		return ErrNotRegistered
	}
	return nil
}

func validateRegistration(r Registration) error {
	if err := ValidateCode(r.Code); err != nil {
		return err
	}
	if err := ValidateInstansi(r.Instansi); err != nil {
		return err
	}
	if strings.TrimSpace(r.Name) == "" {
		return field.Invalid(ErrInvalidInput, "name", "required")
	}
	if r.Parent == "" {
		return nil
	}
	if err := ValidateCode(r.Parent); err != nil {
		return field.Wrap(ErrInvalidInput, "parent", err)
	}
	if r.Parent == r.Code {
		return fmt.Errorf("register unit %s: %w", r.Code, ErrOwnParent)
	}
	return nil
}

func validatePeriod(year int, label, policyVersion string) error {
	if year < 2000 || year > 9999 {
		return field.Invalid(ErrInvalidInput, "year", "%d is not a year from 2000 to 9999", year)
	}
	if !labelRe.MatchString(label) {
		return field.Invalid(ErrInvalidInput, "period", "%q is not a period label", label)
	}
	if _, err := line("policy_version", policyVersion, text.MaxIdentifier); err != nil {
		return err
	}
	if strings.TrimSpace(policyVersion) == "" {
		return fmt.Errorf("%w: policy version is required", ErrInvalidInput)
	}
	return nil
}
