package httpapi

import (
	"strings"
	"testing"

	"github.com/kinerja/kinerja/domain/actor"
)

// TestClaimsBoundToMasterData: a token's instansi claim must be the
// instansi of its subject's employee record; a token of one instansi's
// employee naming another reads and writes nothing there.
func TestClaimsBoundToMasterData(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	golongan := map[string]any{"golongan": "III/c", "tmt": "2025-01-01"}
	// HR of pemkab-bogor claims pemprov-jabar; the pegawai of pemprov-jabar claims pemkab-bogor.
	forged := []struct{ who, tok, target string }{
		{"HR of pemkab-bogor as pemprov-jabar", a.token(t, otherHR, instansi, actor.HR, actor.Admin), pegawai},
		{"an employee of pemprov-jabar as HR of pemkab-bogor", a.token(t, pegawai, otherInst, actor.HR, actor.Admin), otherHR},
		{"an auditor of pemprov-jabar as pemkab-bogor", a.token(t, auditorID, otherInst, actor.Auditor, actor.HR), otherHR},
	}
	for _, f := range forged {
		p := a.denied(t, 403, TypeForbidden, f.who+" reads", "GET", "/v1/employees/"+f.target, f.tok, nil)
		if !strings.Contains(p.Detail, "instansi") {
			t.Errorf("%s: detail %q does not say the instansi does not match", f.who, p.Detail)
		}
		a.denied(t, 403, TypeForbidden, f.who+" writes", "POST", "/v1/employees/"+f.target+"/golongan", f.tok, golongan)
		a.denied(t, 403, TypeForbidden, f.who+" imports", "POST", "/v1/import/employees", f.tok,
			"nip,name\n", "Content-Type", "text/csv")
	}
	stranger := a.token(t, "199912312020121001", instansi, actor.HR)
	a.denied(t, 403, TypeForbidden, "a subject with no employee record", "GET", "/v1/employees/"+pegawai, stranger, nil)

	// The same people with their true instansi are served.
	a.send(t, "GET", "/v1/employees/"+pegawai, tk.hr, nil).must(t, 200, "HR reads in their instansi")
	a.send(t, "GET", "/v1/employees/"+otherHR, tk.otherHR, nil).must(t, 200, "the other HR reads their own instansi")

	// An employee who has left the service is refused from that day on,
	// but for their own evaluations (see TestFormerEmployeeObjectsToLastYear).
	a.send(t, "POST", "/v1/employees/"+rekan+"/leave-service", tk.hr,
		map[string]any{"effective": "2025-01-06", "reason": "pensiun dini"}).must(t, 200, "rekan leaves")
	a.denied(t, 403, TypeForbidden, "a subject who left the service", "GET", "/v1/employees/"+pegawai, tk.rekan, nil)
	a.denied(t, 403, TypeForbidden, "a subject who left the service", "GET", "/v1/policies", tk.rekan, nil)
}

// TestHRDoesNotChangeOwnRecordOverHTTP: HR keeps everyone's record but
// their own; the refusal is a 403 and appends nothing.
func TestHRDoesNotChangeOwnRecordOverHTTP(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	admin := a.token(t, hrNIP, instansi, actor.Admin)
	own := "/v1/employees/" + hrNIP
	for _, tok := range []string{tk.hr, admin} {
		a.denied(t, 403, TypeForbidden, "own golongan", "POST", own+"/golongan", tok, map[string]any{"golongan": "IV/a", "tmt": "2025-01-01"})
		a.denied(t, 403, TypeForbidden, "own jabatan", "POST", own+"/jabatan", tok, map[string]any{"effective": "2025-01-01",
			"jabatan": map[string]any{"kind": "administrasi", "level": "pengawas", "name": "Kepala Subbagian Kepegawaian"}})
		a.denied(t, 403, TypeForbidden, "own reporting line", "POST", own+"/reporting-lines", tok, map[string]any{
			"pejabat_penilai": kepala, "atasan_pejabat_penilai": penilaiB, "effective_from": "2025-01-01", "reason": "struktur"})
	}
	a.send(t, "POST", "/v1/employees/"+rekan+"/golongan", tk.hr, map[string]any{"golongan": "III/b", "tmt": "2025-01-01"}).
		must(t, 200, "HR changes a colleague's golongan")
}

// TestReportingLineAcrossInstansiOverHTTP: an official of another instansi
// needs a documented cross_instansi_reason; without one the official
// answers as a missing one (the command's own check is a 422, see
// adapters/pgstore/usecases).
func TestReportingLineAcrossInstansiOverHTTP(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	line := map[string]any{"pejabat_penilai": penilai, "atasan_pejabat_penilai": otherHR,
		"effective_from": "2025-01-06", "reason": "penugasan"}
	path := "/v1/employees/" + pegawai + "/reporting-lines"
	if p := a.denied(t, 404, TypeNotFound, "an official of another instansi", "POST", path, tk.hr, line); strings.Contains(p.Detail, otherInst) {
		t.Errorf("problem %+v names the other instansi", p)
	}
	line["atasan_pejabat_penilai"], line["cross_instansi_reason"] = "197202022001011005", "Penugasan"
	a.denied(t, 404, TypeNotFound, "a cross-instansi official who does not exist", "POST", path, tk.hr, line)
	line["atasan_pejabat_penilai"] = otherHR
	line["cross_instansi_reason"] = "Penugasan lintas instansi, SK 800/12/2025"
	a.send(t, "POST", path, tk.hr, line).must(t, 200, "with a cross-instansi reason")
	evs := a.stream(t, "employee-"+pegawai)
	if data := string(evs[len(evs)-1].Data); !strings.Contains(data, `"cross_instansi_reason":"Penugasan lintas instansi`) {
		t.Errorf("event %s does not record the reason", data)
	}
}
