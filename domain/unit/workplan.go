package unit

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/field"
	"github.com/kinerja/kinerja/domain/text"
)

// The unit's work plan (rencana kerja / Perjanjian Kinerja) for a year: the
// items the RHK of the head of the unit cascade from (DOMAIN.md, cascading).

// Limits of a work plan.
const (
	MaxWorkPlanItems = 100
	maxItemIDLen     = 64
)

// TypeWorkPlanSet is the type string of WorkPlanSet.
const TypeWorkPlanSet = "unit.work_plan_set"

// WorkPlanItem is one item of the unit's work plan: a target of the
// Perjanjian Kinerja that the head's RHK may support.
type WorkPlanItem struct {
	ID   string `json:"id"`
	Text string `json:"text"`
}

// WorkPlanSet records the unit's work plan for a year, set by HR or admin;
// it replaces an earlier one for the same year.
type WorkPlanSet struct {
	Code  string         `json:"code"`
	Year  int            `json:"year"`
	Items []WorkPlanItem `json:"items"`
	At    time.Time      `json:"at"`
	By    actor.Actor    `json:"by"`
}

// EventType returns TypeWorkPlanSet.
func (WorkPlanSet) EventType() string { return TypeWorkPlanSet }

// SetWorkPlan records the work plan of the unit for year: 1 to
// MaxWorkPlanItems items with unique ids and a text each.
func (u *Unit) SetWorkPlan(at time.Time, by actor.Actor, year int, items []WorkPlanItem) ([]Event, error) {
	if err := u.check(at, by, masterData()...); err != nil {
		return nil, err
	}
	if year < 2000 || year > 9999 {
		return nil, field.Invalid(ErrInvalidInput, "year", "%d is not a year from 2000 to 9999", year)
	}
	if len(items) == 0 || len(items) > MaxWorkPlanItems {
		return nil, field.Invalid(ErrInvalidInput, "items", "want 1 to %d, got %d", MaxWorkPlanItems, len(items))
	}
	out := make([]WorkPlanItem, 0, len(items))
	seen := map[string]bool{}
	for i, it := range items {
		name := fmt.Sprintf("items[%d]", i)
		id, err := line(name+".id", strings.TrimSpace(it.ID), maxItemIDLen)
		if err != nil {
			return nil, err
		}
		if id == "" || seen[id] {
			return nil, field.Invalid(ErrInvalidInput, name+".id", "%q is empty or repeated", it.ID)
		}
		txt, err := block(name+".text", it.Text, text.MaxPlanText)
		if err != nil {
			return nil, err
		}
		if txt == "" {
			return nil, field.Invalid(ErrInvalidInput, name+".text", "required")
		}
		seen[id] = true
		out = append(out, WorkPlanItem{ID: id, Text: txt})
	}
	if slices.Equal(out, u.workPlans[year]) {
		return nil, fmt.Errorf("set work plan of unit %s for %d: %w", u.code, year, ErrNoChange)
	}
	return u.record(WorkPlanSet{Code: u.code, Year: year, Items: out, At: at, By: by}), nil
}

// WorkPlan returns the unit's work plan for year and whether one was set.
func (u *Unit) WorkPlan(year int) ([]WorkPlanItem, bool) {
	items, ok := u.workPlans[year]
	return slices.Clone(items), ok
}
