package command

import (
	"context"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
)

// employeeDecide decides a command on one employee, given its state.
type employeeDecide func(ctx context.Context, at time.Time, e *employee.Employee) ([]employee.Event, error)

// onEmployee runs a command on the stream of the employee nip.
func (s *Service) onEmployee(ctx context.Context, m Meta, op, nip string, create bool, decide employeeDecide) (Result, error) {
	if err := checkNIP(op, nip); err != nil {
		return Result{}, err
	}
	if !create {
		if err := checkNotOwnRecord(m.Actor, nip); err != nil {
			return Result{}, err
		}
	}
	return s.run(ctx, m, command{
		op: fmt.Sprintf("%s %s", op, nip), stream: employee.Stream(nip), create: create,
		decide: func(ctx context.Context, at time.Time, stored []eventlog.Event) ([]encoded, error) {
			e, err := employee.Replay(stored)
			if err != nil {
				return nil, err
			}
			events, err := decide(ctx, at, e)
			if err != nil {
				return nil, err
			}
			return encodeAll(events, employee.Encode, employeeNotes)
		},
	})
}

// employeeNotes returns the reason an employee event carries; none uses a policy.
func employeeNotes(e employee.Event) (policy, reason string) {
	switch e := e.(type) {
	case employee.Transferred:
		return "", e.Reason
	case employee.ReportingLineAssigned:
		return "", e.Reason
	case employee.LeftService:
		return "", e.Reason
	}
	return "", ""
}

// RegisterEmployee records a new employee. The unit must exist and belong to
// the employee's instansi.
func (s *Service) RegisterEmployee(ctx context.Context, m Meta, r employee.Registration) (Result, error) {
	return s.onEmployee(ctx, m, "register employee", r.NIP, true,
		func(ctx context.Context, at time.Time, e *employee.Employee) ([]employee.Event, error) {
			events, err := e.Register(at, m.Actor, r)
			if err != nil {
				return nil, err
			}
			return events, s.checkUnitOf(ctx, r.Instansi, r.Unit)
		})
}

// TransferEmployee records a move of the employee nip to the unit toUnit,
// which must exist in the employee's instansi, from the effective date.
func (s *Service) TransferEmployee(ctx context.Context, m Meta, nip, toUnit string, effective civil.Date, reason string) (Result, error) {
	return s.onEmployee(ctx, m, "transfer employee", nip, false,
		func(ctx context.Context, at time.Time, e *employee.Employee) ([]employee.Event, error) {
			events, err := e.Transfer(at, m.Actor, toUnit, effective, reason)
			if err != nil {
				return nil, err
			}
			return events, s.checkUnitOf(ctx, e.Instansi(), toUnit)
		})
}

// ChangeJabatan records a new position of the employee nip.
func (s *Service) ChangeJabatan(ctx context.Context, m Meta, nip string, j employee.Jabatan, effective civil.Date) (Result, error) {
	return s.onEmployee(ctx, m, "change jabatan of", nip, false,
		func(_ context.Context, at time.Time, e *employee.Employee) ([]employee.Event, error) {
			return e.ChangeJabatan(at, m.Actor, j, effective)
		})
}

// ChangeGolongan records a new grade of the employee nip from its TMT.
func (s *Service) ChangeGolongan(ctx context.Context, m Meta, nip string, g performance.Golongan, tmt civil.Date) (Result, error) {
	return s.onEmployee(ctx, m, "change golongan of", nip, false,
		func(_ context.Context, at time.Time, e *employee.Employee) ([]employee.Event, error) {
			return e.ChangeGolongan(at, m.Actor, g, tmt)
		})
}

// AssignReportingLine records who evaluates the employee nip from
// a.EffectiveFrom on. Both officials must be registered employees still in
// service on that day, of the employee's instansi unless the assignment
// gives a cross-instansi reason.
func (s *Service) AssignReportingLine(ctx context.Context, m Meta, nip string, a employee.LineAssignment) (Result, error) {
	return s.onEmployee(ctx, m, "assign reporting line of", nip, false,
		func(ctx context.Context, at time.Time, e *employee.Employee) ([]employee.Event, error) {
			events, err := e.AssignReportingLine(at, m.Actor, a)
			if err != nil {
				return nil, err
			}
			for _, official := range []string{a.PejabatPenilai, a.AtasanPejabatPenilai} {
				if err := s.checkInService(ctx, official, a.EffectiveFrom); err != nil {
					return nil, err
				}
				if err := s.checkSameInstansi(ctx, e, official, a.CrossInstansiReason); err != nil {
					return nil, err
				}
			}
			return events, nil
		})
}

// LeaveService records that the employee nip leaves the service.
func (s *Service) LeaveService(ctx context.Context, m Meta, nip string, effective civil.Date, reason string) (Result, error) {
	return s.onEmployee(ctx, m, "leave service", nip, false,
		func(_ context.Context, at time.Time, e *employee.Employee) ([]employee.Event, error) {
			return e.LeaveService(at, m.Actor, effective, reason)
		})
}

// checkUnitOf checks that the unit code exists and belongs to instansi.
func (s *Service) checkUnitOf(ctx context.Context, instansi, code string) error {
	u, err := s.Unit(ctx, code)
	if err != nil {
		return fmt.Errorf("unit: %w", err)
	}
	if u.Instansi() != instansi {
		return fmt.Errorf("unit %s: %w: %s, not %s", code, ErrOtherInstansi, u.Instansi(), instansi)
	}
	return nil
}

// checkInService checks that nip is a registered employee who has not left
// the service by day d.
func (s *Service) checkInService(ctx context.Context, nip string, d civil.Date) error {
	e, err := s.Employee(ctx, nip)
	if err != nil {
		return fmt.Errorf("official: %w", err)
	}
	if left, on := e.Left(); left && !on.After(d) {
		return fmt.Errorf("official %s on %s: %w since %s", nip, d, employee.ErrLeftService, on)
	}
	return nil
}
