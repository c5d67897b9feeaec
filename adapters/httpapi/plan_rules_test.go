package httpapi

import (
	"strings"
	"testing"

	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/performance"
)

// TestApprovalNeedsThePenilaisExpectations: a plan without the pejabat
// penilai's expectations for all seven BerAKHLAK values cannot be
// approved; only the penilai in force sets them; with all seven it can.
func TestApprovalNeedsThePenilaisExpectations(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "draft")
	a.send(t, "POST", skpPath+"/submit", tk.pegawai, nil).must(t, 200, "submit")

	p := a.send(t, "POST", skpPath+"/approve", tk.penilai, nil).must(t, 422, "approve with the employee's perilaku only").problem(t)
	if p.Code != "skp.expectations_missing" || !strings.Contains(p.Detail, "berorientasi_pelayanan") {
		t.Fatalf("problem %+v", p)
	}
	six := expectations()
	six["expectations"] = six["expectations"].([]any)[:6]
	a.send(t, "PUT", skpPath+"/expectations", tk.penilai, six).must(t, 200, "six expectations")
	p = a.send(t, "POST", skpPath+"/approve", tk.penilai, nil).must(t, 422, "approve with six").problem(t)
	if p.Code != "skp.expectations_missing" || !strings.Contains(p.Detail, "kolaboratif") || strings.Contains(p.Detail, "loyal") {
		t.Fatalf("problem %+v does not name exactly the missing value", p)
	}
	a.denied(t, 403, TypeForbidden, "the employee sets their own expectations", "PUT", skpPath+"/expectations", tk.pegawai, expectations())
	a.denied(t, 404, TypeNotFound, "another unit's head sets them", "PUT", skpPath+"/expectations", tk.penilaiB, expectations())
	a.denied(t, 403, TypeForbidden, "HR of another instansi sets them", "PUT", skpPath+"/expectations", tk.otherHR, expectations())
	bad := map[string]any{"expectations": []any{map[string]any{"value": "disiplin", "expectation": "x"}}}
	if p := a.send(t, "PUT", skpPath+"/expectations", tk.penilai, bad).must(t, 400, "not a BerAKHLAK value").problem(t); !strings.Contains(p.Detail, "expectations[0].value") {
		t.Fatalf("problem %+v does not name the field", p)
	}

	a.send(t, "PUT", skpPath+"/expectations", tk.penilai, expectations()).must(t, 200, "all seven")
	a.send(t, "POST", skpPath+"/approve", tk.penilai, nil).must(t, 200, "approve")
	var v skpView
	a.send(t, "GET", skpPath, tk.pegawai, nil).must(t, 200, "get").json(t, &v)
	if len(v.Expectations) != 7 || len(v.ExpectationsMissing) != 0 || v.ExpectationsLegacy || v.Expectations[0].By.NIP != penilai {
		t.Fatalf("SKP view expectations %+v, missing %v, legacy %v", v.Expectations, v.ExpectationsMissing, v.ExpectationsLegacy)
	}
	a.send(t, "PUT", skpPath+"/expectations", tk.penilai, expectations()).must(t, 422, "after approval")
}

// TestRHKMustCascade: under a policy that checks the cascade, an RHK must
// support an RHK of the pejabat penilai's approved SKP, and a head's RHK an
// item of the unit's work plan; otherwise the draft is refused with the
// field named.
func TestRHKMustCascade(t *testing.T) {
	strict := performance.DefaultPolicy()
	strict.CascadeCheck = performance.CascadePenilaiSKP
	a := newAPIServerWith(t, backendPostgres, func(c *command.ServiceConfig) {
		c.Policies = map[string]performance.Policy{strict.Version: strict}
	})
	tk := a.seed(t)
	penilaiPath := "/v1/skp/" + penilai + "/2025"
	headPlan := func(supports string) map[string]any {
		p := plan(10)
		rhk := p["rhk"].([]any)[0].(map[string]any)
		rhk["id"], rhk["supports"] = "rhk-kepala-1", supports
		return map[string]any{"head": true, "plan": p}
	}
	refused := func(what, path, tok string, body any, field string) {
		t.Helper()
		p := a.send(t, "POST", path, tok, body).must(t, 422, what).problem(t)
		if p.Code != "skp.not_cascaded" || len(p.Errors) != 1 || p.Errors[0].Field != field {
			t.Fatalf("%s: problem %+v, want skp.not_cascaded on %s", what, p, field)
		}
	}
	refused("head's draft before the unit has a work plan", penilaiPath, tk.penilai, headPlan("pk-1"), "rhk[0].supports")
	a.send(t, "PUT", "/v1/units/bidang-a/work-plans/2025", tk.hr,
		map[string]any{"items": []any{map[string]any{"id": "pk-1", "text": "Kurikulum daerah"}}}).must(t, 200, "work plan")
	a.denied(t, 403, TypeForbidden, "the employee sets a work plan", "PUT", "/v1/units/bidang-a/work-plans/2025", tk.pegawai,
		map[string]any{"items": []any{map[string]any{"id": "x", "text": "y"}}})
	refused("head's RHK outside the work plan", penilaiPath, tk.penilai, headPlan("pk-9"), "rhk[0].supports")
	a.send(t, "POST", penilaiPath, tk.penilai, headPlan("pk-1")).must(t, 201, "head's draft")

	refused("before the penilai's SKP is approved", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}, "rhk[0].supports")
	a.send(t, "POST", penilaiPath+"/submit", tk.penilai, nil).must(t, 200, "submit penilai")
	a.send(t, "PUT", penilaiPath+"/expectations", tk.kepala, expectations()).must(t, 200, "kepala's expectations")
	a.send(t, "POST", penilaiPath+"/approve", tk.kepala, nil).must(t, 200, "approve penilai")

	a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "supports rhk-kepala-1")
	wrong := plan(10)
	wrong["rhk"] = append(wrong["rhk"].([]any), map[string]any{"id": "rhk-2", "kind": "tambahan", "text": "Lain",
		"supports": "rhk-tidak-ada", "iki": []any{map[string]any{"id": "iki-2", "text": "Dokumen", "aspek": "kuantitas",
			"target": map[string]any{"kind": "quantitative", "quantity": 1, "unit": "dokumen"}}}})
	refused("a non-existent superior RHK", rekanPath, tk.rekan, map[string]any{"plan": wrong}, "rhk[1].supports")
	refused("an edit naming a non-existent superior RHK", skpPath+"/plan", tk.pegawai, map[string]any{"plan": wrong}, "rhk[1].supports")
}

// TestOnlyAJPTDraftsAJPTSKP: the JPT form was self-declared: a pelaksana
// drafted with "jpt": true (and the perspektif that go with it), and a JPT
// without it (no perspektif).
func TestOnlyAJPTDraftsAJPTSKP(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	p := a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"jpt": true, "plan": plan(10)}).must(t, 400, "a pelaksana's JPT draft").problem(t)
	if !strings.Contains(p.Detail, "not a jabatan pimpinan tinggi") {
		t.Errorf("a pelaksana's JPT draft: %+v", p)
	}
	a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "the pelaksana's own draft")

	// Nor may a JPT leave the form (and its perspektif) out.
	kepalaPath := "/v1/skp/" + kepala + "/2025"
	p = a.send(t, "POST", kepalaPath, tk.kepala, map[string]any{"plan": plan(10)}).must(t, 400, "a JPT's draft without the JPT form").problem(t)
	if len(p.Errors) != 1 || p.Errors[0].Field != "jpt" || !strings.Contains(p.Errors[0].Message, "takes the JPT form") {
		t.Errorf("a JPT's draft without the JPT form: %+v", p)
	}
	jpt := plan(10)
	jpt["rhk"].([]any)[0].(map[string]any)["perspektif"] = "penerima_layanan"
	a.send(t, "POST", kepalaPath, tk.kepala, map[string]any{"jpt": true, "plan": jpt}).must(t, 201, "the JPT's draft in the JPT form")
}

// TestAnInvalidPlanNamesTheField: a plan refused by the domain's checks
// answered one text ("draft skp …: invalid SKP command: rhk[0]…") and no
// field errors; the field and its own message are now in errors.
func TestAnInvalidPlanNamesTheField(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	p := plan(10)
	iki := p["rhk"].([]any)[0].(map[string]any)["iki"].([]any)[0].(map[string]any)
	iki["target"] = map[string]any{"kind": "quantitative", "quantity": 1e16, "unit": "modul"}
	pr := a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": p}).must(t, 400, "a target past 10^15").problem(t)
	if len(pr.Errors) != 1 || !strings.HasSuffix(pr.Errors[0].Field, ".target") || pr.Errors[0].Message != "a quantity of at most 1e+15" {
		t.Errorf("a target past 10^15: %+v", pr)
	}
}
