package httpapi

import (
	"fmt"
	"strconv"
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

// TestUnitWritesForAYearNeverOpenedAnswerAsTheGet: an organisation
// predikat or a distribution override for a year the instansi never opened
// answered 404 with the detail "set organisation predikat of dinas: period:
// not found: stream period-pemprov-jabar-2024", naming the internal stream
// (and so did year 0 or 99999: "stream period-pemprov-jabar-0"). A year
// never opened now answers as GET /v1/periods/{instansi}/{year}, and a year
// no period can have is a 400 naming year.
func TestUnitWritesForAYearNeverOpenedAnswerAsTheGet(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	want := a.send(t, "GET", "/v1/periods/"+instansi+"/2024", tk.hr, nil).must(t, 404, "GET of a year never opened").problem(t)
	predikat := func(year int) map[string]any {
		return map[string]any{"year": year, "period": strconv.Itoa(year), "predikat": "baik", "reason": "Capaian organisasi"}
	}
	override := func(year int) map[string]any {
		return map[string]any{"year": year, "period": strconv.Itoa(year), "justification": "Unit kecil",
			"violations": []any{map[string]any{"rule": "r", "predikats": []string{"baik"}, "limit": 1, "actual": 2, "message": "m"}}}
	}
	for _, w := range []struct {
		what, path, token string
		body              func(int) map[string]any
	}{
		{"organisation predikat", "/v1/units/dinas/organisation-predikat", tk.kepala, predikat},
		{"distribution override", "/v1/units/dinas/distribution-overrides", tk.hr, override},
	} {
		r := a.send(t, "POST", w.path, w.token, w.body(2024))
		if got := r.problem(t); r.status != 404 || got.Type != want.Type || got.Detail != want.Detail {
			t.Errorf("%s for 2024: %d %q %q; want 404 %q %q as the GET", w.what, r.status, got.Type, got.Detail, want.Type, want.Detail)
		}
		for _, year := range []int{0, -1, 99999} {
			p := a.denied(t, 400, TypeValidation, fmt.Sprint(w.what, " for ", year), "POST", w.path, w.token, w.body(year))
			if len(p.Errors) != 1 || p.Errors[0].Field != "year" || strings.Contains(p.Detail, "stream") {
				t.Errorf("%s for %d: %+v, want one field error for year", w.what, year, p)
			}
		}
	}
}
