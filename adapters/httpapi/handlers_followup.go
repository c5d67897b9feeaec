package httpapi

import (
	"context"
	"errors"
	"fmt"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/followup"
)

// Handlers of the follow-up of results (tindak lanjut).

type followupRequest struct {
	Kind      followup.Kind `json:"kind"`
	Title     string        `json:"title"`
	Reason    string        `json:"reason"`
	Effective string        `json:"effective"`
	Basis     []struct {
		Year    int    `json:"year"`
		EventID string `json:"event_id"`
	} `json:"basis"`
}

// recordFollowup records a reward, coaching, training attended or a
// sanction of an employee, by HR or the pimpinan of the employee's
// instansi, or by the employee's pejabat penilai or atasan in force, of
// whichever instansi (see followupEmployee).
func (s *Server) recordFollowup(ctx context.Context, c *call) (command.Result, error) {
	var in followupRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	n, err := c.pathNIP()
	if err != nil {
		return command.Result{}, err
	}
	var eff civil.Date
	if in.Effective != "" {
		if eff, err = civil.Parse(in.Effective); err != nil {
			return command.Result{}, newRequestError(TypeValidation, "effective is a date such as 2026-02-01.",
				FieldError{Field: "effective", Message: err.Error()})
		}
	}
	refs := make([]command.RatingRef, len(in.Basis))
	for i, b := range in.Basis {
		refs[i] = command.RatingRef{Year: b.Year, EventID: b.EventID}
	}
	emp, err := s.followupEmployee(ctx, c.p, n)
	if err != nil {
		return command.Result{}, err
	}
	l, _ := emp.ReportingLineAt(s.dayIn(ctx, emp.Instansi()))
	by, err := followupActor(c.p, emp.Instansi(), lineNames{penilai: l.PejabatPenilai, atasan: l.AtasanPejabatPenilai})
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.RecordFollowup(ctx, c.as(by), n,
		followup.Input{Kind: in.Kind, Title: in.Title, Reason: in.Reason, Effective: eff}, refs)
}

// followupEmployee loads the employee nip whose follow-up p records: one
// of p's instansi, or of another whose reporting line in force names p (an
// official assigned across instansi, as ratings follow the line). Anyone
// else of another instansi finds no such employee (404), as on reads; in
// p's own instansi, followupActor says why p may not (403).
func (s *Server) followupEmployee(ctx context.Context, p Principal, nip string) (*employee.Employee, error) {
	e, err := s.api.Service.Employee(ctx, nip)
	if errors.Is(err, command.ErrNotFound) || (err == nil && e.Instansi() != p.Instansi && s.canRead(ctx, p, e) != nil) {
		return nil, employeeNotFound(nip)
	}
	return e, err
}

// followupActor picks the role the caller records a follow-up in: HR,
// then pimpinan, of the employee's instansi; else the pejabat penilai or
// atasan named by the line in force today.
func followupActor(p Principal, instansi string, line lineNames) (actor.Actor, error) {
	switch {
	case p.Instansi == instansi && p.Has(actor.HR):
		return p.As(actor.HR), nil
	case p.Instansi == instansi && p.Has(actor.Pimpinan):
		return p.As(actor.Pimpinan), nil
	case p.Has(actor.PejabatPenilai) && line.penilai == p.NIP:
		return p.As(actor.PejabatPenilai), nil
	case (p.Has(actor.PejabatPenilai) || p.Has(actor.AtasanPejabatPenilai)) && line.atasan == p.NIP:
		return p.As(actor.AtasanPejabatPenilai), nil
	}
	return actor.Actor{}, forbidden(fmt.Sprintf("Only HR or a pimpinan of %s, or the employee's pejabat penilai or atasan today, record follow-up.", instansi))
}

// lineNames are the officials of a reporting line.
type lineNames struct{ penilai, atasan string }
