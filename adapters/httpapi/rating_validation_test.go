package httpapi

import "testing"

// TestInvalidRatingIsRefusedBeforeTheState: {"hasil":"bagus"} on a window
// already rated answered 422 skp.already_rated, so a client fixing that
// would then learn that its input was wrong too. Every rating command now
// checks its input first: 400 naming the field, whatever the SKP's state.
func TestInvalidRatingIsRefusedBeforeTheState(t *testing.T) {
	a, tk, _ := ratedYear(t) // Q1 and the year rated, objection decided
	bad := map[string]any{"hasil": "bagus", "perilaku": "sesuai_ekspektasi", "note": "Catatan"}
	amend := map[string]any{"hasil": "bagus", "perilaku": "sesuai_ekspektasi", "reason": "Salah input"}
	for _, w := range []struct {
		what, path, token string
		body              map[string]any
	}{
		{"rate a window already rated", skpPath + "/windows/1/ratings", tk.penilai, bad},
		{"rate a year already rated", skpPath + "/annual-rating", tk.penilai, bad},
		{"amend a final annual rating", skpPath + "/amendments", tk.penilai, with(amend, "window", 0)},
		{"amend a window not rated", skpPath + "/amendments", tk.penilai, with(amend, "window", 2)},
		{"decide an objection decided", skpPath + "/objection/decision", tk.kepala, with(bad, "outcome", "ratings_changed")},
	} {
		r := a.send(t, "POST", w.path, w.token, w.body)
		p := r.problem(t)
		if r.status != 400 || len(p.Errors) != 1 || p.Errors[0].Field != "hasil" {
			t.Errorf("%s: %d %s %q %v; want 400 naming the field hasil", w.what, r.status, p.Code, p.Detail, p.Errors)
		}
	}
}

// with returns a copy of m with k set to v.
func with(m map[string]any, k string, v any) map[string]any {
	out := map[string]any{k: v}
	for mk, mv := range m {
		if mk != k {
			out[mk] = mv
		}
	}
	return out
}
