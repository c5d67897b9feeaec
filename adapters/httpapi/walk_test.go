package httpapi

import (
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/projections/worklist"
)

// TestQuarterAsTheThreePeopleWalkIt walks a quarter over HTTP as the
// employee, the pejabat penilai and the atasan would (issue 13): the
// penilai sees the submitted plan in their worklist and on their live
// stream within a second, returns it with a note the employee reads, and
// so on to the rating; the employee reads every note and the score trail;
// after the annual rating and an objection the atasan's worklist shows the
// objection with its deadline.
func TestQuarterAsTheThreePeopleWalkIt(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	runWorklist(t, a)
	live := openSSE(t, serveReal(t, a.srv), tk.penilai, "")
	t.Cleanup(live.close)
	at := func(d time.Time) { a.clock.Set(d) }

	at(day(1, 6))
	a.write(t, skpPath, tk.pegawai, map[string]any{"plan": plan(10)}, "the employee drafts")
	submitted := a.write(t, skpPath+"/submit", tk.pegawai, nil, "the employee submits")
	start := time.Now()
	got := live.until(t, submitted, time.Second, "the submission on the penilai's stream")
	if last := got[len(got)-1]; last.id != submitted || last.event != "skp.submitted" {
		t.Fatalf("the penilai's stream ended with %d %s, want %d skp.submitted", last.id, last.event, submitted)
	}
	wantTasks(t, a, "penilai", tk.penilai, taskBrief{worklist.KindPlanApproval, pegawai, 0, 0, false})
	if d := time.Since(start); d > time.Second {
		t.Errorf("the plan reached the penilai's stream and worklist after %s, want within 1 s", d)
	}

	at(day(1, 7))
	a.write(t, skpPath+"/return", tk.penilai, map[string]any{"note": "Target IKI 1 terlalu rendah"}, "the penilai returns the plan")
	a.write(t, skpPath+"/plan", tk.pegawai, map[string]any{"plan": plan(12)}, "the employee revises the plan")
	a.write(t, skpPath+"/submit", tk.pegawai, nil, "the employee resubmits")
	a.write(t, skpPath+"/expectations", tk.penilai, expectations(), "the penilai sets the expectations")
	a.write(t, skpPath+"/approve", tk.penilai, nil, "the penilai approves")
	wantTasks(t, a, "penilai", tk.penilai)

	at(day(3, 20))
	// Input is checked before whether Q1 was reported: a correction before
	// the report, and a report again, with a quantity past the limit were
	// 422 skp.not_reported and skp.already_reported, and only the retry
	// told the client its quantity was wrong.
	badQuantity := func(what string, r response) {
		t.Helper()
		if p := r.problem(t); r.status != 400 || len(p.Errors) != 1 || p.Errors[0].Field != "quantity" {
			t.Errorf("%s: %d %s %q %v; want 400 naming quantity", what, r.status, p.Code, p.Detail, p.Errors)
		}
	}
	badQuantity("a correction of a realisation not reported", a.send(t, "POST", skpPath+"/windows/1/realisations/iki-1/corrections",
		tk.pegawai, map[string]any{"quantity": 1e29, "evidence": []string{"dms://q1.pdf"}, "reason": "Salah ketik"}))
	a.write(t, skpPath+"/windows/1/realisations", tk.pegawai,
		map[string]any{"iki": "iki-1", "quantity": 3, "evidence": []string{"dms://q1.pdf"}}, "the employee reports Q1")
	badQuantity("a report again", a.send(t, "POST", skpPath+"/windows/1/realisations", tk.pegawai,
		map[string]any{"iki": "iki-1", "quantity": 1e29, "evidence": []string{"dms://q1.pdf"}}))
	a.write(t, skpPath+"/feedback", tk.penilai, map[string]any{"rhk": "rhk-1", "text": "Laporan Q1 rapi, lanjutkan"}, "feedback")
	a.write(t, skpPath+"/feedback/1/response", tk.pegawai, map[string]any{"text": "Siap, terima kasih"}, "response")
	at(day(4, 2))
	wantTasks(t, a, "penilai", tk.penilai, taskBrief{worklist.KindFeedbackResponse, pegawai, 0, 13, false},
		taskBrief{worklist.KindRating, pegawai, 1, 1, false})
	a.write(t, skpPath+"/windows/1/ratings", tk.penilai,
		map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Capaian Q1 sesuai target"}, "the penilai rates Q1")
	wantTasks(t, a, "penilai", tk.penilai)

	skp := string(a.send(t, "GET", skpPath, tk.pegawai, nil).must(t, 200, "the employee reads their SKP").body)
	for _, note := range []string{"Target IKI 1 terlalu rendah", "Laporan Q1 rapi, lanjutkan", "Siap, terima kasih", "Capaian Q1 sesuai target"} {
		if !strings.Contains(skp, note) {
			t.Errorf("the employee's SKP lacks %q: %s", note, skp)
		}
	}
	trail := string(a.send(t, "GET", "/v1/employees/"+pegawai+"/skp/2025/score-trail", tk.pegawai, nil).
		must(t, 200, "the employee reads their score trail").body)
	if !strings.Contains(trail, "Capaian Q1 sesuai target") {
		t.Errorf("the score trail lacks the Q1 rating: %s", trail)
	}

	at(day(12, 31))
	a.write(t, skpPath+"/annual-rating", tk.penilai,
		map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "di_bawah_ekspektasi", "note": "Perilaku perlu ditingkatkan"}, "the annual rating")
	at(nextYear(1, 5))
	a.write(t, skpPath+"/objection", tk.pegawai, map[string]any{"reasons": "Perilaku sudah sesuai, lihat umpan balik Q1"}, "the objection")
	v := worklistOf(t, a, tk.kepala, "kind=objection")
	if len(v.Tasks) != 1 || v.Tasks[0].NIP != pegawai || v.Tasks[0].Deadline == nil || v.Tasks[0].Deadline.String() != "2026-01-14" {
		t.Fatalf("the atasan's objections: %+v, want pegawai's with the deadline 2026-01-14", v.Tasks)
	}
	skp = string(a.send(t, "GET", skpPath, tk.pegawai, nil).must(t, 200, "the employee reads their SKP").body)
	if !strings.Contains(skp, "Perilaku perlu ditingkatkan") || !strings.Contains(skp, "2026-01-14") {
		t.Errorf("the employee's SKP lacks the annual note or the objection deadline: %s", skp)
	}
}
