package httpapi

import (
	"context"
	"errors"
	"fmt"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
)

// Object-level authorization. Each function decides from the token and the
// object alone, before the Service is asked to do anything, and returns the
// actor (NIP and role) the command is recorded under. A denial is a 403
// problem and appends nothing; an object the caller may not see at all
// answers as a missing one (404, see tenancy.go).

// asOwner lets an employee act on their own data, as pegawai.
func asOwner(p Principal, nip string) (actor.Actor, error) {
	if !p.Has(actor.Pegawai) {
		return actor.Actor{}, forbidden("Only the employee (role pegawai) may do this.")
	}
	if p.NIP != nip {
		return actor.Actor{}, forbidden("An employee acts only on their own data.")
	}
	return p.As(actor.Pegawai), nil
}

// asMasterData lets HR or an admin act within their own instansi.
func asMasterData(p Principal, instansi string) (actor.Actor, error) {
	var role actor.Role
	switch {
	case p.Has(actor.HR):
		role = actor.HR
	case p.Has(actor.Admin):
		role = actor.Admin
	default:
		return actor.Actor{}, forbidden("Only HR or an admin may do this.")
	}
	if p.Instansi != instansi {
		return actor.Actor{}, forbidden(fmt.Sprintf("HR and admins act only within their own instansi (%s).", p.Instansi))
	}
	return p.As(role), nil
}

// asPimpinan lets a pimpinan of the instansi act.
func asPimpinan(p Principal, instansi string) (actor.Actor, error) {
	if !p.Has(actor.Pimpinan) {
		return actor.Actor{}, forbidden("Only a pimpinan may do this.")
	}
	if p.Instansi != instansi {
		return actor.Actor{}, forbidden("A pimpinan acts only within their own instansi.")
	}
	return p.As(actor.Pimpinan), nil
}

// asAuditor lets an auditor or the inspektorat read the audit trail; they
// only ever read.
func asAuditor(p Principal) error {
	if p.Has(actor.Auditor) || p.Has(actor.Inspektorat) {
		return nil
	}
	return forbidden("Only an auditor or the inspektorat may read the audit trail.")
}

// today returns the civil day of the server clock in the instansi's zone.
func (s *Server) today() civil.Date { return civil.DateOf(s.now().In(s.api.Location)) }

// lineOf returns the reporting line of nip in force today, if p may see
// the employee; one p may not see answers as a missing one (404).
func (s *Server) lineOf(ctx context.Context, p Principal, nip string) (employee.ReportingLine, error) {
	e, err := s.readableEmployee(ctx, p, nip)
	if err != nil {
		return employee.ReportingLine{}, err
	}
	l, _ := e.ReportingLineAt(s.dayIn(ctx, e.Instansi()))
	return l, nil
}

// asPenilai lets the pejabat penilai named by the employee's reporting line
// in force today act, as pejabat_penilai.
func (s *Server) asPenilai(ctx context.Context, p Principal, nip string) (actor.Actor, error) {
	if !p.Has(actor.PejabatPenilai) {
		return actor.Actor{}, forbidden("Only the pejabat penilai may do this.")
	}
	l, err := s.lineOf(ctx, p, nip)
	if err != nil {
		return actor.Actor{}, err
	}
	if l.PejabatPenilai != p.NIP || nip == p.NIP {
		return actor.Actor{}, forbidden("You are not the pejabat penilai of this employee today.")
	}
	return p.As(actor.PejabatPenilai), nil
}

// asAtasan lets the atasan pejabat penilai named by the employee's reporting
// line in force today act, as atasan_pejabat_penilai. The token grants that
// capacity through the pejabat_penilai (or atasan_pejabat_penilai) role.
func (s *Server) asAtasan(ctx context.Context, p Principal, nip string) (actor.Actor, error) {
	if !p.Has(actor.PejabatPenilai) && !p.Has(actor.AtasanPejabatPenilai) {
		return actor.Actor{}, forbidden("Only the atasan pejabat penilai may do this.")
	}
	l, err := s.lineOf(ctx, p, nip)
	if err != nil {
		return actor.Actor{}, err
	}
	if l.AtasanPejabatPenilai != p.NIP || nip == p.NIP {
		return actor.Actor{}, forbidden("You are not the atasan pejabat penilai of this employee today.")
	}
	return p.As(actor.AtasanPejabatPenilai), nil
}

// readRoles may read any employee's data within their own instansi.
func readRoles() []actor.Role {
	return []actor.Role{actor.HR, actor.Admin, actor.Auditor, actor.Inspektorat, actor.Pimpinan}
}

// canRead decides whether p may read the data of employee e: the employee
// themselves, their evaluators in force today, or a reading role of the
// same instansi.
func (s *Server) canRead(ctx context.Context, p Principal, e *employee.Employee) error {
	if p.NIP == e.NIP() && p.Has(actor.Pegawai) {
		return nil
	}
	if p.Instansi == e.Instansi() {
		for _, r := range readRoles() {
			if p.Has(r) {
				return nil
			}
		}
	}
	if l, ok := e.ReportingLineAt(s.dayIn(ctx, e.Instansi())); ok && (p.Has(actor.PejabatPenilai) || p.Has(actor.AtasanPejabatPenilai)) &&
		(l.PejabatPenilai == p.NIP || l.AtasanPejabatPenilai == p.NIP) {
		return nil
	}
	return forbidden("You may not read this employee's data.")
}

// readableEmployee loads employee nip if p may read it. A missing employee
// and one p may not read answer alike (employeeNotFound, 404), so that
// nobody can probe for the NIPs of another instansi or of colleagues.
func (s *Server) readableEmployee(ctx context.Context, p Principal, nip string) (*employee.Employee, error) {
	e, err := s.api.Service.Employee(ctx, nip)
	if errors.Is(err, command.ErrNotFound) {
		return nil, employeeNotFound(nip)
	}
	if err != nil {
		return nil, err
	}
	if s.canRead(ctx, p, e) != nil {
		if p.NIP == nip {
			// Their own NIP: a 404 ("no employee with NIP …") would be false.
			return nil, forbidden("Your own record is read and acted on with the pegawai role, which this token does not carry " +
				"(and no one evaluates their own SKP).")
		}
		return nil, employeeNotFound(nip)
	}
	noteResourceInstansi(ctx, e.Instansi())
	return e, nil
}
