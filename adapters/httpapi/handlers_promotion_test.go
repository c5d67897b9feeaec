package httpapi

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/projections/promotion"
)

// Two Ahli Pertama in rank III/a since 2021-04-01, evaluated in 2024 and
// 2025 through the API: DOMAIN.md cases 6, 7 and 8.
const (
	ahliA = "199101012019031001" // baik in 2024, sangat_baik in 2025: eligible (case 7), AK 18.75 in 2025 (case 6)
	ahliB = "199202022019032002" // baik in 2024, butuh_perbaikan in 2025: not eligible (case 8)
)

const ahliCSV = `nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt
199101012019031001,Andi Ahli,pns,pemprov-jabar,bidang-a,fungsional_keahlian,ahli_pertama,Analis Kebijakan Ahli Pertama,III/a,2021-04-01
199202022019032002,Bunga Ahli,pns,pemprov-jabar,bidang-a,fungsional_keahlian,ahli_pertama,Analis Kebijakan Ahli Pertama,III/a,2021-04-01
`

const ahliLinesCSV = `nip,pejabat_penilai,atasan_pejabat_penilai,effective_from,acting,reason
199101012019031001,197505052001012002,197001012000011001,2024-01-01,no,struktur 2024
199202022019032002,197505052001012002,197001012000011001,2024-01-01,no,struktur 2024
`

// evaluateYear takes nip's SKP of year from draft to the annual rating
// (hasil, perilaku) and returns the annual rating's write response.
func (rs *readServer) evaluateYear(t *testing.T, nip string, year int, hasil, perilaku string) writeResponse {
	t.Helper()
	at := func(m time.Month, d int) { rs.clock.Set(time.Date(year, m, d, 10, 0, 0, 0, wib)) }
	at(time.January, 6)
	own := rs.token(t, nip, instansi, actor.Pegawai)
	boss := rs.token(t, penilai, instansi, actor.Pegawai, actor.PejabatPenilai)
	path := "/v1/skp/" + nip + "/" + u(uint64(year))
	rs.send(t, "POST", path, own, map[string]any{"plan": plan(10)}).must(t, 201, "draft")
	rs.send(t, "POST", path+"/submit", own, nil).must(t, 200, "submit")
	rs.send(t, "PUT", path+"/expectations", boss, expectations()).must(t, 200, "expectations")
	rs.send(t, "POST", path+"/approve", boss, nil).must(t, 200, "approve")
	at(time.December, 31)
	r := rs.send(t, "POST", path+"/annual-rating", boss, map[string]any{"hasil": hasil, "perilaku": perilaku, "note": "Tahunan"})
	return written(t, r.must(t, 201, "annual rating"))
}

// twoAhliYears seeds the fixture in January 2024 with the two Ahli
// Pertama, opens 2024, and evaluates both years. It returns the annual
// rating event id by NIP and year, and the last write's position.
func twoAhliYears(t *testing.T, rs *readServer) (map[string]string, uint64) {
	t.Helper()
	rs.clock.Set(time.Date(2024, 1, 5, 10, 0, 0, 0, wib))
	tk := rs.seed(t)
	for _, f := range []struct{ kind, csv string }{{"employees", ahliCSV}, {"reporting-lines", ahliLinesCSV}} {
		rs.send(t, "POST", "/v1/import/"+f.kind, tk.hr, f.csv, "Content-Type", "text/csv").must(t, 200, "import "+f.kind)
	}
	rs.send(t, "POST", "/v1/periods", tk.hr, map[string]any{"instansi": instansi, "year": 2024, "frequency": "quarterly"}).
		must(t, 201, "open 2024")
	const atas, sesuai, bawah = "di_atas_ekspektasi", "sesuai_ekspektasi", "di_bawah_ekspektasi"
	ids := map[string]string{}
	var last writeResponse
	for _, y := range []struct {
		nip            string
		year           int
		hasil, perilak string
	}{{ahliA, 2024, sesuai, sesuai}, {ahliB, 2024, sesuai, sesuai}, {ahliA, 2025, atas, atas}, {ahliB, 2025, bawah, atas}} {
		last = rs.evaluateYear(t, y.nip, y.year, y.hasil, y.perilak)
		ids[y.nip+"/"+u(uint64(y.year))] = last.EventIDs[0]
	}
	return ids, last.Position
}

// TestPromotionReferenceCasesOverHTTP checks DOMAIN.md cases 6, 7 and 8 as
// HR sees them in GET /v1/promotion-candidates: eligibility on 1 April
// 2026, every reason linked to the events it rests on (the registration
// for the rank, each year's annual rating), and the angka kredit per year.
func TestPromotionReferenceCasesOverHTTP(t *testing.T) {
	rs := newReadServer(t, 10*time.Second)
	rs.startProjections(t)
	ids, last := twoAhliYears(t, rs)
	rs.clock.Set(time.Date(2026, 3, 15, 10, 0, 0, 0, wib))
	hr := rs.token(t, hrNIP, instansi, actor.HR)

	var page candidatesPage
	r := rs.get(t, "/v1/promotion-candidates?unit=bidang-a&as_of=2026-03-15&min_position="+u(last), hr, &page)
	if !page.Projection.Reached || page.Projection.Position < last || projectionPosition(t, r) != page.Projection.Position ||
		page.Projection.Projection != promotion.Name || page.AsOf != "2026-03-15" || page.PolicyVersion == "" {
		t.Fatalf("page header %+v", page)
	}
	byNIP := map[string]promotion.Candidate{}
	for _, c := range page.Items {
		byNIP[c.NIP] = c
	}
	a, b := byNIP[ahliA], byNIP[ahliB]
	if !a.Eligible || b.Eligible || a.NextDate.Format(time.DateOnly) != "2026-04-01" {
		t.Fatalf("A eligible %v (next %s), B eligible %v; reasons A %+v, B %+v", a.Eligible, a.NextDate, b.Eligible, a.Reasons, b.Reasons)
	}
	for _, c := range []struct {
		nip  string
		cand promotion.Candidate
		ak25 float64
		pred string
	}{{ahliA, a, 18.75, "sangat_baik"}, {ahliB, b, 9.375, "butuh_perbaikan"}} {
		checkReasons(t, rs, c.cand, ids)
		want := []promotion.Credit{
			{Year: 2024, Predikat: "baik", AngkaKredit: 12.5, Parts: wholeYear(12.5), PolicyVersion: dv, EventID: ids[c.nip+"/2024"]},
			{Year: 2025, Predikat: c.pred, AngkaKredit: c.ak25, Parts: wholeYear(c.ak25), PolicyVersion: dv, EventID: ids[c.nip+"/2025"]},
		}
		if diff := cmp.Diff(want, c.cand.AngkaKredit); diff != "" {
			t.Errorf("angka kredit of %s (-want +got):\n%s", c.nip, diff)
		}
	}
	if !strings.Contains(b.Reasons[3].Text, "butuh_perbaikan") {
		t.Errorf("B's 2025 reason %q does not name butuh_perbaikan", b.Reasons[3].Text)
	}

	var only candidatesPage
	rs.get(t, "/v1/promotion-candidates?eligible_only=true&as_of=2026-03-15", hr, &only)
	if len(only.Items) != 1 || only.Total != 1 || only.Items[0].NIP != ahliA {
		t.Errorf("eligible only: %+v", only.Items)
	}
	// In 2025 the years considered are 2023 and 2024: nobody is eligible.
	rs.get(t, "/v1/promotion-candidates?eligible_only=1&as_of=2025-06-01", hr, &only)
	if len(only.Items) != 0 {
		t.Errorf("eligible on 2025-06-01: %+v", only.Items)
	}
	checkCandidatesCSV(t, rs, hr, ids)
}

// checkReasons checks that every reason of c rests on events: the rank's
// on the employee's registration, each year's on its annual rating.
func checkReasons(t *testing.T, rs *readServer, c promotion.Candidate, ids map[string]string) {
	t.Helper()
	registered := rs.stream(t, employee.Stream(c.NIP))[0].ID
	want := [][]string{{registered}, {registered}, {ids[c.NIP+"/2024"]}, {ids[c.NIP+"/2025"]}}
	var got [][]string
	for _, r := range c.Reasons {
		got = append(got, r.EventIDs)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("event ids of %s's reasons %+v (-want +got):\n%s", c.NIP, c.Reasons, diff)
	}
}

// checkCandidatesCSV checks the CSV export sorted by eligibility.
func checkCandidatesCSV(t *testing.T, rs *readServer, hr string, ids map[string]string) {
	t.Helper()
	r := rs.get(t, "/v1/promotion-candidates?as_of=2026-03-15&sort=-eligible&limit=2", hr, nil, "Accept", "text/csv")
	rows := parseCSV(t, r.body)
	if len(rows) != 3 || r.header.Get("X-Total-Count") != "10" || r.header.Get(HeaderProjectionPosition) == "" {
		t.Fatalf("CSV %v with headers %v", rows, r.header)
	}
	a := rows[1]
	if a[0] != ahliA || a[6] != "true" || a[7] != "2026-04-01" || !strings.Contains(a[9], ids[ahliA+"/2025"]) ||
		!strings.Contains(a[10], "2025:sangat_baik:18.75") || !slices.Contains(strings.Split(a[11], " | "), ids[ahliA+"/2025"]) {
		t.Errorf("A's CSV row %q", a)
	}
	// The workbook, with its Indonesian headers, gave the reasons under
	// "Alasan" in English only ("rank III/a can be promoted to III/b");
	// the console shows them in Indonesian (text_id).
	x := rs.get(t, "/v1/promotion-candidates?as_of=2026-03-15&sort=-eligible&limit=2&format=xlsx", hr, nil)
	f := openXLSX(t, x.body)
	xrows, err := f.GetRows(xlsxSheet)
	if err != nil || len(xrows) != 3 {
		t.Fatalf("XLSX rows %v %v", xrows, err)
	}
	col := slices.Index(xrows[0], "Alasan")
	if col < 0 || col >= len(xrows[1]) || !strings.Contains(xrows[1][col], "dapat naik ke") || !strings.Contains(xrows[1][col], "predikat tahunan 2025") {
		t.Errorf("XLSX header %q, A's row %q: want the reasons in Indonesian under Alasan", xrows[0], xrows[1])
	}
}

// TestPromotionCandidatesRejectsAndForbids checks the 400s and 403s.
func TestPromotionCandidatesRejectsAndForbids(t *testing.T) {
	rs := newReadServer(t, time.Second)
	tk := rs.seed(t)
	for q, field := range map[string]string{"as_of=15-03-2026": "as_of", "eligible_only=ya": "eligible_only",
		"sort=salary": "sort", "limit=5000": "limit", "golongan=III/a": "golongan",
		// The next promotion date fell in year 10000, which JSON cannot
		// carry: a plain-text 500.
		"as_of=9999-12-31": "as_of", "as_of=1969-12-31": "as_of",
		// Was a 200 with an empty list.
		"unit=" + strings.Repeat("u", 20000): "unit"} {
		p := rs.denied(t, 400, TypeValidation, q, "GET", "/v1/promotion-candidates?"+q, tk.hr, nil)
		if len(p.Errors) != 1 || p.Errors[0].Field != field {
			t.Errorf("?%s: field errors %+v, want one for %s", q, p.Errors, field)
		}
	}
	rs.denied(t, 403, TypeForbidden, "pegawai", "GET", "/v1/promotion-candidates", tk.pegawai, nil)
	rs.denied(t, 403, TypeForbidden, "other instansi", "GET", "/v1/promotion-candidates?instansi=pemkab-bogor", tk.hr, nil)
	rs.denied(t, 403, TypeForbidden, "HR of another instansi", "GET", "/v1/promotion-candidates?instansi="+instansi, tk.otherHR, nil)
	for _, tok := range []string{tk.kepala, tk.auditor, tk.inspektorat} {
		rs.get(t, "/v1/promotion-candidates", tok, nil)
	}
}
