package httpapi

import (
	"strings"
	"testing"
)

// TestInvalidNIPIsAValidationProblemNamingTheField checks that a NIP with a
// space or another invalid character, in the path or in a body, is
// answered 400 with a field error naming the field and saying what is
// wrong, never an internal "invalid stream name".
func TestInvalidNIPIsAValidationProblemNamingTheField(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	const spaced = "19860926%202015051001" // "19860926 2015051001"
	jabatan := map[string]any{"kind": "administrasi", "level": "pelaksana", "name": "X"}
	rating := map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "n"}
	tests := []struct {
		name, method, path, token string
		body                      any
		field                     string
	}{
		{"path: employee", "GET", "/v1/employees/" + spaced, tk.hr, nil, "nip"},
		{"path: jabatan", "POST", "/v1/employees/" + spaced + "/jabatan", tk.hr, map[string]any{"effective": "2025-05-01", "jabatan": jabatan}, "nip"},
		{"path: skp", "GET", "/v1/skp/" + spaced + "/2025", tk.penilai, nil, "nip"},
		{"path: draft", "POST", "/v1/skp/" + spaced + "/2025", tk.pegawai, map[string]any{"plan": plan(10)}, "nip"},
		{"path: rating", "POST", "/v1/skp/" + spaced + "/2025/windows/1/ratings", tk.penilai, rating, "nip"},
		{"path: history", "GET", "/v1/employees/" + spaced + "/history", tk.hr, nil, "nip"},
		{"path: letters", "GET", "/v1/employees/19860926x2015051001", tk.hr, nil, "nip"},
		{"body: register", "POST", "/v1/employees", tk.hr, map[string]any{"nip": "19860926 2015051009", "name": "X", "status": "pns",
			"instansi": instansi, "unit": "bidang-a", "jabatan": jabatan, "golongan": "III/a", "golongan_tmt": "2020-01-01"}, "nip"},
		{"body: reporting line", "POST", "/v1/employees/" + pegawai + "/reporting-lines", tk.hr, map[string]any{
			"pejabat_penilai": "19750505 2001012002", "atasan_pejabat_penilai": kepala, "effective_from": "2025-02-01", "reason": "x"}, "pejabat_penilai"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := a.send(t, tt.method, tt.path, tt.token, tt.body)
			if r.status != 400 {
				t.Fatalf("status %d, want 400: %s", r.status, r.body)
			}
			p := r.problem(t)
			if p.Type != TypeValidation || strings.Contains(string(r.body), "stream") {
				t.Fatalf("problem %+v", p)
			}
			if len(p.Errors) != 1 || p.Errors[0].Field != tt.field || !strings.Contains(p.Errors[0].Message, "NIP") {
				t.Errorf("field errors %+v, want one for %s naming the NIP", p.Errors, tt.field)
			}
		})
	}
}
