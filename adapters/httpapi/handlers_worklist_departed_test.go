package httpapi

import (
	"testing"
	"time"

	"github.com/kinerja/kinerja/projections/worklist"
)

// TestWorklistKeepsTheObjectionOfAnEmployeeWhoLeft: a former employee may
// still object to their last annual result (README, Security), and the
// atasan in force decides it, but the worklist dropped every employee out
// of the service, so the atasan's worklist never showed the objection
// waiting for their decision. It shows the objection task (and the
// employee, with no other task: a departed employee has no plans or
// windows left to follow), and drops it once decided.
func TestWorklistKeepsTheObjectionOfAnEmployeeWhoLeft(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	runWorklist(t, a)
	write := func(at time.Time, path, token string, body any, status int) {
		t.Helper()
		a.clock.Set(at)
		a.send(t, writeMethod(path), path, token, body).must(t, status, writeMethod(path)+" "+path)
	}
	write(day(1, 6), skpPath, tk.pegawai, map[string]any{"plan": plan(10)}, 201)
	write(day(1, 7), skpPath+"/submit", tk.pegawai, nil, 200)
	write(day(1, 9), skpPath+"/expectations", tk.penilai, expectations(), 200)
	write(day(1, 9), skpPath+"/approve", tk.penilai, nil, 200)
	write(day(12, 31), skpPath+"/annual-rating", tk.penilai, map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "di_bawah_ekspektasi", "note": "Tahunan"}, 201)
	write(nextYear(1, 2), "/v1/employees/"+pegawai+"/leave-service", tk.hr, map[string]any{"effective": "2026-01-02", "reason": "pensiun"}, 200)
	write(nextYear(1, 5), skpPath+"/objection", tk.pegawai, map[string]any{"reasons": "Perilaku saya dinilai tanpa bukti"}, 201)
	a.clock.Set(nextYear(1, 7))
	v := wantTasks(t, a, "kepala", tk.kepala, taskBrief{worklist.KindObjection, pegawai, 0, 2, false})
	found := false
	for _, e := range v.Evaluatees {
		if e.NIP == pegawai {
			found = e.OpenTasks == 1
		}
	}
	if !found {
		t.Errorf("kepala's evaluatees %+v lack %s with the objection", v.Evaluatees, pegawai)
	}
	// The departed employee is no one's evaluatee in any other way.
	wantTasks(t, a, "penilai", tk.penilai)
	write(nextYear(1, 8), skpPath+"/objection/decision", tk.kepala, map[string]any{"outcome": "ratings_upheld", "note": "Sesuai bukti"}, 200)
	v = wantTasks(t, a, "kepala", tk.kepala)
	for _, e := range v.Evaluatees {
		if e.NIP == pegawai {
			t.Errorf("after the decision kepala's evaluatees still list %s: %+v", pegawai, e)
		}
	}
}
