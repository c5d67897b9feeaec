package httpapi

import (
	"testing"

	"github.com/kinerja/kinerja/domain/actor"
)

// TestFormerEmployeeObjectsToLastYear: an employee who retires on the
// first day of a year still receives that last year's annual rating and may
// object to it within the policy's days (PP 30/2019 Ps 59). They could not
// sign in at all once out of the service, so the right was lost with the
// retirement. A former employee may now read their own evaluations and
// file the objection, and nothing else; a former HR officer keeps no HR
// power.
func TestFormerEmployeeObjectsToLastYear(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	rating := map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "di_bawah_ekspektasi", "note": "Tahunan"}
	steps := []struct {
		name  string
		day   int
		path  string
		token string
		body  any
	}{
		{"draft", 6, skpPath, tk.pegawai, map[string]any{"plan": plan(10)}},
		{"submit", 7, skpPath + "/submit", tk.pegawai, nil},
		{"expectations", 10, skpPath + "/expectations", tk.penilai, expectations()},
		{"approve", 10, skpPath + "/approve", tk.penilai, nil},
		{"retirement recorded ahead", 20, "/v1/employees/" + pegawai + "/leave-service", tk.hr,
			map[string]any{"effective": "2026-01-01", "reason": "pensiun"}},
		{"HR officer retires too", 20, "/v1/employees/" + hrNIP + "/leave-service", a.token(t, kepala, instansi, actor.HR),
			map[string]any{"effective": "2026-01-01", "reason": "pensiun"}},
	}
	for _, s := range steps {
		a.clock.Set(day(1, s.day))
		if r := a.send(t, writeMethod(s.path), s.path, s.token, s.body); r.status != 200 && r.status != 201 {
			t.Fatalf("%s: status %d: %s", s.name, r.status, r.body)
		}
	}
	a.clock.Set(day(12, 31))
	a.send(t, "POST", skpPath+"/annual-rating", tk.penilai, rating).must(t, 201, "annual rating on the last day of service")

	a.clock.Set(nextYear(1, 5))
	a.send(t, "GET", "/v1/employees/"+pegawai, tk.pegawai, nil).must(t, 200, "the former employee reads their record (the console's SKP page does)")
	a.send(t, "GET", skpPath, tk.pegawai, nil).must(t, 200, "the former employee reads the rated SKP")
	a.send(t, "HEAD", skpPath, tk.pegawai, nil).must(t, 200, "HEAD as GET")
	a.send(t, "GET", "/v1/employees/"+pegawai+"/skp/2025/score-trail", tk.pegawai, nil).must(t, 200, "and its score trail")
	a.send(t, "POST", skpPath+"/objection", tk.pegawai, map[string]any{"reasons": "Capaian melebihi target"}).
		must(t, 201, "the former employee objects within 14 days")

	// Nothing else: not another employee, not a write on the plan, not the
	// powers a role in the token names.
	a.denied(t, 403, TypeForbidden, "a former employee reads a colleague", "GET", "/v1/employees/"+rekan, tk.pegawai, nil)
	a.denied(t, 403, TypeForbidden, "a former employee edits the plan", "POST", skpPath+"/revise", tk.pegawai, map[string]any{"plan": plan(10)})
	a.denied(t, 403, TypeForbidden, "a former employee drafts next year", "POST", "/v1/skp/"+pegawai+"/2026", tk.pegawai, map[string]any{"plan": plan(10)})
	a.denied(t, 403, TypeForbidden, "a former HR officer reads an employee", "GET", "/v1/employees/"+pegawai, tk.hr, nil)
	a.denied(t, 403, TypeForbidden, "a former HR officer reads the objected SKP", "GET", skpPath, tk.hr, nil)
	a.denied(t, 403, TypeForbidden, "a former HR officer imports", "POST", "/v1/import/employees", tk.hr,
		"nip,name\n", "Content-Type", "text/csv")
}
