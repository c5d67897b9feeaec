package command

import (
	"context"
	"fmt"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/unit"
)

// SetExpectationsSKP records the pejabat penilai's expectations
// (ekspektasi khusus pimpinan) for one or more BerAKHLAK values of the
// employee's plan. Only the pejabat penilai in force on the day may, while
// the plan is not approved.
func (s *Service) SetExpectationsSKP(ctx context.Context, m Meta, nip string, year int, es []skp.Expectation) (Result, error) {
	return s.onSKP(ctx, m, "set expectations of", nip, year, false, func(c *skpCall) ([]skp.Event, error) {
		line, err := c.line()
		if err != nil {
			return nil, err
		}
		return c.skp.SetExpectations(c.at, c.by, line, es)
	})
}

// cascaded returns events, the decision of a command that writes the plan,
// once the plan they record cascades from its superior as the policy asks
// (performance.Policy.CascadeCheck); else the *skp.CascadeError.
func (c *skpCall) cascaded(events []skp.Event, err error) ([]skp.Event, error) {
	if err != nil {
		return nil, err
	}
	var plan skp.Plan
	found := false
	for _, e := range events {
		if p, ok := skp.PlanOf(e); ok {
			plan, found = p, true
		}
	}
	if !found {
		return events, nil
	}
	if err := c.perspektifAllowed(plan); err != nil {
		return nil, err
	}
	// A plan is checked under the instansi's policy in force on the day of
	// the action, the version a period opened that day opens under. (It
	// once took the built-in version before the period was opened, so an
	// adopted cascade check was skipped.)
	policy, err := c.policyToday()
	if err != nil || policy.CascadeCheck != performance.CascadePenilaiSKP {
		return events, err
	}
	sup, err := c.superior()
	if err != nil {
		return nil, err
	}
	if err := skp.CheckCascade(plan, sup); err != nil {
		return nil, err
	}
	return events, nil
}

// perspektifAllowed checks the perspektif of a JPT's plan against the
// policy in force on the day of the action (jpt_perspektif).
func (c *skpCall) perspektifAllowed(plan skp.Plan) error {
	for _, rhk := range plan.RHK {
		if rhk.Perspektif == "" {
			continue
		}
		policy, err := c.policyToday()
		if err != nil {
			return err
		}
		allowed := policy.JPTPerspektif
		if len(allowed) == 0 { // adopted before the field existed
			allowed = performance.DefaultJPTPerspektif()
		}
		return skp.CheckPerspektif(plan, allowed)
	}
	return nil
}

// superior returns what the RHK of the SKP may support: the items of the
// unit's work plan for a head's SKP, else the RHK of the approved SKP of
// the pejabat penilai in force on the day. A missing source gives no ids,
// and a Source that says why.
func (c *skpCall) superior() (skp.Superior, error) {
	year := c.skp.Year()
	if c.skp.Head() {
		return c.workPlan(year)
	}
	line, err := c.line()
	if err != nil {
		return skp.Superior{}, err
	}
	if line.IsZero() {
		return skp.Superior{Source: fmt.Sprintf("the pejabat penilai's approved SKP %d (no reporting line in force on %s)",
			year, civil.DateOf(c.at))}, nil
	}
	stream := skp.Stream(line.PejabatPenilai, year)
	boss, v, err := loadRefAt(c.ctx, c.svc, stream, false, skp.Replay)
	if err != nil {
		return skp.Superior{}, err
	}
	c.reads.record(stream, v)
	sup := skp.Superior{Source: fmt.Sprintf("the approved SKP %d of the pejabat penilai %s", year, line.PejabatPenilai)}
	if p, ok := boss.ApprovedPlan(); ok {
		sup.IDs = p.RHKIDs()
	} else {
		sup.Source += " (not approved yet)"
	}
	return sup, nil
}

// workPlan returns the items of the work plan for year of the unit the
// employee works in on the day of the action (a transfer recorded ahead of
// its effective day does not count before it).
func (c *skpCall) workPlan(year int) (skp.Superior, error) {
	e, err := c.employee(c.skp.NIP())
	if err != nil {
		return skp.Superior{}, err
	}
	code := e.UnitOn(civil.DateOf(c.at))
	stream := unit.Stream(code)
	u, v, err := loadRefAt(c.ctx, c.svc, stream, false, unit.Replay)
	if err != nil {
		return skp.Superior{}, err
	}
	c.reads.record(stream, v)
	sup := skp.Superior{Source: fmt.Sprintf("the work plan %d of unit %s", year, code)}
	items, ok := u.WorkPlan(year)
	if !ok {
		sup.Source += " (none recorded)"
	}
	for _, it := range items {
		sup.IDs = append(sup.IDs, it.ID)
	}
	return sup, nil
}
