package httpapi

import (
	"context"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/performance"

	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/unitreport"
)

// approvedPlan takes the 2025 SKP at path to approval.
func approvedPlan(t *testing.T, a *apiServer, path, own, penilaiTok string) {
	t.Helper()
	a.clock.Set(day(1, 7))
	a.send(t, "POST", path, own, map[string]any{"plan": plan(10)}).must(t, 201, "draft")
	a.send(t, "POST", path+"/submit", own, nil).must(t, 200, "submit")
	a.send(t, "PUT", path+"/expectations", penilaiTok, expectations()).must(t, 200, "expectations")
	a.send(t, "POST", path+"/approve", penilaiTok, nil).must(t, 200, "approve")
}

// hintOf decodes the distribution hint of a write response.
func hintOf(t *testing.T, r response) *distributionHint {
	t.Helper()
	var w writeResponse
	r.json(t, &w)
	return w.DistributionHint
}

// TestRatingResponseCarriesDistributionHint rates in bidang-a (pegawai,
// rekan, penilai), whose organisation predikat for 2025 is butuh_perbaikan
// (butuh_perbaikan ≥ 60%, sangat_baik ≤ 10%): rekan's butuh_perbaikan
// keeps the unit within the pattern, pegawai's sangat_baik takes it out,
// and the response says so without blocking the rating, under the policy
// the organisation predikat recorded, as the unit report checks it, even
// after another was adopted. A window's rating
// is counted against no pattern (none set for the window); a server
// without read models gives no hint.
func TestRatingResponseCarriesDistributionHint(t *testing.T) {
	a := newAPIServer(t)
	a.clock.Set(day(1, 5))
	tk := a.seed(t)
	a.send(t, "POST", "/v1/units/bidang-a/organisation-predikat", tk.kepala,
		map[string]any{"year": 2025, "period": "2025", "predikat": "butuh_perbaikan"}).must(t, 200, "organisation predikat")
	approvedPlan(t, a, rekanPath, tk.rekan, tk.penilai)
	approvedPlan(t, a, skpPath, tk.pegawai, tk.penilai)

	a.clock.Set(day(4, 3))
	rebuildReadModels(t, a, unitreport.New())
	q1 := hintOf(t, a.send(t, "POST", skpPath+"/windows/1/ratings", tk.penilai,
		map[string]any{"hasil": "di_atas_ekspektasi", "perilaku": "di_atas_ekspektasi", "note": "Tanpa realisasi: cuti"}).must(t, 201, "rate Q1"))
	if q1 == nil || q1.Period != "2025-Q1" || q1.Unit != "bidang-a" || q1.Checked || q1.LeavesPattern ||
		q1.WithRating.Rated != 1 || q1.WithRating.Counts[0].Count != 1 || q1.Projection.Projection != unitreport.Name {
		t.Errorf("Q1 hint %+v", q1)
	}

	// A policy adopted after the organisation predikat allows the spread
	// below; the unit report checks under the version the predikat
	// recorded (the built-in), and so must the hint.
	a.clock.Set(day(11, 30))
	lenient := performance.DefaultPolicy()
	lenient.Version = "pemprov-jabar/2025-desember"
	lenient.Distribution[performance.OrgButuhPerbaikan] = []performance.ShareRule{
		{Rule: performance.RuleMinShare, Predikats: []performance.Predikat{performance.ButuhPerbaikan}, Share: 0.5},
		{Rule: performance.RuleMaxShare, Predikats: []performance.Predikat{performance.SangatBaik}, Share: 0.5}}
	a.send(t, "POST", "/v1/policies", a.token(t, hrNIP, instansi, actor.Admin),
		map[string]any{"from": "2025-12-01", "reason": "Perkada", "policy": lenient}).must(t, 201, "adopt")

	a.clock.Set(day(12, 31))
	rebuildReadModels(t, a, unitreport.New())
	first := hintOf(t, a.send(t, "POST", rekanPath+"/annual-rating", tk.penilai,
		map[string]any{"hasil": "di_bawah_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Tanpa realisasi"}).must(t, 201, "rate rekan"))
	if first == nil || !first.Checked || first.OrganisationPredikat == nil || *first.OrganisationPredikat != "butuh_perbaikan" ||
		first.Now.Rated != 0 || first.WithRating.Rated != 1 || !first.WithRating.WithinPattern || first.LeavesPattern || first.NIP != rekan {
		t.Errorf("rekan's hint %+v", first)
	}
	rebuildReadModels(t, a, unitreport.New())
	r := a.send(t, "POST", skpPath+"/annual-rating", tk.penilai,
		map[string]any{"hasil": "di_atas_ekspektasi", "perilaku": "di_atas_ekspektasi", "note": "Luar biasa"}).must(t, 201, "rate pegawai")
	leaves := hintOf(t, r)
	if leaves == nil || !leaves.LeavesPattern || !leaves.Now.WithinPattern || leaves.WithRating.WithinPattern ||
		leaves.Now.Rated != 1 || leaves.WithRating.Rated != 2 || len(leaves.WithRating.Violations) != 2 || leaves.Predikat != "sangat_baik" ||
		leaves.PolicyVersion != performance.DefaultPolicyVersion {
		body, _ := json.Marshal(leaves)
		t.Errorf("pegawai's hint %s, want the unit to leave the pattern", body)
	}

	bare := newAPIServer(t, func(api *API, _ *pgtest.Schema) { api.ReadModels = nil })
	bare.clock.Set(day(1, 5))
	btk := bare.seed(t)
	approvedPlan(t, bare, skpPath, btk.pegawai, btk.penilai)
	bare.clock.Set(day(12, 31))
	var raw map[string]any
	bare.send(t, "POST", skpPath+"/annual-rating", btk.penilai,
		map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Tanpa realisasi"}).must(t, 201, "rate without read models").json(t, &raw)
	if _, ok := raw["distribution_hint"]; ok {
		t.Errorf("a hint without read models: %v", raw)
	}
}

// TestReadSideUsesThePolicyOfTheInstansiDay: the distribution hint of a
// rating and the unit report's distribution check use the policy in force
// on the instansi's day, as the rating itself does. At 00:30 WIB on the day
// a policy takes effect the server's clock (UTC, as time.Now is on a server)
// still tells the day before: the rating recorded the new version while the
// hint and the report checked under the old one, for the first seven hours
// of that day.
func TestReadSideUsesThePolicyOfTheInstansiDay(t *testing.T) {
	a := newAPIServer(t)
	a.clock.Set(day(1, 5))
	tk := a.seed(t)
	admin := a.token(t, hrNIP, instansi, actor.Admin)
	approvedPlan(t, a, skpPath, tk.pegawai, tk.penilai)

	a.clock.Set(day(12, 30))
	p := performance.DefaultPolicy()
	p.Version = "pemprov-jabar/2025-akhir"
	a.send(t, "POST", "/v1/policies", admin, map[string]any{"from": "2025-12-31", "reason": "Perkada", "policy": p}).must(t, 201, "adopt")

	a.clock.Set(time.Date(2025, 12, 30, 17, 30, 0, 0, time.UTC)) // 31 December, 00:30 WIB
	rebuildReadModels(t, a, unitreport.New())
	r := a.send(t, "POST", skpPath+"/annual-rating", tk.penilai,
		map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Tanpa realisasi"}).must(t, 201, "rate")
	w := written(t, r)
	state, err := a.svc.SKP(context.Background(), pegawai, 2025)
	if err != nil {
		t.Fatal(err)
	}
	if recorded, ok := state.RatingPolicyVersion(0); !ok || recorded != p.Version {
		t.Fatalf("the rating recorded policy %q, want %q", recorded, p.Version)
	}
	if h := hintOf(t, r); h == nil || h.PolicyVersion != p.Version {
		t.Errorf("hint %+v, want it checked under %s, the policy in force on the instansi's day", h, p.Version)
	}
	// The read model is rebuilt with the rating, so that min_position is
	// reached at once (no projection runs here: it waited out 5 s).
	rebuildReadModels(t, a, unitreport.New())
	var rep unitReportView
	a.send(t, "GET", "/v1/units/bidang-a/report?year=2025&min_position="+strconv.FormatUint(w.Position, 10), tk.hr, nil).
		must(t, 200, "unit report").json(t, &rep)
	if !rep.Projection.Reached {
		t.Fatalf("unit report at %+v, want the rating's position %d reached", rep.Projection, w.Position)
	}
	if rep.Distribution.PolicyVersion != p.Version {
		t.Errorf("unit report checked under %q, want %s", rep.Distribution.PolicyVersion, p.Version)
	}
}
