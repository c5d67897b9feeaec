package skp

import (
	"errors"
	"fmt"
	"slices"
)

// Cascading (matriks peran hasil): each RHK of an employee names, in
// Supports, the RHK of the pejabat penilai's approved SKP of the same year
// it intervenes in; each RHK of the head of a unit names an item of the
// unit's work plan (Perjanjian Kinerja). Checking needs other streams, so
// the use case loads the superior side and calls CheckCascade.

// ErrNotCascaded means an RHK does not support an RHK of the superior's
// approved SKP (or an item of the unit's work plan), or there is no such
// SKP or work plan to support.
var ErrNotCascaded = errors.New("RHK does not cascade from the superior's plan")

// CascadeError is the ErrNotCascaded of one RHK; Field names it, such as
// "rhk[2].supports".
type CascadeError struct {
	Field    string
	Supports string
	Source   string // what was searched, such as "the approved SKP 2025 of 197505052001012002"
}

// Error describes the RHK and what it should name.
func (e *CascadeError) Error() string {
	if e.Supports == "" {
		return fmt.Sprintf("%s: %v: name an RHK of %s", e.Field, ErrNotCascaded, e.Source)
	}
	return fmt.Sprintf("%s: %v: %q is not an RHK of %s", e.Field, ErrNotCascaded, e.Supports, e.Source)
}

// Unwrap returns ErrNotCascaded.
func (e *CascadeError) Unwrap() error { return ErrNotCascaded }

// FieldName returns the field of the request the error is about.
func (e *CascadeError) FieldName() string { return e.Field }

// Superior is what the RHK of a plan may support: the ids of the RHK of the
// pejabat penilai's approved SKP, or of the items of the unit's work plan,
// and a description of that source for the error.
type Superior struct {
	Source string
	IDs    []string
}

// CheckCascade checks that every RHK of p names one of sup.IDs in Supports.
// The error of the first RHK that does not is a *CascadeError.
func CheckCascade(p Plan, sup Superior) error {
	for i, r := range p.RHK {
		if !slices.Contains(sup.IDs, r.Supports) {
			return &CascadeError{Field: fmt.Sprintf("rhk[%d].supports", i), Supports: r.Supports, Source: sup.Source}
		}
	}
	return nil
}

// ApprovedPlan returns the plan as it was last approved, which stays the
// agreed plan while a revision waits for approval, and false if the plan
// was never approved.
func (s *SKP) ApprovedPlan() (Plan, bool) {
	if s.approvedPlan == nil {
		return Plan{}, false
	}
	return s.approvedPlan.clone(), true
}

// RHKIDs returns the ids of the RHK of p, in order.
func (p Plan) RHKIDs() []string {
	ids := make([]string, len(p.RHK))
	for i, r := range p.RHK {
		ids[i] = r.ID
	}
	return ids
}

// Head reports whether the SKP is that of the head of a unit or of the
// organisation, whose RHK cascade from the unit's work plan.
func (s *SKP) Head() bool { return s.head }

// PlanOf returns the plan an event of the plan's content records (Drafted,
// Edited or Revised) and true, or false for any other event.
func PlanOf(e Event) (Plan, bool) {
	switch e := e.(type) {
	case Drafted:
		return e.Plan.clone(), true
	case Edited:
		return e.Plan.clone(), true
	case Revised:
		return e.Plan.clone(), true
	}
	return Plan{}, false
}
