package httpapi

import (
	"testing"
)

// TestDomainRefusalsNameTheField checks that a command the employee, unit or
// period domain refuses for one field's value answers 400 with that field
// (its JSON name, or the path's variable) in errors, as a refused plan does, so that a client can
// mark the field without parsing the detail's text.
func TestDomainRefusalsNameTheField(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	jabatan := map[string]any{"kind": "administrasi", "level": "pelaksana", "name": "X"}
	tests := []struct {
		name, method, path string
		body               any
		field              string
	}{
		{"employee without golongan_tmt", "POST", "/v1/employees", map[string]any{"nip": "199202022019031001", "name": "X",
			"status": "pns", "instansi": instansi, "unit": "bidang-a", "jabatan": jabatan, "golongan": "III/a"}, "golongan_tmt"},
		{"employee with a PPPK golongan", "POST", "/v1/employees", map[string]any{"nip": "199202022019031001", "name": "X",
			"status": "pns", "instansi": instansi, "unit": "bidang-a", "jabatan": jabatan, "golongan": "IX", "golongan_tmt": "2020-01-01"}, "golongan"},
		{"transfer to a bad code", "POST", "/v1/employees/" + pegawai + "/transfers", map[string]any{"to_unit": "a b",
			"effective": "2025-03-01", "reason": "x"}, "to_unit"},
		{"one person as both evaluators", "POST", "/v1/employees/" + pegawai + "/reporting-lines", map[string]any{
			"pejabat_penilai": penilaiB, "atasan_pejabat_penilai": penilaiB, "effective_from": "2025-03-01", "reason": "x"}, "atasan_pejabat_penilai"},
		// Was recorded: a line that would never be in force.
		{"a line from 9999", "POST", "/v1/employees/" + pegawai + "/reporting-lines", map[string]any{
			"pejabat_penilai": penilaiB, "atasan_pejabat_penilai": kepala, "effective_from": "9999-12-31", "reason": "x"}, "effective_from"},
		{"unit with a bad parent", "POST", "/v1/units", map[string]any{"code": "seksi-x", "name": "Seksi X",
			"parent": "a b", "instansi": instansi}, "parent"},
		{"period with too few deadlines", "POST", "/v1/periods", map[string]any{"instansi": instansi, "year": 2026,
			"frequency": "quarterly", "deadlines": []string{"2026-04-15"}}, "deadlines"},
		{"work plan with a repeated id", "PUT", "/v1/units/bidang-a/work-plans/2025", map[string]any{"items": []any{
			map[string]any{"id": "a", "text": "Satu"}, map[string]any{"id": "a", "text": "Dua"}}}, "items[1].id"},
		{"unit path that cannot be a code", "GET", "/v1/units/a%20b", nil, "code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.send(t, tt.method, tt.path, tk.hr, tt.body)
			if r.status != 400 {
				t.Fatalf("status %d, want 400: %s", r.status, r.body)
			}
			p := r.problem(t)
			if len(p.Errors) != 1 || p.Errors[0].Field != tt.field || p.Errors[0].Message == "" {
				t.Fatalf("errors %+v, want one naming %s: %s", p.Errors, tt.field, r.body)
			}
		})
	}
}

// TestRatingRefusalsNameTheField: a periodic or annual rating, an
// amendment or an objection decision with a rating that is not one of the
// three answers 400 with the field (hasil or perilaku) in errors, as the
// other refused fields do; it had no errors at all, only the detail's text.
func TestRatingRefusalsNameTheField(t *testing.T) {
	a := newAPIServer(t)
	a.clock.Set(day(1, 5))
	tk := a.seed(t)
	approvedPlan(t, a, skpPath, tk.pegawai, tk.penilai)
	a.clock.Set(day(4, 3))
	a.send(t, "POST", skpPath+"/windows/1/ratings", tk.penilai, map[string]any{"hasil": "sesuai_ekspektasi",
		"perilaku": "sesuai_ekspektasi", "note": "Tanpa realisasi: cuti"}).must(t, 201, "rate Q1")
	tests := []struct {
		name, path, token string
		body              map[string]any
		field             string
	}{
		{"periodic hasil", skpPath + "/windows/2/ratings", tk.penilai, map[string]any{"hasil": "bagus",
			"perilaku": "sesuai_ekspektasi", "note": "x"}, "hasil"},
		{"periodic perilaku left out", skpPath + "/windows/2/ratings", tk.penilai, map[string]any{"hasil": "sesuai_ekspektasi",
			"note": "x"}, "perilaku"},
		{"amended perilaku", skpPath + "/amendments", tk.penilai, map[string]any{"window": 1, "hasil": "sesuai_ekspektasi",
			"perilaku": "baik", "reason": "x"}, "perilaku"},
	}
	a.clock.Set(day(7, 3))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := a.send(t, "POST", tt.path, tt.token, tt.body).must(t, 400, tt.name).problem(t)
			if len(p.Errors) != 1 || p.Errors[0].Field != tt.field || p.Errors[0].Message == "" {
				t.Fatalf("errors %+v, want one naming %s: %+v", p.Errors, tt.field, p)
			}
		})
	}
}
