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
