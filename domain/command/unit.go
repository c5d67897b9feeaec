package command

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/field"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/unit"
)

// maxUnitDepth bounds the walk up the unit hierarchy when moving a unit.
const maxUnitDepth = 64

// unitDecide decides a command on one unit, given its state; reads records
// the reference streams it read (the policy register), which must not move
// before its events are appended.
type unitDecide func(ctx context.Context, at time.Time, u *unit.Unit, reads *refReads) ([]unit.Event, error)

// onUnit runs a command on the stream of the unit code.
func (s *Service) onUnit(ctx context.Context, m Meta, op, code string, create bool, decide unitDecide) (Result, error) {
	// Checked before the code names a stream (whose own check would answer
	// with the stream's name).
	if err := unit.ValidateCode(code); err != nil {
		return Result{}, fmt.Errorf("%s: %w", op, err)
	}
	var reads refReads // those of the latest attempt
	return s.run(ctx, m, command{
		op: fmt.Sprintf("%s %s", op, code), stream: unit.Stream(code), create: create,
		conditions: reads.conditions,
		decide: func(ctx context.Context, at time.Time, stored []eventlog.Event) ([]encoded, error) {
			reads.reset()
			u, err := unit.Replay(stored)
			if err != nil {
				return nil, err
			}
			events, err := decide(ctx, at, u, &reads)
			if err != nil {
				return nil, err
			}
			return encodeAll(events, unit.Encode, unitNotes)
		},
	})
}

// unitNotes returns the policy version and the reason of a unit event.
func unitNotes(e unit.Event) (policy, reason string) {
	switch e := e.(type) {
	case unit.OrganisationPredikatSet:
		return e.PolicyVersion, e.Reason
	case unit.DistributionOverrideRecorded:
		return e.PolicyVersion, e.Justification
	}
	return "", ""
}

// RegisterUnit records a new unit. A parent must exist in the same instansi.
func (s *Service) RegisterUnit(ctx context.Context, m Meta, r unit.Registration) (Result, error) {
	return s.onUnit(ctx, m, "register unit", r.Code, true,
		func(ctx context.Context, at time.Time, u *unit.Unit, reads *refReads) ([]unit.Event, error) {
			events, err := u.Register(at, m.Actor, r)
			if err != nil || r.Parent == "" {
				return events, err
			}
			return events, s.checkUnitOf(ctx, r.Instansi, r.Parent)
		})
}

// RenameUnit records a new name of the unit code.
func (s *Service) RenameUnit(ctx context.Context, m Meta, code, name string) (Result, error) {
	return s.onUnit(ctx, m, "rename unit", code, false,
		func(_ context.Context, at time.Time, u *unit.Unit, _ *refReads) ([]unit.Event, error) {
			return u.Rename(at, m.Actor, name)
		})
}

// MoveUnit records a new parent of the unit code; empty makes it a top unit.
// The parent must exist in the same instansi and must not lie below the unit
// (an error wrapping unit.ErrOwnParent).
func (s *Service) MoveUnit(ctx context.Context, m Meta, code, parent string) (Result, error) {
	return s.onUnit(ctx, m, "move unit", code, false,
		func(ctx context.Context, at time.Time, u *unit.Unit, reads *refReads) ([]unit.Event, error) {
			events, err := u.Move(at, m.Actor, parent)
			if err != nil || parent == "" {
				return events, err
			}
			return events, s.checkNotBelow(ctx, u, parent)
		})
}

// checkNotBelow checks that parent exists in u's instansi and that u is not
// among parent's ancestors.
func (s *Service) checkNotBelow(ctx context.Context, u *unit.Unit, parent string) error {
	for code, depth := parent, 0; code != ""; depth++ {
		p, err := s.Unit(ctx, code)
		switch {
		case err != nil:
			return fmt.Errorf("unit %s: %w", code, err)
		case p.Instansi() != u.Instansi():
			return fmt.Errorf("unit %s: %w: %s, not %s", code, ErrOtherInstansi, p.Instansi(), u.Instansi())
		case code == u.Code():
			return fmt.Errorf("%s lies below %s: %w", parent, u.Code(), unit.ErrOwnParent)
		case depth >= maxUnitDepth:
			return fmt.Errorf("%w: the hierarchy above %s is deeper than %d", unit.ErrInvalidInput, parent, maxUnitDepth)
		}
		code = p.Parent()
	}
	return nil
}

// SetOrganisationPredikat records the organisation predikat of the unit code
// for a period. The instansi's year must be opened and ps.Period must be the
// year's label ("2025") or one of its windows ("2025-Q1"). The policy version
// recorded is that of the policy in force for the instansi on the day, whose
// distribution pattern the read side checks the unit against. For a unit with a parent, the pimpinan must be an
// employee of the parent unit.
func (s *Service) SetOrganisationPredikat(ctx context.Context, m Meta, code string, ps unit.PredikatSetting) (Result, error) {
	return s.onUnit(ctx, m, "set organisation predikat of", code, false,
		func(ctx context.Context, at time.Time, u *unit.Unit, reads *refReads) ([]unit.Event, error) {
			pv, err := s.periodPolicy(ctx, u.Instansi(), ps.Year, ps.Period, at, reads)
			if err != nil {
				return nil, err
			}
			if err := s.checkPimpinan(ctx, m.Actor, u, civil.DateOf(at)); err != nil {
				return nil, err
			}
			ps.PolicyVersion = pv
			return u.SetOrganisationPredikat(at, m.Actor, ps)
		})
}

// RecordDistributionOverride records that the distribution pattern of the
// unit code is knowingly not met for a period, with the justification. The
// period rules, the policy version and the pimpinan who may record it are
// those of SetOrganisationPredikat; HR of the instansi may record it too.
func (s *Service) RecordDistributionOverride(ctx context.Context, m Meta, code string, o unit.Override) (Result, error) {
	return s.onUnit(ctx, m, "record distribution override of", code, false,
		func(ctx context.Context, at time.Time, u *unit.Unit, reads *refReads) ([]unit.Event, error) {
			pv, err := s.periodPolicy(ctx, u.Instansi(), o.Year, o.Period, at, reads)
			if err != nil {
				return nil, err
			}
			if err := s.checkPimpinan(ctx, m.Actor, u, civil.DateOf(at)); err != nil {
				return nil, err
			}
			o.PolicyVersion = pv
			return u.RecordDistributionOverride(at, m.Actor, o)
		})
}

// periodPolicy checks that label names instansi's opened year or one of its
// windows and returns the version of the policy in force on the day of at.
func (s *Service) periodPolicy(ctx context.Context, instansi string, year int, label string, at time.Time, reads *refReads) (string, error) {
	if year < 2000 || year > 9999 {
		// As unit.SetOrganisationPredikat would say, before a year no
		// period can have is looked for.
		return "", field.Invalid(unit.ErrInvalidInput, "year", "%d is not a year from 2000 to 9999", year)
	}
	p, err := s.Period(ctx, instansi, year)
	if errors.Is(err, ErrNotFound) {
		// Named as a missing stream, so that an adapter can say which
		// year is missing in its own terms, not by the stream's name.
		return "", &StreamNotFoundError{Op: "period", Stream: period.Stream(instansi, year)}
	}
	if err != nil {
		return "", fmt.Errorf("period: %w", err)
	}
	known := label == period.AnnualLabel(year)
	for _, w := range p.Windows() {
		known = known || w.Label == label
	}
	if !known {
		return "", fmt.Errorf("%w: period label %q is neither %s nor one of its windows", unit.ErrInvalidInput, label, period.AnnualLabel(year))
	}
	policy, err := s.policyRead(ctx, instansi, civil.DateOf(at), reads)
	if err != nil {
		return "", err
	}
	return policy.Version, nil
}

// checkPimpinan checks that a pimpinan acting on u on day belongs to the
// unit one level up on that day (a transfer recorded ahead of its effective
// day does not count before it). A top unit's pimpinan (the head of the
// instansi) need not be in the employee master data, so it is not checked
// further.
func (s *Service) checkPimpinan(ctx context.Context, by actor.Actor, u *unit.Unit, day civil.Date) error {
	if u.Parent() == "" || by.Role != actor.Pimpinan {
		return nil
	}
	e, err := s.Employee(ctx, by.NIP)
	if errors.Is(err, ErrNotFound) {
		return fmt.Errorf("%w: %s is not a registered employee", ErrNotPimpinan, by.NIP)
	}
	if err != nil {
		return err
	}
	if on := e.UnitOn(day); on != u.Parent() {
		return fmt.Errorf("%w: %s works in %s on %s, not %s", ErrNotPimpinan, by.NIP, on, day, u.Parent())
	}
	return nil
}

// SetUnitWorkPlan records the work plan (Perjanjian Kinerja items) of the
// unit code for year, which the RHK of the head of the unit cascade from.
func (s *Service) SetUnitWorkPlan(ctx context.Context, m Meta, code string, year int, items []unit.WorkPlanItem) (Result, error) {
	return s.onUnit(ctx, m, "set work plan of unit", code, false,
		func(_ context.Context, at time.Time, u *unit.Unit, _ *refReads) ([]unit.Event, error) {
			return u.SetWorkPlan(at, m.Actor, year, items)
		})
}
