package httpapi

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/training"
	"github.com/kinerja/kinerja/projections/unitreport"
)

// rebuildReadModels brings the given read models up to the head of the log.
func rebuildReadModels(t *testing.T, a *apiServer, ps ...readside.Projection) {
	t.Helper()
	for _, p := range ps {
		if _, err := rebuild.Rebuild(context.Background(), a.sc.Pool, a.store, p, rebuild.Config{
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}); err != nil {
			t.Fatal(err)
		}
	}
}

// ownSKP reads the SKP as the employee.
func ownSKP(t *testing.T, a *apiServer, tk tokens) skpView {
	t.Helper()
	var v skpView
	a.send(t, "GET", skpPath, tk.pegawai, nil).must(t, 200, "the employee reads their SKP").json(t, &v)
	return v
}

// dueKinds returns the kinds of v's due items, with the window or feedback
// number they are about.
func dueKinds(v skpView) []string {
	out := []string{}
	for _, d := range v.Due {
		k := string(d.Kind)
		switch {
		case d.Window > 0:
			k += " " + u(uint64(d.Window))
		case d.Feedback > 0:
			k += " " + u(uint64(d.Feedback))
		}
		out = append(out, k)
	}
	return out
}

// wantNote checks a note's text, author and role.
func wantNote(t *testing.T, what string, n skp.Note, text, nip string, role actor.Role) {
	t.Helper()
	if n.Text != text || n.By.NIP != nip || n.By.Role != role || n.At.IsZero() {
		t.Errorf("%s: %+v, want %q by %s as %s", what, n, text, nip, role)
	}
}

// TestEmployeeReadsTheirOwnRecord walks a year as the employee, their
// pejabat penilai and the atasan would: after each step the employee's SKP
// view says what is due next, and at the end it holds every text addressed
// to the employee with who wrote it and when; the employee reads their
// score trail, standings row, promotion explanation and training needs,
// which a colleague and another instansi cannot find.
func TestEmployeeReadsTheirOwnRecord(t *testing.T) {
	a := newAPIServer(t)
	a.clock.Set(day(1, 5))
	tk := a.seed(t)
	step := func(at time.Time, path, tok string, body any, status int, wantDue ...string) writeResponse {
		t.Helper()
		a.clock.Set(at)
		w := written(t, a.send(t, writeMethod(path), path, tok, body).must(t, status, path))
		if got := dueKinds(ownSKP(t, a, tk)); !slices.Equal(got, wantDue) {
			t.Errorf("after POST %s: due %v, want %v", path, got, wantDue)
		}
		return w
	}
	drafted := step(day(1, 6), skpPath, tk.pegawai, map[string]any{"plan": plan(10)}, 201, "submit_plan")
	step(day(1, 6), skpPath+"/submit", tk.pegawai, nil, 200)
	step(day(1, 7), skpPath+"/return", tk.penilai, map[string]any{"note": "Target terlalu rendah"}, 200, "resubmit_plan")
	step(day(1, 8), skpPath+"/plan", tk.pegawai, map[string]any{"plan": plan(12)}, 200, "resubmit_plan")
	step(day(1, 8), skpPath+"/submit", tk.pegawai, nil, 200)
	step(day(1, 9), skpPath+"/expectations", tk.penilai, expectations(), 200)
	step(day(1, 9), skpPath+"/approve", tk.penilai, nil, 200, "report_realisation 1")
	step(day(2, 10), skpPath+"/feedback", tk.penilai, map[string]any{"value": "akuntabel", "text": "Laporan sering terlambat"}, 201,
		"report_realisation 1", "respond_to_feedback 1")
	step(day(2, 11), skpPath+"/feedback/1/response", tk.pegawai, map[string]any{"text": "Siap, saya perbaiki"}, 200, "report_realisation 1")
	step(day(3, 20), skpPath+"/windows/1/realisations", tk.pegawai,
		map[string]any{"iki": "iki-1", "quantity": 3, "evidence": []string{"dms://q1.pdf"}}, 201)
	step(day(4, 3), skpPath+"/windows/1/ratings", tk.penilai,
		map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Sesuai target"}, 201, "report_realisation 2")
	step(day(4, 4), skpPath+"/amendments", tk.penilai,
		map[string]any{"window": 1, "hasil": "di_atas_ekspektasi", "perilaku": "di_atas_ekspektasi", "reason": "Bukti tambahan diterima"}, 200,
		"report_realisation 2")
	a.clock.Set(day(12, 31))
	if before := dueKinds(ownSKP(t, a, tk)); len(before) != 3 {
		t.Errorf("due before the annual rating %v, want the realisation of windows 2 to 4", before)
	}
	// Once the year is rated, no realisation is asked for any more.
	step(day(12, 31), skpPath+"/annual-rating", tk.penilai,
		map[string]any{"hasil": "di_bawah_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Target tahunan tidak tercapai"}, 201,
		"objection_possible")
	v := ownSKP(t, a, tk)
	if d := v.Due[len(v.Due)-1]; d.Deadline == nil || d.Deadline.String() != "2026-01-14" || d.Since == nil {
		t.Errorf("objection due %+v, want until 2026-01-14", d)
	}
	step(nextYear(1, 5), skpPath+"/objection", tk.pegawai, map[string]any{"reasons": "Capaian melebihi target"}, 201)
	step(nextYear(1, 12), skpPath+"/objection/decision", tk.kepala,
		map[string]any{"outcome": "ratings_changed", "hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Bukti capaian mendukung"},
		200)

	v = ownSKP(t, a, tk)
	if len(v.ReturnNotes) != 1 {
		t.Fatalf("return notes %+v", v.ReturnNotes)
	}
	wantNote(t, "return note", v.ReturnNotes[0], "Target terlalu rendah", penilai, actor.PejabatPenilai)
	if len(v.Feedback) != 1 || v.Feedback[0].Response == nil || !v.Feedback[0].Responded || v.Feedback[0].Value != skp.Akuntabel {
		t.Fatalf("feedback %+v", v.Feedback)
	}
	wantNote(t, "feedback", v.Feedback[0].Note, "Laporan sering terlambat", penilai, actor.PejabatPenilai)
	wantNote(t, "feedback response", *v.Feedback[0].Response, "Siap, saya perbaiki", pegawai, actor.Pegawai)
	if len(v.PeriodicRatings) != 1 || v.PeriodicRatings[0].Predikat != "sangat_baik" {
		t.Fatalf("periodic ratings %+v", v.PeriodicRatings)
	}
	// The note of ratings in force is the amendment's reason, the one of
	// the rating stays as given_note.
	wantNote(t, "Q1 rating note", v.PeriodicRatings[0].Note, "Bukti tambahan diterima", penilai, actor.PejabatPenilai)
	if g := v.PeriodicRatings[0].GivenNote; g == nil {
		t.Error("Q1 given_note missing")
	} else {
		wantNote(t, "Q1 given_note", *g, "Sesuai target", penilai, actor.PejabatPenilai)
	}
	if len(v.Amendments) != 1 || v.Amendments[0].Window != 1 || v.Amendments[0].Previous.Predikat != "baik" || v.Amendments[0].New.Predikat != "sangat_baik" {
		t.Fatalf("amendments %+v", v.Amendments)
	}
	wantNote(t, "amendment reason", v.Amendments[0].Reason, "Bukti tambahan diterima", penilai, actor.PejabatPenilai)
	if v.AnnualRatings == nil || v.AnnualRatings.Predikat != "baik" {
		t.Fatalf("annual ratings %+v", v.AnnualRatings)
	}
	wantNote(t, "annual rating note", v.AnnualRatings.Note, "Bukti capaian mendukung", kepala, actor.AtasanPejabatPenilai)
	if g := v.AnnualRatings.GivenNote; g == nil {
		t.Error("annual given_note missing")
	} else {
		wantNote(t, "annual given_note", *g, "Target tahunan tidak tercapai", penilai, actor.PejabatPenilai)
	}
	o := v.Objection
	if !o.Filed || !o.Decided || o.ObjectionRecord == nil || o.Decision == nil || o.Decision.Outcome != skp.OutcomeRatingsChanged ||
		o.Decision.New == nil || o.Decision.New.Predikat != "baik" || o.Deadline.IsZero() {
		t.Fatalf("objection %+v", o)
	}
	wantNote(t, "objection reasons", o.Reasons, "Capaian melebihi target", pegawai, actor.Pegawai)
	wantNote(t, "objection decision", o.Decision.Note, "Bukti capaian mendukung", kepala, actor.AtasanPejabatPenilai)

	// The record of the past has no due items; the colleague finds nothing.
	var past skpView
	a.send(t, "GET", skpPath+"?as_of="+u(drafted.Position), tk.auditor, nil).must(t, 200, "as of").json(t, &past)
	if past.Due != nil {
		t.Errorf("due as of a point in the past: %+v", past.Due)
	}
	a.denied(t, 404, TypeNotFound, "a colleague reads the SKP", "GET", skpPath, tk.rekan, nil)
	a.denied(t, 404, TypeNotFound, "HR of another instansi reads the SKP", "GET", skpPath, tk.otherHR, nil)

	ownReadModels(t, a, tk)
}

// ownReadModels checks the employee's reads of the read models about them
// after TestEmployeeReadsTheirOwnRecord's year.
func ownReadModels(t *testing.T, a *apiServer, tk tokens) {
	t.Helper()
	liveReadModels(t, a)
	rebuildReadModels(t, a, training.New(), unitreport.New())
	var trail scoreTrailView
	a.send(t, "GET", trailPath, tk.pegawai, nil).must(t, 200, "own score trail").json(t, &trail)
	if len(trail.Changes) != 4 || trail.Changes[1].Reason != "Bukti tambahan diterima" || trail.Changes[3].ActorID != kepala {
		t.Errorf("own score trail %+v", trail.Changes)
	}
	var row standingView
	a.send(t, "GET", "/v1/standings/"+pegawai+"/2025", tk.pegawai, nil).must(t, 200, "own standing").json(t, &row)
	if row.NIP != pegawai || row.AnnualPredikat != "baik" {
		t.Errorf("own standing %+v", row.Standing)
	}
	a.send(t, "GET", "/v1/standings/"+pegawai+"/2025/explain", tk.pegawai, nil).must(t, 200, "own standing explained")
	a.send(t, "GET", "/v1/promotion-candidates/"+pegawai+"/explain?as_of=2026-03-15", tk.pegawai, nil).must(t, 200, "own promotion explained")
	var needs ownNeeds
	needsPath := "/v1/employees/" + pegawai + "/training-needs"
	a.send(t, "GET", needsPath+"?year=2025", tk.pegawai, nil).must(t, 200, "own training needs").json(t, &needs)
	if len(needs.Items) != 1 || needs.Items[0].Kind != training.KindBerakhlakFeedback || needs.Items[0].NIP != pegawai ||
		needs.NIP != pegawai || needs.Projection.Projection != training.Name {
		t.Errorf("own training needs %+v", needs)
	}
	var byHR ownNeeds
	a.send(t, "GET", needsPath, tk.hr, nil).must(t, 200, "HR reads the employee's training needs").json(t, &byHR)
	if len(byHR.Items) != 1 {
		t.Errorf("training needs read by HR %+v", byHR.Items)
	}
	for _, p := range []string{trailPath, "/v1/standings/" + pegawai + "/2025", "/v1/promotion-candidates/" + pegawai + "/explain", needsPath} {
		a.denied(t, 404, TypeNotFound, "a colleague: "+p, "GET", p, tk.rekan, nil)
		a.denied(t, 404, TypeNotFound, "HR of another instansi: "+p, "GET", p, tk.otherHR, nil)
	}
	a.denied(t, 403, TypeForbidden, "the pejabat penilai reads the training needs", "GET", needsPath, tk.penilai, nil)
	a.denied(t, 400, TypeValidation, "a bad kind", "GET", needsPath+"?kind=bogus", tk.pegawai, nil)
	a.denied(t, 400, TypeValidation, "an unknown parameter", "GET", needsPath+"?unit=bidang-a", tk.pegawai, nil)
}
