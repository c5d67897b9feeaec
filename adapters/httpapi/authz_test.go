package httpapi

import (
	"testing"
	"time"
)

// approvedSKP seeds the fixture and has pegawai's and rekan's SKPs approved.
func approvedSKP(t *testing.T) (*apiServer, tokens) {
	t.Helper()
	a := newAPIServer(t)
	tk := a.seed(t)
	for _, e := range []struct{ path, tok string }{{skpPath, tk.pegawai}, {rekanPath, tk.rekan}} {
		a.send(t, "POST", e.path, e.tok, map[string]any{"plan": plan(10)}).must(t, 201, "draft")
		a.send(t, "POST", e.path+"/submit", e.tok, nil).must(t, 200, "submit")
		a.send(t, "PUT", e.path+"/expectations", tk.penilai, expectations()).must(t, 200, "expectations")
		a.send(t, "POST", e.path+"/approve", tk.penilai, nil).must(t, 200, "approve")
	}
	return a, tk
}

func TestEmployeesActOnlyOnTheirOwnData(t *testing.T) {
	a, tk := approvedSKP(t)
	a.clock.Set(day(4, 3))
	rating := map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi"}
	a.denied(t, 404, TypeNotFound, "employee reads another's SKP", "GET", skpPath, tk.rekan, nil)
	a.denied(t, 404, TypeNotFound, "employee reads another's master data", "GET", "/v1/employees/"+pegawai, tk.rekan, nil)
	a.denied(t, 403, TypeForbidden, "employee rates another", "POST", skpPath+"/windows/1/ratings", tk.rekan, rating)
	a.denied(t, 403, TypeForbidden, "employee reports for another", "POST", skpPath+"/windows/1/realisations", tk.rekan,
		map[string]any{"iki": "iki-1", "quantity": 1, "evidence": []string{"x"}})
	a.denied(t, 403, TypeForbidden, "employee rates themselves", "POST", skpPath+"/windows/1/ratings", tk.pegawai, rating)
	a.denied(t, 403, TypeForbidden, "employee approves own SKP", "POST", skpPath+"/approve", tk.pegawai, nil)
	a.denied(t, 403, TypeForbidden, "employee registers a colleague", "POST", "/v1/employees", tk.pegawai, map[string]any{"instansi": instansi})
	a.send(t, "GET", skpPath, tk.pegawai, nil).must(t, 200, "own SKP")
	a.send(t, "GET", "/v1/employees/"+pegawai, tk.pegawai, nil).must(t, 200, "own master data")
}

func TestFormerSupervisorCannotRateAfterReportingLineChange(t *testing.T) {
	a, tk := approvedSKP(t)
	a.clock.Set(day(3, 1))
	a.denied(t, 404, TypeNotFound, "a supervisor not yet in force reads", "GET", skpPath, tk.penilaiB, nil)
	a.send(t, "POST", "/v1/employees/"+pegawai+"/reporting-lines", tk.hr, map[string]any{
		"pejabat_penilai": penilaiB, "atasan_pejabat_penilai": kepala, "effective_from": "2025-03-01", "reason": "mutasi"}).
		must(t, 200, "change the reporting line")
	a.clock.Set(day(4, 3))
	rating := map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Tanpa realisasi: cuti"}
	a.denied(t, 404, TypeNotFound, "former supervisor rates", "POST", skpPath+"/windows/1/ratings", tk.penilai, rating)
	a.denied(t, 404, TypeNotFound, "former supervisor gives feedback", "POST", skpPath+"/feedback", tk.penilai,
		map[string]any{"rhk": "rhk-1", "text": "x"})
	a.denied(t, 404, TypeNotFound, "former supervisor reads", "GET", skpPath, tk.penilai, nil)
	a.send(t, "POST", rekanPath+"/windows/1/ratings", tk.penilai, rating).must(t, 201, "still rates rekan")
	r := a.send(t, "POST", skpPath+"/windows/1/ratings", tk.penilaiB, rating).must(t, 201, "new supervisor rates")
	var w writeResponse
	r.json(t, &w)
	evs := a.stream(t, w.Stream)
	if m := evs[len(evs)-1].Metadata; m.ActorID != penilaiB || m.ActorRole != "pejabat_penilai" {
		t.Fatalf("rating recorded as %s/%s", m.ActorID, m.ActorRole)
	}
}

func TestHROnlyWithinTheirInstansi(t *testing.T) {
	a, tk := approvedSKP(t)
	a.denied(t, 403, TypeForbidden, "foreign HR registers", "POST", "/v1/employees", tk.otherHR, map[string]any{
		"nip": "199505052020012008", "name": "X", "status": "pns", "instansi": instansi, "unit": "dinas",
		"jabatan": map[string]any{"kind": "administrasi", "level": "pelaksana", "name": "X"}, "golongan": "III/a", "golongan_tmt": "2020-01-01"})
	a.denied(t, 404, TypeNotFound, "foreign HR transfers", "POST", "/v1/employees/"+pegawai+"/transfers", tk.otherHR,
		map[string]any{"to_unit": "bidang-b", "effective": "2025-02-01", "reason": "x"})
	a.denied(t, 404, TypeNotFound, "foreign HR reads an employee", "GET", "/v1/employees/"+pegawai, tk.otherHR, nil)
	a.denied(t, 404, TypeNotFound, "foreign HR reads an SKP", "GET", skpPath, tk.otherHR, nil)
	a.denied(t, 404, TypeNotFound, "foreign HR closes a period", "POST", "/v1/periods/"+instansi+"/2025/close", tk.otherHR, nil)
	a.denied(t, 404, TypeNotFound, "foreign HR renames a unit", "POST", "/v1/units/dinas/rename", tk.otherHR, map[string]any{"name": "x"})
	before := a.head(t)
	r := a.send(t, "POST", "/v1/import/employees", tk.otherHR, employeesCSV, "Content-Type", "text/csv").must(t, 200, "foreign import")
	var rep ImportReport
	r.json(t, &rep)
	if rep.Accepted != 0 || len(rep.Rejected) != rep.Rows || a.head(t) != before {
		t.Fatalf("a foreign HR's import of another instansi: %+v", rep)
	}
	a.send(t, "GET", "/v1/employees/"+pegawai, tk.hr, nil).must(t, 200, "own HR reads")
}

func TestAuditorAndInspektoratAreReadOnly(t *testing.T) {
	a, tk := approvedSKP(t)
	a.clock.Set(day(4, 3))
	for _, tok := range []string{tk.auditor, tk.inspektorat} {
		a.denied(t, 403, TypeForbidden, "auditor approves", "POST", skpPath+"/approve", tok, nil)
		a.denied(t, 403, TypeForbidden, "auditor rates", "POST", skpPath+"/windows/1/ratings", tok,
			map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi"})
		a.denied(t, 403, TypeForbidden, "auditor opens a period", "POST", "/v1/periods", tok,
			map[string]any{"instansi": instansi, "year": 2026, "frequency": "quarterly"})
		a.denied(t, 403, TypeForbidden, "auditor imports", "POST", "/v1/import/units", tok, unitsCSV, "Content-Type", "text/csv")
		a.denied(t, 403, TypeForbidden, "auditor sets a predikat", "POST", "/v1/units/bidang-a/organisation-predikat", tok,
			map[string]any{"year": 2025, "period": "2025", "predikat": "baik"})
		a.send(t, "GET", skpPath, tok, nil).must(t, 200, "auditor reads")
		a.send(t, "GET", "/v1/employees/"+pegawai, tok, nil).must(t, 200, "auditor reads master data")
	}
}

func TestPimpinanSetsPredikatAndAtasanDecides(t *testing.T) {
	a, tk := approvedSKP(t)
	a.denied(t, 403, TypeForbidden, "a supervisor without the pimpinan role", "POST", "/v1/units/bidang-a/organisation-predikat",
		tk.penilai, map[string]any{"year": 2025, "period": "2025", "predikat": "baik"})
	a.send(t, "POST", "/v1/units/bidang-a/organisation-predikat", tk.kepala,
		map[string]any{"year": 2025, "period": "2025", "predikat": "baik"}).must(t, 200, "pimpinan sets the predikat")
	a.clock.Set(time.Date(2025, 12, 31, 9, 0, 0, 0, wib))
	a.send(t, "POST", skpPath+"/annual-rating", tk.penilai,
		map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Tanpa realisasi"}).must(t, 201, "annual")
	a.send(t, "POST", skpPath+"/objection", tk.pegawai, map[string]any{"reasons": "x"}).must(t, 201, "object")
	a.denied(t, 403, TypeForbidden, "the pejabat penilai decides the objection", "POST", skpPath+"/objection/decision", tk.penilai,
		map[string]any{"outcome": "ratings_upheld", "note": "x"})
}
