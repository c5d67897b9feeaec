package unit_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/unit"
)

func TestSetWorkPlan(t *testing.T) {
	items := []unit.WorkPlanItem{{ID: "pk-1", Text: "Layanan perizinan daring"}, {ID: " pk-2 ", Text: "Indeks SPBE naik"}}
	want := unit.WorkPlanSet{Code: "DISKOMINFO.01", Year: 2025, At: at, By: hr,
		Items: []unit.WorkPlanItem{{ID: "pk-1", Text: "Layanan perizinan daring"}, {ID: "pk-2", Text: "Indeks SPBE naik"}}}
	set := func(by actor.Actor, year int, items []unit.WorkPlanItem) func(*unit.Unit) ([]unit.Event, error) {
		return func(u *unit.Unit) ([]unit.Event, error) { return u.SetWorkPlan(at, by, year, items) }
	}
	run(t, []testCase{
		{name: "HR sets the work plan of a year", given: []unit.Event{registered}, when: set(hr, 2025, items), want: []unit.Event{want}},
		{name: "the same again", given: []unit.Event{registered, want}, when: set(hr, 2025, items), wantErr: unit.ErrNoChange},
		{name: "by an employee", given: []unit.Event{registered}, when: set(pegawai, 2025, items), wantErr: actor.ErrRoleNotAllowed},
		{name: "of an unregistered unit", when: set(hr, 2025, items), wantErr: unit.ErrNotRegistered},
		{name: "without items", given: []unit.Event{registered}, when: set(hr, 2025, nil), wantErr: unit.ErrInvalidInput},
		{name: "repeated id", given: []unit.Event{registered}, when: set(hr, 2025, []unit.WorkPlanItem{{ID: "a", Text: "x"}, {ID: "a", Text: "y"}}), wantErr: unit.ErrInvalidInput},
		{name: "item without text", given: []unit.Event{registered}, when: set(hr, 2025, []unit.WorkPlanItem{{ID: "a"}}), wantErr: unit.ErrInvalidInput},
		{name: "bad year", given: []unit.Event{registered}, when: set(hr, 99, items), wantErr: unit.ErrInvalidInput},
	})
	u := given(t, registered, want)
	got, ok := u.WorkPlan(2025)
	if !ok || !cmp.Equal(got, want.Items) {
		t.Fatalf("WorkPlan(2025) = %v, %v", got, ok)
	}
	if _, ok := u.WorkPlan(2026); ok {
		t.Fatal("a work plan for 2026")
	}
}
