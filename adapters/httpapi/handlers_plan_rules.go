package httpapi

import (
	"context"

	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/unit"
)

// Handlers of the rules of planning (issue 14): the pejabat penilai's
// expectations for the BerAKHLAK values, and the unit's work plan that the
// RHK of the head of the unit cascade from.

type expectationsRequest struct {
	Expectations []skp.Expectation `json:"expectations"`
}

// setExpectations records the pejabat penilai's expectations of one or
// more BerAKHLAK values of the employee's plan.
func (s *Server) setExpectations(ctx context.Context, c *call) (command.Result, error) {
	var in expectationsRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	n, year, m, err := s.supervisedSKP(ctx, c)
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.SetExpectationsSKP(ctx, m, n, year, in.Expectations)
}

type workPlanRequest struct {
	Items []unit.WorkPlanItem `json:"items"`
}

// setUnitWorkPlan records the unit's work plan (Perjanjian Kinerja) of a
// year, as HR or admin of the unit's instansi.
func (s *Server) setUnitWorkPlan(ctx context.Context, c *call) (command.Result, error) {
	var in workPlanRequest
	if err := c.decode(&in); err != nil {
		return command.Result{}, err
	}
	year, err := c.pathInt("year")
	if err != nil {
		return command.Result{}, err
	}
	code, m, err := s.unitAs(ctx, c, asMasterData)
	if err != nil {
		return command.Result{}, err
	}
	return s.api.Service.SetUnitWorkPlan(ctx, m, code, year, in.Items)
}
