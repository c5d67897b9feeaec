package main

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestConsoleInChromium signs in to the web console of "kinerja demo" in a
// real headless Chromium once per role through the printed sign-in links,
// opens every page of the role, checks what it shows against the API,
// clicks through filters, downloads the CSV and XLSX and parses them, and saves a
// screenshot of each page under the test's artifacts (go test -artifacts
// keeps them; -update-screenshots also writes the README's two to docs/img).
// An employee's browser shows other people's pages as forbidden.
func TestConsoleInChromium(t *testing.T) {
	t.Parallel()
	browser := newBrowser(t)
	d := startConsoleDemo(t)
	dir := t.ArtifactDir()
	nips := demoNIPs(t, d.out)
	year := time.Now().Year() - 1
	t.Run("pegawai", func(t *testing.T) { consolePegawai(t, d, d.signIn(t, browser, "pegawai", dir), nips, year) })
	t.Run("penilai", func(t *testing.T) { consolePenilai(t, d, d.signIn(t, browser, "penilai", dir)) })
	t.Run("hr", func(t *testing.T) { consoleHR(t, d, d.signIn(t, browser, "hr", dir), year) })
	t.Run("auditor", func(t *testing.T) { consoleAuditor(t, d, d.signIn(t, browser, "auditor", dir), nips, year) })
	t.Run("inspektorat", func(t *testing.T) { consoleInspektorat(t, d, d.signIn(t, browser, "inspektorat", dir)) })
	// Last: it adds an SKP of this year, which the pages above do not expect.
	t.Run("persetujuan", func(t *testing.T) {
		consoleApproval(t, d, d.signIn(t, browser, "pegawai", dir), d.signIn(t, browser, "penilai", dir), nips)
	})
}

// consoleApproval: the employee submits this year's plan from their SKP
// page, the penilai follows the worklist's task to the SKP and approves it
// with the page's form, and the employee sees it approved. (The draft and
// the penilai's expectations are made through the API.)
func consoleApproval(t *testing.T, d consoleDemo, pegawai, penilai *tab, nips map[string]string) {
	me, year := nips["TOKEN_PEGAWAI"], time.Now().Year()
	skp := fmt.Sprintf("/v1/skp/%s/%d", me, year)
	page := fmt.Sprintf("/pegawai/%s/skp?tahun=%d", me, year)
	d.send(t, "TOKEN_PEGAWAI", "POST", skp, map[string]any{"plan": demoPlan(0)}, 201)
	pegawai.open(d.base, page, "skp-draf")
	pegawai.click(`#aksi-ajukan button`)
	pegawai.settle("skp-diajukan")
	if got := eval[string](pegawai, `document.querySelector('[data-field=status]').dataset.value`); got != "submitted" {
		t.Fatalf("after the submit form the status is %q, want submitted", got)
	}
	es := []map[string]string{}
	for _, v := range demoExpectations() {
		es = append(es, map[string]string{"value": string(v.Value), "expectation": v.Expectation})
	}
	d.send(t, "TOKEN_PENILAI", "PUT", skp+"/expectations", map[string]any{"expectations": es}, 200)
	// The worklist is a projection: wait until it has the task.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(200 * time.Millisecond) {
		wl := d.api(t, "TOKEN_PENILAI", "/v1/me/worklist?kind=plan_approval")
		if len(wl["tasks"].([]any)) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the penilai's worklist has no plan_approval task after a minute")
		}
	}
	penilai.open(d.base, "/penilai", "daftar-kerja-persetujuan")
	penilai.click(fmt.Sprintf(`a[data-task=plan_approval][href^="/pegawai/%s/"]`, me))
	penilai.settle("skp-untuk-disetujui")
	penilai.click(`#aksi-setujui button`)
	penilai.settle("skp-disetujui-penilai")
	penilai.wantURL("selesai=setujui")
	if got := eval[string](penilai, `document.querySelector('#pesan').textContent`); !strings.Contains(got, "disetujui") {
		t.Errorf("the penilai's confirmation reads %q", got)
	}
	st, _ := pegawai.open(d.base, page, "skp-disetujui")
	if got := eval[string](pegawai, `document.querySelector('[data-field=status]').dataset.value`); st != 200 || got != "approved" {
		t.Errorf("the employee's page: %d, status %q, want approved", st, got)
	}
	if api := d.api(t, "TOKEN_PEGAWAI", skp)["status"]; api != "approved" {
		t.Errorf("the API has the SKP %v, want approved", api)
	}
}

// demoNIPs reads the NIP printed beside each token variable.
func demoNIPs(t *testing.T, out string) map[string]string {
	nips := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^export (TOKEN_\w+)=\S+\s+#.*, (\d{18})$`).FindAllStringSubmatch(out, -1) {
		nips[m[1]] = m[2]
	}
	if len(nips) != 7 {
		t.Fatalf("demo printed %d NIPs beside its tokens, want 7", len(nips))
	}
	return nips
}

// wantPage fails unless the page answered status with heading h1.
func wantPage(t *testing.T, path string, status int, h1 string, gotStatus int, gotH1 string) {
	t.Helper()
	if gotStatus != status || !strings.HasPrefix(gotH1, h1) {
		t.Errorf("%s: %d %q, want %d %q", path, gotStatus, gotH1, status, h1)
	}
}

func consolePegawai(t *testing.T, d consoleDemo, tb *tab, nips map[string]string, year int) {
	me := nips["TOKEN_PEGAWAI"]
	st, h1 := tb.open(d.base, "/saya", "skp")
	skp := d.api(t, "TOKEN_PEGAWAI", fmt.Sprintf("/v1/skp/%s/%d", me, year))
	wantPage(t, "/saya", 200, "SKP ", st, h1)
	if got := eval[string](tb, `document.querySelector('[data-field=status]').dataset.value`); got != skp["status"] {
		t.Errorf("SKP status %q, API %q", got, skp["status"])
	}
	annual := skp["annual_ratings"].(map[string]any)["predikat"]
	if got := eval[string](tb, `document.querySelector('[data-field=annual-predikat]').dataset.value`); got != annual {
		t.Errorf("annual predikat %q, API %q", got, annual)
	}
	fb := skp["feedback"].([]any)
	if got := eval[int](tb, `document.querySelectorAll('[data-feedback]').length`); got != len(fb) {
		t.Errorf("%d feedback notes shown, API has %d", got, len(fb))
	}
	body := eval[string](tb, `document.querySelector('main').innerText`)
	for _, f := range fb {
		if text := f.(map[string]any)["text"].(string); !strings.Contains(body, text) {
			t.Errorf("the SKP page lacks the feedback %q", text)
		}
	}
	if got, want := eval[int](tb, `document.querySelectorAll('[data-due]').length`), len(skp["due"].([]any)); got != want {
		t.Errorf("%d due items shown, API has %d", got, want)
	}
	tb.click(`a[href$="/riwayat"]`)
	h1 = tb.settle("riwayat")
	hist := d.api(t, "TOKEN_PEGAWAI", "/v1/employees/"+me+"/history")
	if got := eval[int](tb, `document.querySelectorAll('tr[data-year]').length`); !strings.HasPrefix(h1, "Riwayat") || got != len(hist["years"].([]any)) {
		t.Errorf("history page %q shows %d years, API has %d", h1, got, len(hist["years"].([]any)))
	}
	for i, p := range []string{fmt.Sprintf("/pegawai/%s/skp?tahun=%d", nips["TOKEN_PENILAI"], year), "/pegawai/" + nips["TOKEN_HR"] + "/riwayat", "/sdm/peringkat", "/audit/jejak?nip=" + nips["TOKEN_PENILAI"] + "&tahun=" + strconv.Itoa(year), "/replay"} {
		st, h1 := tb.open(d.base, p, "ditolak-"+strconv.Itoa(i+1))
		wantPage(t, p, http.StatusForbidden, "Akses ditolak", st, h1)
	}
	tb.viewport(390, 844)
	tb.open(d.base, "/saya", "skp-ponsel")
	tb.viewport(1366, 768)
}

func consolePenilai(t *testing.T, d consoleDemo, tb *tab) {
	st, h1 := tb.open(d.base, "/penilai", "daftar-kerja")
	wantPage(t, "/penilai", 200, "Daftar kerja", st, h1)
	wl := d.api(t, "TOKEN_PENILAI", "/v1/me/worklist")
	var want []string
	for _, e := range wl["evaluatees"].([]any) {
		want = append(want, e.(map[string]any)["nip"].(string))
	}
	got := eval[[]string](tb, `[...document.querySelectorAll('li[data-nip]')].map(e => e.dataset.nip)`)
	slices.Sort(want)
	slices.Sort(got)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Fatalf("evaluatees shown %v, API %v", got, want)
	}
	tb.click(`li[data-nip] a`)
	if h1 := tb.settle("skp-dinilai"); !strings.HasPrefix(h1, "SKP ") {
		t.Errorf("the evaluatee's link opened %q, want their SKP", h1)
	}
	// The history is the employee's and the reading roles': no link to a
	// page that answers 403 (there was one).
	if n := eval[int](tb, `document.querySelectorAll('a[href$="/riwayat"]').length`); n != 0 {
		t.Errorf("the evaluatee's SKP links to their history %d times; the penilai may not read it", n)
	}
}

func consoleHR(t *testing.T, d consoleDemo, tb *tab, year int) {
	st, h1 := tb.open(d.base, "/sdm/peringkat", "peringkat")
	wantPage(t, "/sdm/peringkat", 200, "Peringkat", st, h1)
	all := d.api(t, "TOKEN_HR", "/v1/standings?limit=1")
	if got := eval[string](tb, `document.querySelector('[data-field=total]').textContent`); got != fmt.Sprint(all["total"]) {
		t.Errorf("standings total %s, API %v", got, all["total"])
	}
	// Filter by predikat: the select applies itself on change.
	tb.choose("#f-predikat", "baik")
	tb.wantURL("predikat=baik")
	tb.settle("peringkat-baik")
	baik := d.api(t, "TOKEN_HR", "/v1/standings?predikat=baik&limit=1")
	if got := eval[string](tb, `document.querySelector('[data-field=total]').textContent`); got != fmt.Sprint(baik["total"]) {
		t.Errorf("standings with predikat baik: total %s, API %v", got, baik["total"])
	}
	if vals := eval[[]string](tb, `[...document.querySelectorAll('td[data-field=predikat]')].map(e => e.dataset.value)`); len(vals) == 0 || slices.ContainsFunc(vals, func(v string) bool { return v != "baik" }) {
		t.Errorf("filtered rows have predikat %v, want only baik", vals)
	}
	if total := int(baik["total"].(float64)); total > 25 {
		tb.click(`a[rel=next]`)
		tb.wantURL("hal=2")
		tb.settle("peringkat-hal-2")
		if got := eval[int](tb, `document.querySelectorAll('td[data-field=predikat]').length`); got != total-25 {
			t.Errorf("page 2 of %d rows shows %d, want %d", total, got, total-25)
		}
	}
	tb.choose("#f-urut", "-progress")
	tb.wantURL("urut=-progress")
	tb.settle("peringkat-urut")
	// Download the filtered CSV as the browser does and parse it.
	href := eval[string](tb, `document.querySelector('#unduh-csv').href`)
	code, ct, text := tb.fetchText(href)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(text, "\ufeff"))).ReadAll()
	if code != 200 || !strings.HasPrefix(ct, "text/csv") || err != nil || len(rows)-1 != int(baik["total"].(float64)) {
		t.Errorf("CSV download %s: %d %s, %d rows (%v), want %v data rows", href, code, ct, len(rows)-1, err, baik["total"])
	} else if i := slices.Index(rows[0], "annual_predikat"); i < 0 || rows[1][i] != "baik" {
		t.Errorf("CSV header %v, first row %v: want annual_predikat baik", rows[0], rows[1])
	}
	checkXLSXDownload(t, tb, rows)
	checkUnitReport(t, d, tb, year)
	st, h1 = tb.open(d.base, "/sdm/kenaikan-pangkat", "kenaikan-pangkat")
	wantPage(t, "/sdm/kenaikan-pangkat", 200, "Kandidat kenaikan pangkat", st, h1)
	pc := d.api(t, "TOKEN_HR", "/v1/promotion-candidates?limit=25&sort=-eligible")
	if got := eval[int](tb, `document.querySelectorAll('li[data-nip]').length`); got != len(pc["items"].([]any)) {
		t.Errorf("%d promotion candidates shown, API %d", got, len(pc["items"].([]any)))
	}
	if got := eval[int](tb, `document.querySelectorAll('.reasons li').length`); got == 0 {
		t.Error("promotion candidates are shown without reasons")
	}
}

// checkUnitReport opens a bidang's report from the standings' unit link
// and checks the chart's bars and limits against the API's report.
func checkUnitReport(t *testing.T, d consoleDemo, tb *tab, year int) {
	unit := "dinkes-bidang-1"
	st, h1 := tb.open(d.base, fmt.Sprintf("/sdm/unit?kode=%s&tahun=%d", unit, year), "laporan-unit")
	wantPage(t, "/sdm/unit", 200, "Laporan unit", st, h1)
	tb.readmeShot("console-unit-report.png")
	rep := d.api(t, "TOKEN_HR", fmt.Sprintf("/v1/units/%s/report?year=%d", unit, year))
	for _, c := range rep["counts"].([]any) {
		m := c.(map[string]any)
		got := eval[string](tb, fmt.Sprintf(`document.querySelector('svg rect[data-predikat=%q]').dataset.count`, m["predikat"]))
		if got != fmt.Sprint(m["count"]) {
			t.Errorf("chart bar %v: %s, API %v", m["predikat"], got, m["count"])
		}
	}
	org := rep["organisation_predikat"].(map[string]any)["predikat"]
	if got := eval[string](tb, `document.querySelector('[data-field=org-predikat]').dataset.value`); got != org {
		t.Errorf("organisation predikat %q, API %q", got, org)
	}
	if got := eval[int](tb, `document.querySelectorAll('svg line[data-max], svg line[data-min]').length`); got == 0 {
		t.Error("the chart draws no limit of the pattern")
	}
	broken := len(rep["distribution"].(map[string]any)["violations"].([]any))
	if got := eval[int](tb, `[...document.querySelectorAll('tr[data-rule]')].filter(r => r.textContent.includes('dilanggar')).length`); got != broken {
		t.Errorf("%d broken rules shown, API reports %d violations", got, broken)
	}
}

func consoleAuditor(t *testing.T, d consoleDemo, tb *tab, nips map[string]string, year int) {
	staff := nips["TOKEN_PEGAWAI"]
	tb.open(d.base, "/audit/jejak", "jejak-kosong")
	tb.typeInto("#f-nip", staff)
	tb.typeInto("#f-tahun", strconv.Itoa(year))
	tb.submit("#f-nip")
	tb.wantURL("nip=" + staff)
	h1 := tb.settle("jejak-nilai")
	tb.readmeShot("console-score-trail.png")
	trail := d.api(t, "TOKEN_AUDITOR", fmt.Sprintf("/v1/employees/%s/skp/%d/score-trail", staff, year))
	var want []string
	for _, c := range trail["changes"].([]any) {
		want = append(want, c.(map[string]any)["hash"].(string))
	}
	got := eval[[]string](tb, `[...document.querySelectorAll('li[data-hash]')].map(e => e.dataset.hash)`)
	if !strings.HasPrefix(h1, "Jejak nilai") || len(want) < 4 || !slices.Equal(got, want) {
		t.Errorf("score trail %q shows hashes %v, API %v", h1, got, want)
	}
	tb.open(d.base, "/audit/peristiwa", "log-audit")
	tb.typeInto("#f-type", "skp.ratings_amended")
	tb.submit("#f-type")
	tb.wantURL("type=skp.ratings_amended")
	tb.settle("log-audit-saring")
	ev := d.api(t, "TOKEN_AUDITOR", "/v1/audit/events?type=skp.ratings_amended&limit=50")
	if got := eval[int](tb, `document.querySelectorAll('tr[data-position]').length`); got == 0 || got != len(ev["events"].([]any)) {
		t.Errorf("%d amendments listed, API %d", got, len(ev["events"].([]any)))
	}
	st, h1 := tb.open(d.base, "/audit/verifikasi", "verifikasi")
	wantPage(t, "/audit/verifikasi", 200, "Verifikasi", st, h1)
	if got := eval[string](tb, `document.querySelector('[data-field=chain-status]').dataset.value`); got != "ok" {
		t.Errorf("chain status %q, want ok", got)
	}
	first := d.api(t, "TOKEN_AUDITOR", "/v1/audit/events?after=4&limit=1")["events"].([]any)[0].(map[string]any)
	for hash, want := range map[string]string{first["hash"].(string): "match", strings.Repeat("0", 64): "mismatch"} {
		tb.open(d.base, "/audit/verifikasi?posisi=5&hash="+hash, "jangkar-"+want)
		if got := eval[string](tb, `document.querySelector('[data-field=anchor-status]').dataset.value`); got != want {
			t.Errorf("anchor at 5 with hash %s: %q, want %q", hash[:8], got, want)
		}
	}
}

func consoleInspektorat(t *testing.T, d consoleDemo, tb *tab) {
	st, h1 := tb.open(d.base, "/replay", "replay-daftar")
	wantPage(t, "/replay", 200, "Replay", st, h1)
	tb.typeInto("#f-sampai", "200")
	tb.submit("#f-sampai")
	tb.wantURL("/replay/replay_")
	h1 = tb.settle("replay-diff")
	schema := strings.TrimPrefix(h1, "Replay ")
	list := d.api(t, "TOKEN_INSPEKTORAT", "/v1/replays")["replays"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["schema"] != schema {
		t.Fatalf("the console built %q; the API lists %v", schema, list)
	}
	diff := d.api(t, "TOKEN_INSPEKTORAT", "/v1/replays/"+schema+"/diff?projection=standings&limit=20")
	want := map[bool]string{true: "sama", false: "berbeda"}[diff["equal"].(bool)]
	if got := eval[string](tb, `document.querySelector('[data-field=diff-equal]').textContent`); got != want {
		t.Errorf("diff against live: %q, API equal=%v", got, diff["equal"])
	}
	tb.choose("#f-proyeksi", "history")
	tb.wantURL("proyeksi=history")
	tb.settle("replay-diff-history")
	tb.open(d.base, "/replay", "replay-daftar-1")
	eval[bool](tb, `(window.confirm = () => true, true)`)
	tb.click(`tr[data-schema] button`)
	tb.wantURL("/replay")
	tb.settle("replay-dihapus")
	if n := len(d.api(t, "TOKEN_INSPEKTORAT", "/v1/replays")["replays"].([]any)); n != 0 {
		t.Errorf("after the drop the API lists %d replays", n)
	}
	if got := eval[int](tb, `document.querySelectorAll('tr[data-schema]').length`); got != 0 {
		t.Errorf("after the drop the console lists %d replays", got)
	}
}

// checkXLSXDownload downloads the filtered standings as XLSX through the
// browser, reopens the workbook with excelize, and checks it against the
// CSV rows of the same filter: as many rows, Indonesian labels in the
// header, and every 18-digit NIP a text cell equal to the CSV's.
func checkXLSXDownload(t *testing.T, tb *tab, csvRows [][]string) {
	t.Helper()
	href := eval[string](tb, `document.querySelector('#unduh-xlsx').href`)
	code, ct, b64 := tb.fetchText(href)
	if code != 200 || !strings.HasPrefix(ct, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet") {
		t.Errorf("XLSX download %s: %d %s", href, code, ct)
		return
	}
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatalf("XLSX download: %v", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("XLSX download does not open: %v", err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) != len(csvRows) || len(csvRows) < 2 {
		t.Fatalf("XLSX has %d rows (%v), the CSV %d", len(rows), err, len(csvRows))
	}
	if !slices.Contains(rows[0], "NIP") || slices.Contains(rows[0], "nip") {
		t.Errorf("XLSX header %v: want Indonesian labels", rows[0])
	}
	col := slices.Index(csvRows[0], "nip")
	for r := 1; r < len(rows); r++ {
		cell, _ := excelize.CoordinatesToCellName(col+1, r+1)
		v, _ := f.GetCellValue(sheet, cell)
		typ, _ := f.GetCellType(sheet, cell)
		if len(v) != 18 || v != csvRows[r][col] || (typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString) {
			t.Errorf("XLSX %s = %q (type %v), CSV NIP %q: want the 18-digit NIP as text", cell, v, typ, csvRows[r][col])
		}
	}
}
