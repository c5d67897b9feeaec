package httpapi

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/projections/standings"
)

// nips returns the NIPs of a page, in order.
func nips(p standingsPage) []string {
	var out []string
	for _, s := range p.Items {
		out = append(out, s.NIP)
	}
	return out
}

// TestStandingsListOverHTTP reads the standings of the fixture's instansi
// after a write, with min_position, filters, sorting and paging.
func TestStandingsListOverHTTP(t *testing.T) {
	rs := newReadServer(t, 5*time.Second)
	rs.startProjections(t)
	tk := rs.seed(t)
	w := written(t, rs.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "draft"))

	var all standingsPage
	r := rs.get(t, "/v1/standings?year=2025&min_position="+u(w.Position), tk.hr, &all)
	if pos := projectionPosition(t, r); pos < w.Position || all.Projection.Position != pos || !all.Projection.Reached ||
		all.Projection.MinPosition != w.Position || all.Projection.Projection != "standings" {
		t.Fatalf("projection %+v, header %d, want at least %d", all.Projection, pos, w.Position)
	}
	// The 6 employees of the fixture's units, the auditor and the inspektur.
	if all.Total != 8 || len(all.Items) != 8 || r.header.Get("X-Total-Count") != "8" {
		t.Fatalf("total %d, %d items, want the 8 employees of %s", all.Total, len(all.Items), instansi)
	}
	i := slices.IndexFunc(all.Items, func(s standings.Standing) bool { return s.NIP == pegawai })
	if i < 0 || all.Items[i].SKPStatus != "draft" || all.Items[i].Unit != "bidang-a" || all.Items[i].IKICount != 1 ||
		all.Items[i].LastPosition != w.Position {
		t.Fatalf("pegawai's row %+v", all.Items[max(i, 0)])
	}

	cases := []struct {
		query string
		want  []string
	}{
		{"unit=bidang-a&sort=nip", []string{penilai, pegawai, rekan}},
		{"unit=dinas&sub_units=true&sort=-nip&limit=2", []string{rekan, pegawai}},
		{"unit=dinas&sub_units=1&sort=-nip&limit=2&offset=4", []string{penilai, kepala}},
		{"unit=dinas", []string{kepala, hrNIP}},
		{"skp_status=draft", []string{pegawai}},
		{"predikat=none&unit=bidang-b", []string{penilaiB}},
		{"predikat=baik", nil},
		{"year=2024", nil},
		{"instansi=" + instansi + "&unit=bidang-b&year=2025", []string{penilaiB}},
	}
	for _, c := range cases {
		var p standingsPage
		rs.get(t, "/v1/standings?"+c.query, tk.hr, &p)
		if diff := cmp.Diff(c.want, nips(p)); diff != "" {
			t.Errorf("?%s: (-want +got)\n%s", c.query, diff)
		}
	}
}

// TestStandingsAsCSV exports the standings of a unit as CSV.
func TestStandingsAsCSV(t *testing.T) {
	rs := newReadServer(t, 5*time.Second)
	rs.startProjections(t)
	tk := rs.seed(t)
	head := rs.head(t)
	r := rs.get(t, "/v1/standings?unit=bidang-a&sort=nip&min_position="+u(head), tk.hr, nil, "Accept", "text/csv")
	if ct := r.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" || projectionPosition(t, r) < head {
		t.Fatalf("Content-Type %q, position %s", ct, r.header.Get(HeaderProjectionPosition))
	}
	rows := parseCSV(t, r.body)
	if len(rows) != 4 || rows[0][0] != "nip" || rows[0][12] != "skp_status" {
		t.Fatalf("CSV rows %v", rows)
	}
	for i, want := range []string{penilai, pegawai, rekan} {
		if rows[i+1][0] != want {
			t.Errorf("CSV row %d is %s, want %s", i+1, rows[i+1][0], want)
		}
	}
	// Without a plan the progress is 0, not 100.
	if rows[2][2] != "Citra Pegawai" || rows[2][9] != "III/b" || rows[2][10] != "2021-04-01" || rows[2][20] != "0" {
		t.Errorf("pegawai's CSV row %v", rows[2])
	}
}

// TestStandingsRejectsBadQueries checks the 400s (one field error per
// problem, and the read model's own ErrInvalidFilter through the problem
// table) and the 403s of the list.
func TestStandingsRejectsBadQueries(t *testing.T) {
	rs := newReadServer(t, 5*time.Second)
	tk := rs.seed(t)
	bad := []struct{ query, field string }{
		{"yaer=2025", "yaer"},
		{"year=20x5", "year"},
		{"limit=0", "limit"},
		{"limit=1001", "limit"},
		{"offset=-1", "offset"},
		{"sub_units=perhaps&unit=dinas", "sub_units"},
		{"skp_status=rated", "skp_status"},
		{"min_position=-3", "min_position"},
		{"unit=a&unit=b", "unit"},
		// Were a 200 with an empty list: no unit code is 65 letters long or
		// holds a space.
		{"unit=" + strings.Repeat("a", 65), "unit"},
		{"unit=a%20b&sub_units=true", "unit"},
	}
	for _, c := range bad {
		p := rs.denied(t, 400, TypeValidation, c.query, "GET", "/v1/standings?"+c.query, tk.hr, nil)
		if len(p.Errors) != 1 || p.Errors[0].Field != c.field {
			t.Errorf("?%s: field errors %+v, want one for %s", c.query, p.Errors, c.field)
		}
	}
	for _, q := range []string{"sort=salary", "predikat=luar_biasa", "sub_units=true"} {
		p := rs.denied(t, 400, TypeValidation, q, "GET", "/v1/standings?"+q, tk.hr, nil)
		if !strings.Contains(p.Detail, "invalid standings filter") {
			t.Errorf("?%s: detail %q", q, p.Detail)
		}
	}
	rs.denied(t, 403, TypeForbidden, "other instansi", "GET", "/v1/standings?instansi=pemkab-bogor", tk.hr, nil)
	rs.denied(t, 403, TypeForbidden, "HR of another instansi", "GET", "/v1/standings?instansi="+instansi, tk.otherHR, nil)
	rs.denied(t, 403, TypeForbidden, "pegawai lists", "GET", "/v1/standings", tk.pegawai, nil)
	// Was a 200 with an empty list.
	rs.denied(t, 403, TypeForbidden, "pejabat penilai names another instansi", "GET", "/v1/standings?instansi=pemkab-bogor", tk.penilaiB, nil)
	// A pejabat penilai lists their evaluatees' rows: TestPenilaiListsOnlyTheirEvaluatees.
	rs.denied(t, 401, TypeUnauthorized, "no token", "GET", "/v1/standings", "", nil)
	for _, tok := range []string{tk.auditor, tk.inspektorat, tk.kepala} {
		rs.get(t, "/v1/standings", tok, nil)
	}
}

// TestStandingRowAuthorization checks who reads one row: the employee, the
// pejabat penilai in force today, reading roles of the instansi; not a
// colleague, another supervisor or another instansi's HR.
func TestStandingRowAuthorization(t *testing.T) {
	rs := newReadServer(t, 5*time.Second)
	rs.startProjections(t)
	tk := rs.seed(t)
	path := "/v1/standings/" + pegawai + "/2025?min_position=" + u(rs.head(t))
	for name, tok := range map[string]string{"employee": tk.pegawai, "pejabat penilai": tk.penilai, "atasan": tk.kepala,
		"hr": tk.hr, "auditor": tk.auditor, "inspektorat": tk.inspektorat} {
		var v standingView
		r := rs.get(t, path, tok, &v)
		if v.NIP != pegawai || v.Year != 2025 || v.Golongan != "III/b" || v.SKPStatus != "none" ||
			projectionPosition(t, r) != v.Projection.Position || !v.Projection.Reached {
			t.Errorf("%s reads %+v", name, v)
		}
	}
	for name, tok := range map[string]string{"colleague": tk.rekan, "other supervisor": tk.penilaiB, "other instansi's HR": tk.otherHR} {
		rs.denied(t, 404, TypeNotFound, name, "GET", path, tok, nil)
	}
	rs.denied(t, 404, TypeNotFound, "no row for 2024", "GET", "/v1/standings/"+pegawai+"/2024", tk.hr, nil)
	rs.denied(t, 404, TypeNotFound, "a colleague's missing row", "GET", "/v1/standings/"+pegawai+"/2024", tk.rekan, nil)
	rs.denied(t, 400, TypeValidation, "bad NIP", "GET", "/v1/standings/12345/2025", tk.hr, nil)
	rs.denied(t, 400, TypeValidation, "unknown parameter", "GET", "/v1/standings/"+pegawai+"/2025?year=2024", tk.hr, nil)
}

// TestDownloadsHoldTheWholeList: a CSV or XLSX download of the standings
// held one page (50 rows by default) of a longer list, silently. Without a
// limit or offset it now holds every row; with them, the page asked for.
func TestDownloadsHoldTheWholeList(t *testing.T) {
	rs := newReadServer(t, 5*time.Second)
	rs.startProjections(t)
	tk := rs.seed(t)
	var csv strings.Builder
	csv.WriteString("nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt\n")
	for i := range 70 {
		fmt.Fprintf(&csv, "19900101201501%d%03d,Staf %d,pns,%s,bidang-b,administrasi,pelaksana,Pengolah Data,III/a,2019-04-01\n", 1+i%2, i+1, i, instansi)
	}
	rs.send(t, "POST", "/v1/import/employees", tk.hr, csv.String(), "Content-Type", "text/csv").must(t, 200, "70 more employees")
	head := u(rs.head(t))
	var page standingsPage
	rs.get(t, "/v1/standings?year=2025&min_position="+head, tk.hr, &page)
	if page.Total != 78 || len(page.Items) != 50 {
		t.Fatalf("JSON: total %d, %d items; want 78 and a page of 50", page.Total, len(page.Items))
	}
	r := rs.get(t, "/v1/standings?year=2025&format=csv&min_position="+head, tk.hr, nil)
	rows := parseCSV(t, r.body)
	nipsSeen := map[string]bool{}
	for _, row := range rows[1:] {
		nipsSeen[row[0]] = true
	}
	if len(rows) != 79 || len(nipsSeen) != 78 {
		t.Fatalf("the whole list as CSV: %d rows (%d NIPs), want a header and 78", len(rows), len(nipsSeen))
	}
	r = rs.get(t, "/v1/standings?year=2025&format=csv&limit=10&offset=70&min_position="+head, tk.hr, nil)
	if rows := parseCSV(t, r.body); len(rows) != 9 {
		t.Fatalf("a page as CSV: %d rows, want a header and the last 8", len(rows))
	}
}
