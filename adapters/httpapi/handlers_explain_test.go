package httpapi

import (
	"context"
	"github.com/kinerja/kinerja/projections/standings"
	"slices"
	"testing"

	"github.com/kinerja/kinerja/domain/skp"
)

func refPositions(refs []skp.EventRef) []uint64 {
	out := []uint64{}
	for _, r := range refs {
		out = append(out, r.Position)
	}
	return out
}

// TestExplainStandingOverHTTP expands pegawai's standings row: the annual
// predikat rests on the objection decision, after the rating and the
// amendment; the plan on the draft, submission and approval; the Q1
// predikat on the Q1 rating. A corrupted row is reported inconsistent.
func TestExplainStandingOverHTTP(t *testing.T) {
	a, tk, pos := ratedYear(t)
	liveReadModels(t, a)
	const path = "/v1/standings/" + pegawai + "/2025/explain"
	var v standingExplanation
	r := a.send(t, "GET", path, tk.auditor, nil).must(t, 200, "explain")
	r.json(t, &v)
	x := v.Explanation
	if !v.Consistent || v.Standing == nil || v.Projection.Position != a.head(t) || r.header.Get(HeaderProjectionPosition) != u(a.head(t)) {
		t.Fatalf("explanation %+v", v)
	}
	trail := []uint64{}
	for _, c := range x.Annual.Trail {
		trail = append(trail, c.Position)
	}
	plan := []uint64{pos["draft"], pos["submit"], pos["approve"]}
	if x.Annual.SetBy.Position != pos["decide"] || x.Annual.Ratings.Predikat != "sangat_baik" ||
		!slices.Equal(trail, []uint64{pos["rate year"], pos["amend"], pos["decide"]}) ||
		!slices.Equal(refPositions(x.StatusBasis), plan) || !slices.Equal(refPositions(x.Annual.Plan), plan) ||
		!slices.Equal(refPositions(x.Annual.Objection), []uint64{pos["object"]}) {
		t.Errorf("annual basis %+v, status basis %v", x.Annual, refPositions(x.StatusBasis))
	}
	if len(x.Periodic) != 1 || x.Periodic[0].SetBy.Position != pos["rate Q1"] || x.Annual.Evidence[len(x.Annual.Evidence)-1].Position != pos["rate Q1"] {
		t.Errorf("periodic bases %+v, annual evidence %+v", x.Periodic, x.Annual.Evidence)
	}
	decide := x.Annual.SetBy
	if decide.ActorID != kepala || decide.ActorRole != "atasan_pejabat_penilai" || len(decide.Hash) != 64 || decide.EventID == "" {
		t.Errorf("decision cited as %+v", decide)
	}
	csv := parseCSV(t, a.send(t, "GET", path, tk.auditor, nil, "Accept", "text/csv").must(t, 200, "CSV").body)
	if !slices.ContainsFunc(csv, func(row []string) bool { return row[0] == "annual ratings" && row[2] == decide.EventID }) {
		t.Errorf("CSV lacks the decision: %q", csv)
	}

	a.send(t, "GET", path, tk.pegawai, nil).must(t, 200, "own row")
	a.send(t, "GET", path, tk.hr, nil).must(t, 200, "HR of the instansi")
	a.denied(t, 404, TypeNotFound, "colleague", "GET", path, tk.rekan, nil)
	a.denied(t, 404, TypeNotFound, "other HR", "GET", path, tk.otherHR, nil)
	a.denied(t, 404, TypeNotFound, "no SKP", "GET", "/v1/standings/"+pegawai+"/2024/explain", tk.auditor, nil)

	if _, err := a.sc.Pool.Exec(context.Background(), `UPDATE standings SET annual_predikat = 'kurang' WHERE nip = $1`, pegawai); err != nil {
		t.Fatal(err)
	}
	a.send(t, "GET", path, tk.auditor, nil).must(t, 200, "explain").json(t, &v)
	bad := slices.IndexFunc(v.Checks, func(c standings.Check) bool { return !c.Agrees })
	if v.Consistent || bad < 0 || v.Checks[bad] != (standings.Check{Field: "annual_predikat", ReadModel: "kurang", Events: "sangat_baik"}) {
		t.Errorf("checks of a corrupted row: %+v", v.Checks)
	}
}

// TestExplainPromotionOverHTTP expands pegawai's promotion decision: every
// event id of every reason is cited in full from the log, and the year
// whose predikat is used is expanded to the decision it rests on.
func TestExplainPromotionOverHTTP(t *testing.T) {
	a, tk, pos := ratedYear(t)
	liveReadModels(t, a)
	const path = "/v1/promotion-candidates/" + pegawai + "/explain?as_of=2026-03-15"
	var v promotionExplanation
	a.send(t, "GET", path, tk.hr, nil).must(t, 200, "explain").json(t, &v)
	if v.Candidate.NIP != pegawai || len(v.Reasons) != len(v.Candidate.Reasons) || v.Projection.Position != a.head(t) {
		t.Fatalf("explanation %+v", v)
	}
	cited := 0
	for i, r := range v.Reasons {
		ids := v.Candidate.Reasons[i].EventIDs
		if len(r.Events) != len(ids) {
			t.Errorf("reason %q: %d events for ids %v", r.Text, len(r.Events), ids)
			continue
		}
		for j, e := range r.Events {
			if e.EventID != ids[j] || e.Position == 0 || len(e.Hash) != 64 || e.Type == "" || e.ActorID == "" {
				t.Errorf("reason %q cites %+v", r.Text, e)
			}
			cited++
		}
	}
	if cited == 0 {
		t.Fatalf("no event cited: %+v", v.Reasons)
	}
	if len(v.Years) != 1 || v.Years[0].Year != 2025 || v.Years[0].Annual == nil || v.Years[0].Annual.SetBy.Position != pos["decide"] {
		t.Errorf("years %+v", v.Years)
	}
	a.send(t, "GET", path, tk.inspektorat, nil, "Accept", "text/csv").must(t, 200, "CSV")
	var own promotionExplanation
	a.send(t, "GET", path, tk.pegawai, nil).must(t, 200, "the employee's own explanation").json(t, &own)
	if own.Candidate.NIP != pegawai || len(own.Reasons) != len(v.Reasons) {
		t.Errorf("own explanation %+v", own)
	}
	a.denied(t, 403, TypeForbidden, "the pejabat penilai", "GET", path, tk.penilai, nil)
	a.denied(t, 404, TypeNotFound, "a colleague", "GET", path, tk.rekan, nil)
	a.denied(t, 404, TypeNotFound, "other HR", "GET", path, tk.otherHR, nil)
	a.denied(t, 400, TypeValidation, "bad as_of", "GET", "/v1/promotion-candidates/"+pegawai+"/explain?as_of=soon", tk.hr, nil)
}
