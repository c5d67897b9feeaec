package httpapi

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/unitreport"
)

// maxCascadeStaff bounds the employees a cascade tree loads the SKP of.
const maxCascadeStaff = 500

// cascadeView is the cascade tree (matriks peran hasil) of a unit for a
// year: the work plan items at the root, each with the approved RHK of the
// unit's employees that support it nested below, recursively.
type cascadeView struct {
	Unit        string         `json:"unit"`
	Year        int            `json:"year"`
	WorkPlan    []cascadeItem  `json:"work_plan"`
	Unlinked    []*cascadeNode `json:"unlinked"`
	NotApproved []string       `json:"not_approved"`
	Employees   int            `json:"employees"`
	Projection  freshness      `json:"projection"`
}

// cascadeItem is an item of the unit's work plan with the RHK under it.
type cascadeItem struct {
	ID       string         `json:"id"`
	Text     string         `json:"text"`
	Children []*cascadeNode `json:"children"`
}

// cascadeNode is one RHK of an employee's approved SKP and the RHK of
// their subordinates that support it.
type cascadeNode struct {
	NIP      string         `json:"nip"`
	Name     string         `json:"name"`
	RHK      string         `json:"rhk"`
	Kind     skp.RHKKind    `json:"kind"`
	Text     string         `json:"text"`
	Supports string         `json:"supports"`
	Children []*cascadeNode `json:"children"`
}

// cascadePlan is an employee's approved plan with their pejabat penilai
// in force on the cascade's day (today, or a past year's last day).
type cascadePlan struct {
	nip, name, penilai string
	head               bool
	plan               skp.Plan
}

// unitCascade answers GET /v1/units/{code}/cascade?year=: the unit's
// employees (those the unitreport read model lists in the unit, at most
// maxCascadeStaff) with their approved SKP of the year loaded from their
// streams. A head's RHK hangs under the work plan item it supports, any
// other under the RHK of their pejabat penilai's approved SKP if that
// penilai is in the unit; an RHK whose superior is not found is unlinked.
func (s *Server) unitCascade(ctx context.Context, c *call) (listing, error) {
	// Who and which unit first: another instansi's unit is a 404 whatever
	// the query, as on every other unit route.
	if !isReader(c.p) {
		return listing{}, forbidden("Only HR, an admin, a pimpinan, an auditor or the inspektorat may read a unit's cascade.")
	}
	u, err := s.unitIn(ctx, c.p.Instansi, c.vars["code"])
	if err != nil {
		return listing{}, err
	}
	q := c.r.URL.Query()
	errs := checkParams(q, "year", "min_position")
	year := intParam(q, "year", 1900, 9999, &errs)
	if year == 0 && len(errs) == 0 {
		errs = append(errs, FieldError{Field: "year", Message: "required"})
	}
	if len(errs) > 0 {
		return listing{}, newRequestError(TypeValidation, "The cascade query has invalid parameters.", errs...)
	}
	v := cascadeView{Unit: u.Code(), Year: year, WorkPlan: []cascadeItem{}, Unlinked: []*cascadeNode{}, NotApproved: []string{}}
	var nips []string
	// The unit's staff and reporting lines of a past year are those of its
	// last day (a past year's cascade was drawn with today's staff).
	day := s.dayIn(ctx, c.p.Instansi)
	if end := (civil.Date{Year: year, Month: time.December, Day: 31}); end.Before(day) {
		day = end
	}
	v.Projection, err = s.readProjection(ctx, c, unitreport.Name, func(tx pgx.Tx) (err error) {
		nips, err = unitreport.Staff(ctx, tx, u.Code(), day, maxCascadeStaff+1)
		return err
	})
	if err != nil {
		return listing{}, err
	}
	if len(nips) > maxCascadeStaff {
		return listing{}, newRequestError(TypeValidation, fmt.Sprintf("The unit has more than %d employees; read the cascade of its sub-units.", maxCascadeStaff),
			FieldError{Field: "code", Message: fmt.Sprintf("more than %d employees", maxCascadeStaff)})
	}
	v.Employees = len(nips)
	plans, err := s.cascadePlans(ctx, nips, year, day, &v)
	if err != nil {
		return listing{}, err
	}
	items, _ := u.WorkPlan(year)
	for _, it := range items {
		v.WorkPlan = append(v.WorkPlan, cascadeItem{ID: it.ID, Text: it.Text, Children: []*cascadeNode{}})
	}
	v.link(plans)
	return listing{body: v}, nil
}

// cascadePlans loads the approved plans of nips for year, with the
// pejabat penilai in force on day; those without one are noted in
// v.NotApproved.
func (s *Server) cascadePlans(ctx context.Context, nips []string, year int, day civil.Date, v *cascadeView) ([]cascadePlan, error) {
	var out []cascadePlan
	for _, nip := range nips {
		e, err := s.api.Service.Employee(ctx, nip)
		if err != nil {
			return nil, err
		}
		doc, err := s.api.Service.SKP(ctx, nip, year)
		if errors.Is(err, command.ErrNotFound) {
			v.NotApproved = append(v.NotApproved, nip)
			continue
		}
		if err != nil {
			return nil, err
		}
		p, ok := doc.ApprovedPlan()
		if !ok {
			v.NotApproved = append(v.NotApproved, nip)
			continue
		}
		l, _ := e.ReportingLineAt(day)
		out = append(out, cascadePlan{nip: nip, name: e.Name(), penilai: l.PejabatPenilai, head: doc.Head(), plan: p})
	}
	return out, nil
}

// link hangs every RHK of plans under what it supports.
func (v *cascadeView) link(plans []cascadePlan) {
	type key struct{ nip, rhk string }
	nodes := map[key]*cascadeNode{}
	for _, p := range plans {
		for _, r := range p.plan.RHK {
			nodes[key{p.nip, r.ID}] = &cascadeNode{NIP: p.nip, Name: p.name, RHK: r.ID, Kind: r.Kind, Text: r.Text,
				Supports: r.Supports, Children: []*cascadeNode{}}
		}
	}
	items := map[string]*cascadeItem{}
	for i := range v.WorkPlan {
		items[v.WorkPlan[i].ID] = &v.WorkPlan[i]
	}
	for _, p := range plans {
		for _, r := range p.plan.RHK {
			n := nodes[key{p.nip, r.ID}]
			if it, ok := items[r.Supports]; ok && p.head {
				it.Children = append(it.Children, n)
			} else if sup, ok := nodes[key{p.penilai, r.Supports}]; ok && !p.head && p.penilai != p.nip {
				sup.Children = append(sup.Children, n)
			} else {
				v.Unlinked = append(v.Unlinked, n)
			}
		}
	}
}
