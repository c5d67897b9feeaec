package httpapi

import (
	"testing"
	"time"
)

// TestRatingGuardsOverHTTP checks the problem codes of the rating guards:
// a periodic rating before the window's end, an annual rating before the
// year's last window ends, and a rating without realisation nor a reason
// are refused with 422 and a stable code; on the window's last day with a
// reason in the note the rating is given.
func TestRatingGuardsOverHTTP(t *testing.T) {
	a, tk := approvedSKP(t)
	bare := map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi"}
	reasoned := map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Cuti melahirkan sepanjang triwulan"}
	for _, c := range []struct {
		what string
		at   [2]int
		path string
		body map[string]any
		code string
	}{
		{"Q1 rated on 30 March", [2]int{3, 30}, "/windows/1/ratings", reasoned, "skp.rating_before_window_end"},
		{"the year rated on 15 December", [2]int{12, 15}, "/annual-rating", reasoned, "skp.rating_before_year_end"},
		{"Q1 rated without realisation nor a reason", [2]int{3, 31}, "/windows/1/ratings", bare, "skp.no_realisation"},
	} {
		a.clock.Set(day(time.Month(c.at[0]), c.at[1]))
		if p := a.denied(t, 422, TypeRuleViolated, c.what, "POST", skpPath+c.path, tk.penilai, c.body); p.Code != c.code {
			t.Errorf("%s: code %q, want %q", c.what, p.Code, c.code)
		}
	}
	a.clock.Set(day(3, 31))
	a.send(t, "POST", skpPath+"/windows/1/ratings", tk.penilai, reasoned).must(t, 201, "Q1 on its last day with a reason")
}
