package employee_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
)

func TestAssignReportingLine(t *testing.T) {
	a := employee.LineAssignment{PejabatPenilai: nipPenilai, AtasanPejabatPenilai: nipAtasan,
		EffectiveFrom: day("2025-01-01"), Reason: " import SIASN "}
	with := func(change func(*employee.LineAssignment)) employee.LineAssignment {
		x := a
		change(&x)
		return x
	}
	assign := func(x employee.LineAssignment) func(*employee.Employee) ([]employee.Event, error) {
		return func(e *employee.Employee) ([]employee.Event, error) { return e.AssignReportingLine(at, hr, x) }
	}
	acting := with(func(x *employee.LineAssignment) {
		x.PejabatPenilai, x.Acting, x.EffectiveFrom, x.Reason = nipPlt, true, day("2025-05-01"), "Plt kepala bidang"
	})
	run(t, []testCase{
		{name: "assigns", given: []employee.Event{registered}, when: assign(a), want: []employee.Event{lineJan}},
		{name: "assigns an acting official", given: []employee.Event{registered, lineJan}, when: assign(acting),
			want: []employee.Event{employee.ReportingLineAssigned{NIP: nipPegawai, PejabatPenilai: nipPlt,
				AtasanPejabatPenilai: nipAtasan, EffectiveFrom: day("2025-05-01"), Acting: true,
				Reason: "Plt kepala bidang", At: at, By: hr}}},
		{name: "same line again", given: []employee.Event{registered, lineJan}, when: assign(a), wantErr: employee.ErrNoChange},
		{name: "supervises themselves", given: []employee.Event{registered},
			when: assign(with(func(x *employee.LineAssignment) { x.PejabatPenilai = nipPegawai })), wantErr: employee.ErrSelfSupervision},
		{name: "atasan is the employee", given: []employee.Event{registered},
			when: assign(with(func(x *employee.LineAssignment) { x.AtasanPejabatPenilai = nipPegawai })), wantErr: employee.ErrSelfSupervision},
		{name: "atasan is the pejabat penilai", given: []employee.Event{registered},
			when: assign(with(func(x *employee.LineAssignment) { x.AtasanPejabatPenilai = nipPenilai })), wantErr: employee.ErrInvalidInput},
		{name: "invalid NIP", given: []employee.Event{registered},
			when: assign(with(func(x *employee.LineAssignment) { x.PejabatPenilai = "12345" })), wantErr: employee.ErrInvalidInput},
		{name: "no date", given: []employee.Event{registered},
			when: assign(with(func(x *employee.LineAssignment) { x.EffectiveFrom = civil.Date{} })), wantErr: employee.ErrInvalidInput},
		{name: "no reason", given: []employee.Event{registered},
			when: assign(with(func(x *employee.LineAssignment) { x.Reason = " " })), wantErr: employee.ErrReasonRequired},
		{name: "unregistered", when: assign(a), wantErr: employee.ErrNotRegistered},
		{name: "after leaving", given: []employee.Event{registered, leftBefore}, when: assign(acting), wantErr: employee.ErrLeftService},
	})
}

func TestReportingLineAt(t *testing.T) {
	plt := employee.ReportingLineAssigned{NIP: nipPegawai, PejabatPenilai: nipPlt, AtasanPejabatPenilai: nipAtasan,
		EffectiveFrom: day("2025-05-01"), Acting: true, Reason: "Plt", At: at, By: hr}
	// The line from 1 May named the wrong person; HR corrects it with the same effective date.
	correction := plt
	correction.PejabatPenilai, correction.Reason = "197808082005011005", "wrong Plt in SIASN"
	back := employee.ReportingLineAssigned{NIP: nipPegawai, PejabatPenilai: nipPenilai, AtasanPejabatPenilai: nipAtasan,
		EffectiveFrom: day("2025-08-01"), Reason: "definitive official appointed", At: at, By: hr}
	// Recorded out of date order on purpose: the August line before the backdated correction.
	e := given(t, registered, lineJan, plt, back, correction)
	cases := []struct {
		on        string
		want      string
		wantFound bool
		acting    bool
	}{
		{"2024-12-31", "", false, false},
		{"2025-01-01", nipPenilai, true, false},
		{"2025-04-30", nipPenilai, true, false},
		{"2025-05-01", "197808082005011005", true, true},
		{"2025-07-31", "197808082005011005", true, true},
		{"2025-08-01", nipPenilai, true, false},
		{"2026-03-01", nipPenilai, true, false},
	}
	for _, c := range cases {
		l, ok := e.ReportingLineAt(day(c.on))
		if ok != c.wantFound || l.PejabatPenilai != c.want || l.Acting != c.acting {
			t.Errorf("ReportingLineAt(%s) = %+v, %v; want %s acting=%v found=%v", c.on, l, ok, c.want, c.acting, c.wantFound)
		}
		if ok && (l.Employee != nipPegawai || l.AtasanPejabatPenilai != nipAtasan) {
			t.Errorf("ReportingLineAt(%s) = %+v", c.on, l)
		}
	}
	l, _ := e.ReportingLineAt(day("2025-01-01"))
	want := employee.ReportingLine{Employee: nipPegawai, PejabatPenilai: nipPenilai, AtasanPejabatPenilai: nipAtasan,
		EffectiveFrom: day("2025-01-01"), Reason: "import SIASN"}
	if diff := cmp.Diff(want, l); diff != "" || l.IsZero() {
		t.Fatalf("line (-want +got):\n%s", diff)
	}
}
