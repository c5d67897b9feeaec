package httpapi

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/skp"
)

// step is one write of the walk: who does what, and the event it must append.
type step struct {
	name, path, token string
	body              any
	status            int
	eventType         string
	actorID, role     string
}

// TestEmployeeYearOverHTTP walks one employee's year through the API as the
// right people, checking each response, its ETag, and the event appended.
// It runs on both event store backends.
func TestEmployeeYearOverHTTP(t *testing.T) {
	for _, backend := range testBackends {
		t.Run(backend, func(t *testing.T) { employeeYear(t, newAPIServerOn(t, backend)) })
	}
}

func employeeYear(t *testing.T, a *apiServer) {
	tk := a.seed(t)
	reimport(t, a, tk)
	rating := func(h, p, note string) map[string]any { return map[string]any{"hasil": h, "perilaku": p, "note": note} }
	steps := []struct {
		at time.Time
		step
	}{
		{day(1, 6), step{"draft", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}, 201, skp.TypeDrafted, pegawai, "pegawai"}},
		{day(1, 7), step{"submit", skpPath + "/submit", tk.pegawai, nil, 200, skp.TypeSubmitted, pegawai, "pegawai"}},
		{day(1, 8), step{"return", skpPath + "/return", tk.penilai, map[string]any{"note": "Target terlalu rendah"}, 200, skp.TypeReturned, penilai, "pejabat_penilai"}},
		{day(1, 9), step{"edit", skpPath + "/plan", tk.pegawai, map[string]any{"plan": plan(12)}, 200, skp.TypeEdited, pegawai, "pegawai"}},
		{day(1, 9), step{"resubmit", skpPath + "/submit", tk.pegawai, nil, 200, skp.TypeSubmitted, pegawai, "pegawai"}},
		{day(1, 10), step{"expectations", skpPath + "/expectations", tk.penilai, expectations(), 200, skp.TypeExpectationsSet, penilai, "pejabat_penilai"}},
		{day(1, 10), step{"approve", skpPath + "/approve", tk.penilai, nil, 200, skp.TypeApproved, penilai, "pejabat_penilai"}},
		{day(3, 20), step{"realisation", skpPath + "/windows/1/realisations", tk.pegawai,
			map[string]any{"iki": "iki-1", "quantity": 3, "evidence": []string{"dms://kurikulum/q1.pdf"}}, 201, skp.TypeRealisationReported, pegawai, "pegawai"}},
		{day(3, 21), step{"feedback", skpPath + "/feedback", tk.penilai,
			map[string]any{"rhk": "rhk-1", "text": "Bagus, pertahankan"}, 201, skp.TypeFeedbackGiven, penilai, "pejabat_penilai"}},
		{day(3, 22), step{"respond", skpPath + "/feedback/1/response", tk.pegawai, map[string]any{"text": "Terima kasih"}, 200, skp.TypeFeedbackResponded, pegawai, "pegawai"}},
		{day(4, 3), step{"rate Q1", skpPath + "/windows/1/ratings", tk.penilai, rating("sesuai_ekspektasi", "sesuai_ekspektasi", "Q1"), 201, skp.TypePeriodicRatingsGiven, penilai, "pejabat_penilai"}},
		{day(12, 31), step{"rate year", skpPath + "/annual-rating", tk.penilai, rating("sesuai_ekspektasi", "di_bawah_ekspektasi", "Tahunan"), 201, skp.TypeAnnualRatingsGiven, penilai, "pejabat_penilai"}},
		{nextYear(1, 2), step{"amend", skpPath + "/amendments", tk.penilai,
			map[string]any{"window": 0, "hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "reason": "Salah input perilaku"}, 200, skp.TypeRatingsAmended, penilai, "pejabat_penilai"}},
		{nextYear(1, 5), step{"object", skpPath + "/objection", tk.pegawai, map[string]any{"reasons": "Capaian melebihi target"}, 201, skp.TypeObjectionFiled, pegawai, "pegawai"}},
		{nextYear(1, 12), step{"decide", skpPath + "/objection/decision", tk.kepala,
			map[string]any{"outcome": "ratings_changed", "hasil": "di_atas_ekspektasi", "perilaku": "di_atas_ekspektasi", "note": "Bukti mendukung"}, 200, skp.TypeObjectionDecided, kepala, "atasan_pejabat_penilai"}},
	}
	for i, s := range steps {
		a.clock.Set(s.at)
		version := uint64(i + 1)
		ifMatch := fmt.Sprintf(`"%d"`, version-1)
		r := a.send(t, writeMethod(s.path), s.path, s.token, s.body, "If-Match", ifMatch).must(t, s.status, s.name)
		var w writeResponse
		r.json(t, &w)
		if w.Stream != skp.Stream(pegawai, 2025) || w.Version != version || len(w.EventIDs) != 1 || w.Position == 0 {
			t.Fatalf("%s: response %+v", s.name, w)
		}
		if got := r.header.Get("ETag"); got != fmt.Sprintf(`"%d"`, version) {
			t.Fatalf("%s: ETag %s, want \"%d\"", s.name, got, version)
		}
		checkEvent(t, a, s.step, w)
	}
	checkFinalSKP(t, a, tk)
}

// checkEvent checks the event a step appended: its id, type, actor and role.
func checkEvent(t *testing.T, a *apiServer, s step, w writeResponse) {
	t.Helper()
	evs := a.stream(t, w.Stream)
	e := evs[len(evs)-1]
	got := []any{e.ID, e.Version, e.Position, e.Type, e.Metadata.ActorID, e.Metadata.ActorRole}
	want := []any{w.EventIDs[0], w.Version, w.Position, s.eventType, s.actorID, s.role}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("%s: event (-want +got):\n%s", s.name, diff)
	}
	if e.Metadata.RequestID == "" {
		t.Fatalf("%s: the event records no request id", s.name)
	}
}

// checkFinalSKP reads the SKP at the end of the year as the employee.
func checkFinalSKP(t *testing.T, a *apiServer, tk tokens) {
	t.Helper()
	r := a.send(t, "GET", skpPath, tk.pegawai, nil).must(t, 200, "get skp")
	if r.header.Get("ETag") != `"15"` {
		t.Fatalf("final ETag %s", r.header.Get("ETag"))
	}
	var v skpView
	r.json(t, &v)
	if v.Status != skp.StatusApproved || v.AnnualRatings == nil || v.AnnualRatings.Predikat != "sangat_baik" ||
		!v.Objection.Decided || len(v.Realisations) != 1 || len(v.PeriodicRatings) != 1 || len(v.Feedback) != 1 ||
		!v.Feedback[0].Responded || v.Plan.RHK[0].IKI[0].Target.Quantity != 12 {
		t.Fatalf("final SKP: %s", r.body)
	}
	for _, tok := range []string{tk.penilai, tk.kepala, tk.hr, tk.auditor, tk.inspektorat} {
		a.send(t, "GET", skpPath, tok, nil).must(t, 200, "read by an entitled reader")
	}
}

// reimport sends the master-data files again: every row is reported as
// imported before and nothing is appended.
func reimport(t *testing.T, a *apiServer, tk tokens) {
	t.Helper()
	before := a.head(t)
	for kind, csv := range map[string]string{"units": unitsCSV, "employees": employeesCSV, "reporting-lines": linesCSV} {
		var rep ImportReport
		a.send(t, "POST", "/v1/import/"+kind, tk.hr, csv, "Content-Type", "text/csv").must(t, 200, "re-import").json(t, &rep)
		if rep.Accepted != 0 || rep.Unchanged != rep.Rows || len(rep.Rejected) != 0 {
			t.Fatalf("re-import of %s: %+v", kind, rep)
		}
	}
	if after := a.head(t); after != before {
		t.Fatalf("re-importing moved the log from %d to %d", before, after)
	}
}
