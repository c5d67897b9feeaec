package httpapi

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/field"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/unit"
)

// Tenancy. Kinerja serves many instansi from one deployment, and what a
// caller may not see answers exactly as what does not exist: the same
// status (404) and the same problem, built here from the request alone, so
// that NIPs, unit codes and periods of another instansi cannot be
// enumerated. Decisions taken from the token alone (the caller's role, or
// an employee acting on a NIP other than their own) stay 403: they answer
// the same whether the object exists or not.

// employeeNotFound is the answer for an employee that does not exist or
// that the caller may not see.
func employeeNotFound(nip string) error {
	return newRequestError(TypeNotFound, fmt.Sprintf("No employee with NIP %s exists.", nip))
}

// unitNotFound is the answer for a unit that does not exist or belongs to
// another instansi, whether named in the path or in the body.
func unitNotFound(code string) error {
	return newRequestError(TypeNotFound, fmt.Sprintf("No unit with code %q exists.", code))
}

// skpNotFound is the answer for an SKP that was never drafted or that the
// caller may not see.
func skpNotFound() error {
	return newRequestError(TypeNotFound, "No SKP exists for this employee and year.")
}

// skpNotFoundAsOf is the answer for an SKP read as of a moment before its
// first event (the SKP, its score trail, its document).
func skpNotFoundAsOf(a eventlog.AsOf) error {
	return newRequestError(TypeNotFound, "No SKP existed for this employee and year at as_of "+a.String()+".")
}

// missingStream is the answer for a command on a stream that has no events
// (command.StreamNotFoundError): the same problem as a read of what the
// stream holds, never the stream's name, which is internal.
func missingStream(stream string) error {
	if _, _, err := skp.ParseStream(stream); err == nil {
		return skpNotFound()
	}
	if nip, ok := strings.CutPrefix(stream, employee.Stream("")); ok {
		return employeeNotFound(nip)
	}
	if code, ok := strings.CutPrefix(stream, unit.Stream("")); ok {
		return unitNotFound(code)
	}
	if instansi, year, ok := period.ParseStream(stream); ok {
		return periodNotFound(instansi, year)
	}
	return newRequestError(TypeNotFound, "What the request names does not exist.")
}

// periodNotFound is the answer for an evaluation year that was never opened
// or belongs to another instansi.
func periodNotFound(instansi string, year int) error {
	return newRequestError(TypeNotFound, fmt.Sprintf("No evaluation year %d of instansi %q exists.", year, instansi))
}

// employeeIn loads employee nip if it belongs to instansi; a missing one
// and one of another instansi are both employeeNotFound.
func (s *Server) employeeIn(ctx context.Context, instansi, nip string) (*employee.Employee, error) {
	e, err := s.api.Service.Employee(ctx, nip)
	if errors.Is(err, command.ErrNotFound) || (err == nil && e.Instansi() != instansi) {
		return nil, employeeNotFound(nip)
	}
	return e, err
}

// unitIn loads unit code if it belongs to instansi; a missing one and one
// of another instansi are both unitNotFound.
func (s *Server) unitIn(ctx context.Context, instansi, code string) (*unit.Unit, error) {
	if err := unit.ValidateCode(code); err != nil {
		return nil, err // before the code names a stream
	}
	u, err := s.api.Service.Unit(ctx, code)
	if errors.Is(err, command.ErrNotFound) || (err == nil && u.Instansi() != instansi) {
		return nil, unitNotFound(code)
	}
	return u, err
}

// checkUnitRef checks a unit code named in a request body against the
// caller's instansi before a command runs, so that a unit of another
// instansi answers as a missing one (the command itself would say that it
// belongs to another instansi). An empty code is left to the command's
// validation. A code that cannot be one is an invalid field named name.
func (s *Server) checkUnitRef(ctx context.Context, p Principal, name, code string) error {
	if code == "" {
		return nil
	}
	if err := unit.ValidateCode(code); err != nil {
		return field.Wrap(unit.ErrInvalidInput, name, err)
	}
	_, err := s.unitIn(ctx, p.Instansi, code)
	return err
}

// periodIn loads instansi's evaluation year if the caller belongs to that
// instansi; a missing year and one of another instansi are both
// periodNotFound.
func (s *Server) periodIn(ctx context.Context, p Principal, instansi string, year int) (*period.Period, error) {
	if instansi != p.Instansi {
		return nil, periodNotFound(instansi, year)
	}
	pd, err := s.api.Service.Period(ctx, instansi, year)
	if errors.Is(err, command.ErrNotFound) {
		return nil, periodNotFound(instansi, year)
	}
	return pd, err
}

// checkOfficials checks that the officials of a reporting line are
// employees of the instansi: an official of another instansi answers as a
// missing one, unless the assignment gives a cross_instansi_reason (see
// assignReportingLine). Empty NIPs are left to the command's validation.
func (s *Server) checkOfficials(ctx context.Context, instansi string, nips ...string) error {
	for _, n := range nips {
		if n == "" {
			continue
		}
		if _, err := s.employeeIn(ctx, instansi, n); err != nil {
			return err
		}
	}
	return nil
}
