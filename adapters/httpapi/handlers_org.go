package httpapi

import (
	"context"
	"fmt"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/unit"
)

// Handlers of units and periods.

type registerUnitRequest struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Parent   string `json:"parent"`
	Instansi string `json:"instansi"`
}

func (s *Server) registerUnit(ctx context.Context, c *call) (command.Result, error) {
	var in registerUnitRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	by, err := asMasterData(c.p, in.Instansi)
	if err != nil {
		return command.Result{}, err
	}
	if err := s.checkUnitRef(ctx, c.p, "parent", in.Parent); err != nil {
		return command.Result{}, err
	}
	return s.api.Service.RegisterUnit(ctx, c.as(by), unit.Registration(in))
}

// unitAs authorizes an action on the unit in the path: allow checks the
// principal against the unit's instansi. A unit of another instansi
// answers as a missing one.
func (s *Server) unitAs(ctx context.Context, c *call, allow func(Principal, string) (actor.Actor, error)) (string, command.Meta, error) {
	if _, err := allow(c.p, c.p.Instansi); err != nil {
		return "", command.Meta{}, err // the wrong role: deny before loading anything.
	}
	code := c.vars["code"]
	u, err := s.unitIn(ctx, c.p.Instansi, code)
	if err != nil {
		return "", command.Meta{}, err
	}
	by, err := allow(c.p, u.Instansi())
	return code, c.as(by), err
}

func (s *Server) renameUnit(ctx context.Context, c *call) (command.Result, error) {
	var in struct {
		Name string `json:"name"`
	}
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	code, m, err := s.unitAs(ctx, c, asMasterData)
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.RenameUnit(ctx, m, code, in.Name)
}

func (s *Server) moveUnit(ctx context.Context, c *call) (command.Result, error) {
	var in struct {
		Parent string `json:"parent"`
	}
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	code, m, err := s.unitAs(ctx, c, asMasterData)
	if err != nil {
		return command.Result{}, err
	}
	if err := s.checkUnitRef(ctx, c.p, "parent", in.Parent); err != nil {
		return command.Result{}, err
	}
	return s.api.Service.MoveUnit(ctx, m, code, in.Parent)
}

type predikatRequest struct {
	Year     int                     `json:"year"`
	Period   string                  `json:"period"`
	Predikat performance.OrgPredikat `json:"predikat"`
	Reason   string                  `json:"reason"`
}

func (s *Server) setOrganisationPredikat(ctx context.Context, c *call) (command.Result, error) {
	var in predikatRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	code, m, err := s.unitAs(ctx, c, asPimpinan)
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.SetOrganisationPredikat(ctx, m, code,
		unit.PredikatSetting{Year: in.Year, Period: in.Period, Predikat: in.Predikat, Reason: in.Reason})
}

type violationRequest struct {
	Rule      string                 `json:"rule"`
	Predikats []performance.Predikat `json:"predikats"`
	Limit     int                    `json:"limit"`
	Actual    int                    `json:"actual"`
	Message   string                 `json:"message"`
}

type overrideRequest struct {
	Year          int                `json:"year"`
	Period        string             `json:"period"`
	Violations    []violationRequest `json:"violations"`
	Justification string             `json:"justification"`
}

// asPimpinanOrHR lets a pimpinan or HR of the instansi act.
func asPimpinanOrHR(p Principal, instansi string) (actor.Actor, error) {
	if p.Has(actor.Pimpinan) {
		return asPimpinan(p, instansi)
	}
	if !p.Has(actor.HR) {
		return actor.Actor{}, forbidden("Only a pimpinan or HR may do this.")
	}
	return asMasterData(p, instansi)
}

func (s *Server) recordDistributionOverride(ctx context.Context, c *call) (command.Result, error) {
	var in overrideRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	code, m, err := s.unitAs(ctx, c, asPimpinanOrHR)
	if err != nil {
		return command.Result{}, err
	}
	o := unit.Override{Year: in.Year, Period: in.Period, Justification: in.Justification}
	for _, v := range in.Violations {
		o.Violations = append(o.Violations, performance.Violation(v))
	}
	return s.api.Service.RecordDistributionOverride(ctx, m, code, o)
}

// getUnit returns a unit to anyone of its instansi; to others it answers
// as a missing unit.
func (s *Server) getUnit(ctx context.Context, c *call) (any, uint64, error) {
	u, err := s.unitIn(ctx, c.p.Instansi, c.vars["code"])
	if err != nil {
		return nil, 0, err
	}
	return unitView{Code: u.Code(), Name: u.Name(), Parent: u.Parent(), Instansi: u.Instansi(), Version: u.Version()}, u.Version(), nil
}

type openPeriodRequest struct {
	Instansi  string                      `json:"instansi"`
	Year      int                         `json:"year"`
	Frequency performance.PeriodFrequency `json:"frequency"`
	// Deadlines of each window; when empty, each window's deadline is
	// DeadlineDays (default 10) after its last day.
	Deadlines    []civil.Date `json:"deadlines"`
	DeadlineDays *int         `json:"deadline_days"`
}

func (s *Server) openPeriod(ctx context.Context, c *call) (command.Result, error) {
	var in openPeriodRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	by, err := asMasterData(c.p, in.Instansi)
	if err != nil {
		return command.Result{}, err
	}
	if len(in.Deadlines) == 0 {
		days := 10
		if in.DeadlineDays != nil {
			days = *in.DeadlineDays
		}
		if days < 0 || days > period.MaxDeadlineDays {
			return command.Result{}, newRequestError(TypeValidation, "The period has an invalid field.",
				FieldError{Field: "deadline_days", Message: fmt.Sprintf("must be from 0 to %d", period.MaxDeadlineDays)})
		}
		in.Deadlines = period.DeadlinesAfter(in.Year, in.Frequency, days)
	}
	return s.api.Service.OpenPeriod(ctx, c.as(by), period.Opening{Instansi: in.Instansi, Year: in.Year,
		Frequency: in.Frequency, Deadlines: in.Deadlines})
}

// periodAs authorizes HR or an admin of the instansi in the path. A year
// of another instansi answers as one never opened.
func (s *Server) periodAs(ctx context.Context, c *call) (string, int, command.Meta, error) {
	instansi := c.vars["instansi"]
	year, err := c.pathInt("year")
	if err != nil {
		return "", 0, command.Meta{}, err
	}
	if _, err := asMasterData(c.p, c.p.Instansi); err != nil {
		return "", 0, command.Meta{}, err // not HR nor admin: deny before loading anything.
	}
	if _, err := s.periodIn(ctx, c.p, instansi, year); err != nil {
		return "", 0, command.Meta{}, err
	}
	by, err := asMasterData(c.p, instansi)
	return instansi, year, c.as(by), err
}

func (s *Server) closePeriodWindow(ctx context.Context, c *call) (command.Result, error) {
	instansi, year, m, err := s.periodAs(ctx, c)
	if err != nil {
		return command.Result{}, err
	}
	window, err := c.pathInt("window")
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.ClosePeriodWindow(ctx, m, instansi, year, window)
}

func (s *Server) closePeriodYear(ctx context.Context, c *call) (command.Result, error) {
	instansi, year, m, err := s.periodAs(ctx, c)
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.ClosePeriodYear(ctx, m, instansi, year)
}

// getPeriod returns an evaluation year to anyone of its instansi; to
// others it answers as a year never opened.
func (s *Server) getPeriod(ctx context.Context, c *call) (any, uint64, error) {
	year, err := c.pathInt("year")
	if err != nil {
		return nil, 0, err
	}
	p, err := s.periodIn(ctx, c.p, c.vars["instansi"], year)
	if err != nil {
		return nil, 0, err
	}
	return periodViewOf(p), p.Version(), nil
}
