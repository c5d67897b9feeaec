package httpapi

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/followup"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/projections/training"
)

// TestSelfAssessmentAndPeerFeedbackOverHTTP: the employee records a
// self-assessment of Q1 and invites a colleague; the penilai sees both on
// the SKP before rating; an uninvited colleague is refused; the employee
// sees the feedback without who gave it; the score trail shows the
// self-assessment beside the rating.
func TestSelfAssessmentAndPeerFeedbackOverHTTP(t *testing.T) {
	a, tk := approvedSKP(t)
	a.clock.Set(day(3, 20))
	self := map[string]any{"hasil": "sesuai_ekspektasi", "reflection": "Modul kedua terlambat", "action_plan": "Koordinasi mingguan",
		"perilaku": []any{map[string]any{"value": "akuntabel", "rating": "sesuai_ekspektasi", "comment": "Lapor tepat waktu"}},
		"evidence": []string{"dms://laporan/1"}}
	sa := written(t, a.send(t, "POST", skpPath+"/windows/1/self-assessment", tk.pegawai, self).must(t, 201, "self-assessment"))
	a.denied(t, 403, TypeForbidden, "penilai self-assesses for the employee", "POST", skpPath+"/windows/1/self-assessment", tk.penilai, self)
	feedback := map[string]any{"values": []any{map[string]any{"value": "kolaboratif", "comment": "Selalu membantu"}}}
	a.denied(t, 403, TypeForbidden, "uninvited colleague", "POST", skpPath+"/windows/1/peer-feedback", tk.rekan, feedback)
	a.send(t, "POST", skpPath+"/windows/1/peer-invitations", tk.pegawai, map[string]any{"peer": rekan}).must(t, 201, "invite")
	if p := a.denied(t, 422, TypeRuleViolated, "invite twice", "POST", skpPath+"/windows/1/peer-invitations", tk.penilai,
		map[string]any{"peer": rekan}); p.Code != "skp.already_invited" {
		t.Errorf("code %q", p.Code)
	}
	// Inviting an employee of another instansi answers exactly as inviting
	// an NIP nobody holds (it was a 422 naming the other instansi, and the
	// 404 named the event stream).
	const nobody = "199001012020011999"
	other := a.denied(t, 404, TypeNotFound, "invite another instansi's employee", "POST", skpPath+"/windows/1/peer-invitations",
		tk.pegawai, map[string]any{"peer": adminB})
	unknown := a.denied(t, 404, TypeNotFound, "invite an unknown NIP", "POST", skpPath+"/windows/1/peer-invitations",
		tk.pegawai, map[string]any{"peer": nobody})
	if strings.ReplaceAll(other.Detail, adminB, "X") != strings.ReplaceAll(unknown.Detail, nobody, "X") || strings.Contains(unknown.Detail, "stream") {
		t.Errorf("details differ or name internals: %q and %q", other.Detail, unknown.Detail)
	}
	a.denied(t, 404, TypeNotFound, "a colleague of another instansi", "POST", skpPath+"/windows/1/peer-feedback",
		a.token(t, adminB, otherInst, actor.Pegawai), feedback)
	a.send(t, "POST", skpPath+"/windows/1/peer-feedback", tk.rekan, feedback).must(t, 201, "invited colleague")

	var seen skpView
	a.send(t, "GET", skpPath, tk.penilai, nil).must(t, 200, "penilai reads the SKP").json(t, &seen)
	if len(seen.WindowInputs) != 1 || seen.WindowInputs[0].SelfAssessment == nil ||
		seen.WindowInputs[0].SelfAssessment.Reflection != "Modul kedua terlambat" || len(seen.WindowInputs[0].Peers) != 1 ||
		seen.WindowInputs[0].Peers[0].Peer != rekan || seen.WindowInputs[0].Peers[0].Feedback == nil {
		t.Fatalf("penilai's view: %+v", seen.WindowInputs)
	}
	var own skpView
	a.send(t, "GET", skpPath, tk.pegawai, nil).must(t, 200, "employee reads the SKP").json(t, &own)
	if p := own.WindowInputs[0].Peers[0]; p.Peer != "" || p.Feedback == nil || p.Feedback.By.NIP != "" ||
		p.Feedback.Values[0].Comment != "Selalu membantu" {
		t.Errorf("employee's view of the peer: %+v", p)
	}

	a.clock.Set(day(3, 31))
	a.send(t, "POST", skpPath+"/windows/1/ratings", tk.penilai, map[string]any{"hasil": "sesuai_ekspektasi",
		"perilaku": "sesuai_ekspektasi", "note": "Realisasi di luar sistem"}).must(t, 201, "rate Q1")
	a.clock.Set(day(4, 1))
	if p := a.denied(t, 422, TypeRuleViolated, "self-assess after the rating", "POST", skpPath+"/windows/1/self-assessment",
		tk.pegawai, self); p.Code != "skp.assessment_after_rating" {
		t.Errorf("code %q", p.Code)
	}
	var trail scoreTrailView
	a.send(t, "GET", "/v1/employees/"+pegawai+"/skp/2025/score-trail", tk.auditor, nil).must(t, 200, "trail").json(t, &trail)
	if len(trail.Changes) != 1 || trail.Changes[0].SelfAssessment == nil || trail.Changes[0].SelfAssessment.EventID != sa.EventIDs[0] ||
		trail.Changes[0].After.Predikat != "baik" {
		t.Errorf("trail: %+v", trail.Changes)
	}
}

// TestFollowupTrainingAndAllowanceOverHTTP: after a poor Q1 rating, HR
// records training attended resting on it (the training need closes) and
// the penilai records coaching; the history shows both; a sanction by the
// penilai and a basis of another employee are refused; the allowance of
// February is exported with the policy's percentages as JSON and CSV.
func TestFollowupTrainingAndAllowanceOverHTTP(t *testing.T) {
	rs := newReadServer(t, 10*time.Second)
	rs.startReportProjections(t)
	rs.startProjections(t)
	rs.clock.Set(time.Date(2025, 1, 5, 10, 0, 0, 0, wib))
	tk := rs.seed(t)
	for _, e := range []struct{ path, tok string }{{skpPath, tk.pegawai}, {rekanPath, tk.rekan}} {
		rs.send(t, "POST", e.path, e.tok, map[string]any{"plan": plan(10)}).must(t, 201, "draft")
		rs.send(t, "POST", e.path+"/submit", e.tok, nil).must(t, 200, "submit")
		rs.send(t, "PUT", e.path+"/expectations", tk.penilai, expectations()).must(t, 200, "expectations")
		rs.send(t, "POST", e.path+"/approve", tk.penilai, nil).must(t, 200, "approve")
	}
	rs.clock.Set(day(3, 31))
	poor := written(t, rs.send(t, "POST", skpPath+"/windows/1/ratings", tk.penilai, map[string]any{"hasil": "di_bawah_ekspektasi",
		"perilaku": "sesuai_ekspektasi", "note": "Target tidak tercapai"}).must(t, 201, "rate pegawai"))
	good := written(t, rs.send(t, "POST", rekanPath+"/windows/1/ratings", tk.penilai, map[string]any{"hasil": "di_atas_ekspektasi",
		"perilaku": "di_atas_ekspektasi", "note": "Melampaui target"}).must(t, 201, "rate rekan"))

	var needs needsPage
	rs.get(t, "/v1/training-needs?year=2025&min_position="+u(good.Position), tk.hr, &needs)
	if needs.Total != 1 || needs.Items[0].Kind != training.KindPredikat || needs.Items[0].EventIDs[0] != poor.EventIDs[0] {
		t.Fatalf("needs before training: %+v", needs.Items)
	}
	basis := []any{map[string]any{"year": 2025, "event_id": poor.EventIDs[0]}}
	fpath := "/v1/employees/" + pegawai + "/followups"
	rs.clock.Set(day(4, 15))
	if p := rs.denied(t, 403, TypeForbidden, "sanction by the penilai", "POST", fpath, tk.penilai,
		map[string]any{"kind": "sanksi", "title": "Teguran", "reason": "r", "basis": basis}); p.Status != 403 {
		t.Errorf("%+v", p)
	}
	if p := rs.denied(t, 422, TypeRuleViolated, "basis of another employee", "POST", fpath, tk.hr, map[string]any{"kind": "pembinaan",
		"title": "Coaching", "reason": "r", "basis": []any{map[string]any{"year": 2025, "event_id": good.EventIDs[0]}}}); p.Code != "followup.no_such_rating" {
		t.Errorf("code %q", p.Code)
	}
	rs.denied(t, 404, TypeNotFound, "HR of another instansi", "POST", fpath, tk.otherHR,
		map[string]any{"kind": "pembinaan", "title": "x", "reason": "r", "basis": basis})
	// Was recorded with the event twice in its basis.
	twice := append(append([]any{}, basis...), basis...)
	if p := rs.denied(t, 400, TypeValidation, "the same basis twice", "POST", fpath, tk.hr, map[string]any{"kind": "pelatihan",
		"title": "Diklat", "reason": "r", "basis": twice}); len(p.Errors) != 1 || p.Errors[0].Field != "basis[1].event_id" {
		t.Errorf("the same basis twice: %+v, want one field error for basis[1].event_id", p)
	}
	// Both were recorded: a training attended in 9999, and before the
	// appointment (2015-05) the NIP encodes.
	for _, eff := range []string{"9999-12-31", "2026-04-16", "0001-01-01", "2015-04-30"} {
		p := rs.denied(t, 400, TypeValidation, "effective "+eff, "POST", fpath, tk.hr, map[string]any{"kind": "pelatihan",
			"title": "Diklat", "reason": "r", "effective": eff, "basis": basis})
		if len(p.Errors) != 1 || p.Errors[0].Field != "effective" {
			t.Errorf("effective %s: %+v, want one field error for effective", eff, p)
		}
	}
	trained := written(t, rs.send(t, "POST", fpath, tk.hr, map[string]any{"kind": "pelatihan", "title": "Diklat manajemen waktu",
		"reason": "Predikat butuh perbaikan triwulan I", "effective": "2025-04-14", "basis": basis}).must(t, 201, "training attended"))
	coached := written(t, rs.send(t, "POST", fpath, tk.penilai, map[string]any{"kind": "pembinaan", "title": "Coaching bulanan",
		"reason": "Target tidak tercapai", "basis": basis}).must(t, 201, "coaching"))

	rs.get(t, "/v1/training-needs?year=2025&min_position="+u(coached.Position), tk.hr, &needs)
	if needs.Total != 0 {
		t.Errorf("needs after training: %+v", needs.Items)
	}
	var h historyView
	rs.get(t, "/v1/employees/"+pegawai+"/history?min_position="+u(coached.Position), tk.pegawai, &h)
	if len(h.Followups) != 2 || h.Followups[0].EventID != trained.EventIDs[0] || h.Followups[0].Kind != "pelatihan" ||
		h.Followups[0].Basis[0].EventID != poor.EventIDs[0] || h.Followups[0].Basis[0].Predikat != "butuh_perbaikan" ||
		h.Followups[1].Role != "pejabat_penilai" {
		t.Errorf("history follow-up: %+v", h.Followups)
	}
	// The standing and promotion explanations list the follow-ups too.
	var sx standingExplanation
	rs.get(t, "/v1/standings/"+pegawai+"/2025/explain?min_position="+u(coached.Position), tk.pegawai, &sx)
	var px promotionExplanation
	rs.get(t, "/v1/promotion-candidates/"+pegawai+"/explain?min_position="+u(coached.Position), tk.pegawai, &px)
	for what, fs := range map[string][]followup.Explained{"standing": sx.Followups, "promotion": px.Followups} {
		if len(fs) != 2 || fs[0].EventID != trained.EventIDs[0] || fs[0].Kind != followup.Pelatihan ||
			fs[0].Title != "Diklat manajemen waktu" || fs[0].Reason != "Predikat butuh perbaikan triwulan I" ||
			len(fs[0].BasisEventIDs) != 1 || fs[0].BasisEventIDs[0] != poor.EventIDs[0] || fs[0].RecordedBy != hrNIP ||
			fs[0].RecordedAt.IsZero() || fs[1].EventID != coached.EventIDs[0] || fs[1].RecordedBy != penilai {
			t.Errorf("%s explanation follow-ups: %+v", what, fs)
		}
	}

	var al allowanceView
	rs.get(t, "/v1/allowance?month=2025-02&format=json&min_position="+u(coached.Position), tk.hr, &al)
	pct, version := map[string]float64{}, ""
	for _, r := range al.Rows {
		if r.Percent != nil {
			pct[r.NIP], version = *r.Percent, r.PolicyVersion
			if r.PolicyVersion == "" || r.SourceEventID == "" {
				t.Errorf("row without policy or source: %+v", r)
			}
		}
	}
	// The percentages are those of the policy's allowance_percent table.
	pol, err := rs.svc.Policy(version)
	if err != nil {
		t.Fatal(err)
	}
	if al.Label != "2025-Q1" || pct[pegawai] != pol.AllowancePercent["butuh_perbaikan"] || pct[rekan] != pol.AllowancePercent["sangat_baik"] ||
		len(pct) != 2 {
		t.Errorf("allowance %+v", al)
	}
	r := rs.send(t, "GET", "/v1/allowance?month=2025-02&format=csv", tk.hr, nil).must(t, 200, "csv")
	var rows [][]string
	rows, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(string(r.body), "\ufeff"))).ReadAll()
	if err != nil || len(rows) != len(al.Rows)+1 || strings.Join(rows[0], ",") != "nip,name,unit,predikat,source_event_id,percent,policy_version" {
		t.Fatalf("csv %v %v", rows, err)
	}
	// As every list, in XLSX too (it was served, and the document did not say so).
	if x := rs.send(t, "GET", "/v1/allowance?month=2025-02&format=xlsx", tk.hr, nil).must(t, 200, "xlsx"); !bytes.HasPrefix(x.body, []byte("PK")) {
		t.Errorf("xlsx: %q…", x.body[:min(len(x.body), 20)])
	}
	rs.denied(t, 403, TypeForbidden, "allowance by the penilai", "GET", "/v1/allowance?month=2025-02", tk.penilai, nil)
	rs.denied(t, 400, TypeValidation, "bad month", "GET", "/v1/allowance?month=2025-13", tk.hr, nil)
	rs.denied(t, 400, TypeValidation, "a month of year 0 (it was a 404)", "GET", "/v1/allowance?month=0000-01", tk.hr, nil)

	// An atasan of another instansi, named by the line in force (assigned
	// with a cross_instansi_reason), records follow-up as the atasan does:
	// it was a 404 "no employee", though they read the employee.
	rs.send(t, "POST", "/v1/employees/"+pegawai+"/reporting-lines", tk.hr, map[string]any{"pejabat_penilai": penilai,
		"atasan_pejabat_penilai": otherHR, "effective_from": "2025-04-15", "reason": "penugasan",
		"cross_instansi_reason": "Penugasan lintas instansi, SK 800/12/2025"}).must(t, 200, "a cross-instansi atasan")
	atasanB := rs.token(t, otherHR, otherInst, actor.Pegawai, actor.PejabatPenilai, actor.Pimpinan)
	rs.send(t, "GET", "/v1/employees/"+pegawai, atasanB, nil).must(t, 200, "the cross-instansi atasan reads the employee")
	crossed := written(t, rs.send(t, "POST", fpath, atasanB, map[string]any{"kind": "pembinaan", "title": "Pendampingan",
		"reason": "Perbaikan kinerja", "basis": basis}).
		must(t, 201, "the cross-instansi atasan records a follow-up"))
	if evs := rs.stream(t, "followup-"+pegawai); len(evs) != 3 || evs[2].ID != crossed.EventIDs[0] ||
		evs[2].Metadata.ActorID != otherHR || evs[2].Metadata.ActorRole != string(actor.AtasanPejabatPenilai) ||
		evs[2].Metadata.Instansi != instansi {
		t.Errorf("cross-instansi follow-up recorded as %+v", evs[len(evs)-1].Metadata)
	}
	rs.denied(t, 403, TypeForbidden, "a sanction by the cross-instansi atasan", "POST", fpath, atasanB,
		map[string]any{"kind": "sanksi", "title": "Teguran", "reason": "r", "basis": basis})
	rs.denied(t, 404, TypeNotFound, "a pejabat penilai of the other instansi not in the line", "POST", fpath,
		rs.token(t, adminB, otherInst, actor.Pegawai, actor.PejabatPenilai, actor.Pimpinan),
		map[string]any{"kind": "pembinaan", "title": "x", "reason": "r", "basis": basis})
}

// TestLiveScopeHidesPeersFromTheEmployee: the employee does not receive
// the events that name a colleague giving peer feedback on their SKP; their
// pejabat penilai does.
func TestLiveScopeHidesPeersFromTheEmployee(t *testing.T) {
	own := liveScope{nip: pegawai, instansi: instansi, owner: true}
	boss := liveScope{nip: penilai, instansi: instansi, owner: true, evaluator: true}
	f := liveFacts{instansi: instansi, subject: pegawai, penilai: penilai, peer: true}
	if own.decide(f) != deny || boss.decide(f) != allow {
		t.Errorf("peer event: employee %v, penilai %v", own.decide(f), boss.decide(f))
	}
	f.peer = false
	if own.decide(f) != allow {
		t.Errorf("other SKP event: employee %v", own.decide(f))
	}
}

// TestAllowanceUnderAnAdoptedPolicy: the allowance export of a month rated
// under a policy the instansi adopted was a 422 (policy unknown): it looked
// the rating's version up among the built-in policies only. Its percentages
// are now the adopted policy's allowance_percent.
func TestAllowanceUnderAnAdoptedPolicy(t *testing.T) {
	rs := newReadServer(t, 10*time.Second)
	rs.startReportProjections(t)
	rs.clock.Set(time.Date(2025, 1, 5, 10, 0, 0, 0, wib))
	tk := rs.tokens(t)
	rs.bootstrap(t)
	rs.send(t, "POST", "/v1/import/reporting-lines", tk.hr, linesCSV, "Content-Type", "text/csv").must(t, 200, "import lines")
	own := performance.DefaultPolicy()
	own.Version = "pemprov-jabar/2025-tpp"
	own.AllowancePercent = map[performance.Predikat]float64{"sangat_baik": 125, "baik": 100, "butuh_perbaikan": 75, "kurang": 55, "sangat_kurang": 35}
	admin := rs.token(t, hrNIP, instansi, actor.Admin)
	rs.send(t, "POST", "/v1/policies", admin, map[string]any{"from": "2025-01-06", "reason": "Perkada TPP 2025", "policy": own}).must(t, 201, "adopt")
	rs.clock.Set(time.Date(2025, 1, 6, 10, 0, 0, 0, wib))
	rs.send(t, "POST", "/v1/periods", tk.hr, map[string]any{"instansi": instansi, "year": 2025, "frequency": "quarterly"}).must(t, 201, "open 2025")
	approvedPlan(t, rs.apiServer, skpPath, tk.pegawai, tk.penilai)
	rs.clock.Set(day(3, 31))
	rated := written(t, rs.send(t, "POST", skpPath+"/windows/1/ratings", tk.penilai, map[string]any{"hasil": "di_atas_ekspektasi",
		"perilaku": "di_atas_ekspektasi", "note": "Melampaui target"}).must(t, 201, "rate"))

	var al allowanceView
	rs.get(t, "/v1/allowance?month=2025-02&format=json&min_position="+u(rated.Position), tk.hr, &al)
	for _, r := range al.Rows {
		if r.NIP != pegawai {
			continue
		}
		if r.Percent == nil || *r.Percent != 125 || r.PolicyVersion != own.Version {
			t.Fatalf("row %+v, want 125%% under %s", r, own.Version)
		}
		return
	}
	t.Fatalf("no row of %s in %+v", pegawai, al)
}

// TestFollowupRestsOnTheRatingsInForce: a follow-up could rest on a rating
// an amendment had since changed (a sanksi on a butuh_perbaikan amended to
// baik was recorded, and the history showed the old predikat as its
// basis). The superseded event is refused, naming the one in force; that
// one is accepted.
func TestFollowupRestsOnTheRatingsInForce(t *testing.T) {
	a := newAPIServer(t)
	a.clock.Set(time.Date(2025, 1, 5, 10, 0, 0, 0, wib))
	tk := a.seed(t)
	approvedPlan(t, a, skpPath, tk.pegawai, tk.penilai)
	a.clock.Set(day(3, 31))
	poor := written(t, a.send(t, "POST", skpPath+"/windows/1/ratings", tk.penilai, map[string]any{"hasil": "di_bawah_ekspektasi",
		"perilaku": "sesuai_ekspektasi", "note": "Target tidak tercapai"}).must(t, 201, "rate"))
	a.clock.Set(day(4, 10))
	amended := written(t, a.send(t, "POST", skpPath+"/amendments", tk.penilai, map[string]any{"window": 1, "hasil": "sesuai_ekspektasi",
		"perilaku": "sesuai_ekspektasi", "reason": "Bukti capaian terlambat diunggah"}).must(t, 200, "amend"))

	fpath := "/v1/employees/" + pegawai + "/followups"
	sanction := func(eventID string) map[string]any {
		return map[string]any{"kind": "sanksi", "title": "Teguran tertulis", "reason": "Kinerja triwulan I",
			"basis": []any{map[string]any{"year": 2025, "event_id": eventID}}}
	}
	p := a.denied(t, 422, TypeRuleViolated, "a sanksi on the superseded rating", "POST", fpath, tk.hr, sanction(poor.EventIDs[0]))
	if p.Code != "followup.rating_superseded" || !strings.Contains(p.Detail, amended.EventIDs[0]) {
		t.Errorf("problem %+v, want followup.rating_superseded naming %s", p, amended.EventIDs[0])
	}
	// The ratings in force are baik: a sanksi cannot rest on them, a penghargaan can.
	if p := a.denied(t, 422, TypeRuleViolated, "a sanksi on baik", "POST", fpath, tk.hr, sanction(amended.EventIDs[0])); p.Code != "followup.basis_predikat" {
		t.Errorf("code %q, want followup.basis_predikat", p.Code)
	}
	reward := sanction(amended.EventIDs[0])
	reward["kind"], reward["title"] = "penghargaan", "Pegawai teladan"
	a.send(t, "POST", fpath, tk.hr, reward).must(t, 201, "a penghargaan on the ratings in force")
}
