package httpapi

import (
	"strings"
	"testing"
)

// TestRuleDetailSaysTheActionOnce: a broken rule's detail said the action
// twice, once as the use case's and once as the domain's ("approve skp
// X/2025: approve SKP X 2025 (draft): SKP not submitted").
func TestRuleDetailSaysTheActionOnce(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	a.clock.Set(day(1, 6))
	a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "draft")
	for _, w := range []struct{ path, verb string }{
		{skpPath + "/approve", "approve"},
		{skpPath + "/return", "return"},
	} {
		body := map[string]any{"note": "perbaiki"}
		r := a.send(t, "POST", w.path, tk.penilai, body)
		p := r.problem(t)
		if r.status != 422 || strings.Count(strings.ToLower(p.Detail), w.verb) != 1 || !strings.Contains(p.Detail, pegawai) {
			t.Errorf("POST %s on a draft: %d %q; want 422 saying %q once and naming the SKP", w.path, r.status, p.Detail, w.verb)
		}
	}
}

// TestRatingRuleDetailSaysTheActionOnce: the rating rules named the SKP
// without its year ("rate 2025-Q1 of SKP X"), so the use case's op was
// kept before them: "rate window on skp X/2025: rate 2025-Q1 of SKP X: …".
func TestRatingRuleDetailSaysTheActionOnce(t *testing.T) {
	a, tk, _ := ratedYear(t)
	for _, w := range []struct{ what, path, verb string }{
		{"window", skpPath + "/windows/1/ratings", "rate "},
		{"year", skpPath + "/annual-rating", "rate "},
	} {
		r := a.send(t, "POST", w.path, tk.penilai, map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Lagi"})
		p := r.problem(t)
		if r.status != 422 || strings.Count(p.Detail, w.verb) != 1 || !strings.Contains(p.Detail, pegawai+" 2025") {
			t.Errorf("rate the %s again: %d %q; want 422 saying %q once and naming the SKP and year", w.what, r.status, p.Detail, w.verb)
		}
	}
	r := a.send(t, "POST", skpPath+"/amendments", tk.penilai, map[string]any{"window": 0, "hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "reason": "Lagi"})
	if p := r.problem(t); r.status != 422 || strings.Count(p.Detail, "amend") != 1 {
		t.Errorf("amend a final rating: %d %q; want 422 saying amend once", r.status, p.Detail)
	}
}

// TestWindowRuleDetailSaysTheActionOnce: the rules on a window (open, known,
// started, not closed) named the SKP again after the use case's op:
// "rate window on skp X/2025: SKP X 2025 window 2: period year closed: 2025",
// "report realisation on skp X/2025: SKP X 2025 window 5: no such period
// window: 5 in 2025".
func TestWindowRuleDetailSaysTheActionOnce(t *testing.T) {
	a, tk, _ := ratedYear(t)
	for _, w := range []struct {
		what, path, token, verb string
		body                    map[string]any
	}{
		{"report for a window the year lacks", skpPath + "/windows/5/realisations", tk.pegawai, "report",
			map[string]any{"iki": "iki-1", "quantity": 1}},
		{"rate a window the year lacks", skpPath + "/windows/5/ratings", tk.penilai, "rate ",
			map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "x"}},
	} {
		r := a.send(t, "POST", w.path, w.token, w.body)
		p := r.problem(t)
		if r.status != 422 || strings.Count(p.Detail, w.verb) != 1 || strings.Count(p.Detail, pegawai) != 1 ||
			!strings.Contains(p.Detail, pegawai+" 2025") || !strings.Contains(p.Detail, "window 5") {
			t.Errorf("%s: %d %q; want 422 saying %q once and naming the SKP, its year and window 5 once", w.what, r.status, p.Detail, w.verb)
		}
	}
}
