package httpapi

import (
	"strings"
	"testing"
)

// TestWritesToAnSKPNeverDraftedAnswerAsTheGet: a write to an SKP that was
// never drafted answered 404 with the detail "submit skp …: not found:
// stream skp-…-2025", naming the internal stream, where GET says "No SKP
// exists for this employee and year.". Every write now answers the GET's
// problem.
func TestWritesToAnSKPNeverDraftedAnswerAsTheGet(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	want := a.send(t, "GET", skpPath, tk.pegawai, nil).must(t, 404, "GET of an SKP never drafted").problem(t)
	for _, w := range []struct {
		what, method, path, token string
		body                      any
	}{
		{"submit", "POST", skpPath + "/submit", tk.pegawai, nil},
		{"edit", "POST", skpPath + "/plan", tk.pegawai, map[string]any{"plan": plan(10)}},
		{"approve", "POST", skpPath + "/approve", tk.penilai, nil},
		{"return", "POST", skpPath + "/return", tk.penilai, map[string]any{"note": "perbaiki"}},
		{"expectations", "PUT", skpPath + "/expectations", tk.penilai, expectations()},
		{"realisation", "POST", skpPath + "/windows/1/realisations", tk.pegawai,
			map[string]any{"iki": "iki-1", "quantity": 3, "evidence": []string{"dms://kurikulum/q1.pdf"}}},
		{"feedback", "POST", skpPath + "/feedback", tk.penilai, map[string]any{"rhk": "rhk-1", "text": "Bagus"}},
		{"rate", "POST", skpPath + "/windows/1/ratings", tk.penilai, map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Q1"}},
		{"objection", "POST", skpPath + "/objection", tk.pegawai, map[string]any{"reasons": "Capaian melebihi target"}},
	} {
		t.Run(w.what, func(t *testing.T) {
			r := a.send(t, w.method, w.path, w.token, w.body)
			got := r.problem(t)
			if r.status != 404 || got.Type != want.Type || got.Detail != want.Detail || strings.Contains(got.Detail, "stream") {
				t.Fatalf("%s %s: %d %q %q; want 404 %q %q as the GET", w.method, w.path, r.status, got.Type, got.Detail, want.Type, want.Detail)
			}
		})
	}
}
