package httpapi

import (
	"fmt"
	"strings"
	"testing"
)

// newEmployee is a valid registration body for a new employee named name.
func newEmployee(name string) map[string]any {
	return map[string]any{
		"nip": "199202022020121001", "name": name, "status": "pns", "instansi": instansi, "unit": "dinas",
		"jabatan":  map[string]any{"kind": "administrasi", "level": "pelaksana", "name": "Analis"},
		"golongan": "III/a", "golongan_tmt": "2021-01-01"}
}

func TestOverlongOrControlTextIs400NamingFieldAndLimit(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	cases := []struct {
		what, path string
		token      string
		body       map[string]any
		field      string
		limit      string
	}{
		{"a 6,000-character name", "/v1/employees", tk.hr, newEmployee(strings.Repeat("n", 6000)), "name", "200"},
		{"a NUL in a name", "/v1/employees", tk.hr, newEmployee("Gita\x00Baru"), "name", "200"},
		{"a newline in a name", "/v1/employees", tk.hr, newEmployee("Gita\nBaru"), "name", "200"},
		{"a 2,001-character reason", "/v1/employees/" + pegawai + "/transfers", tk.hr,
			map[string]any{"to_unit": "bidang-b", "effective": "2025-02-01", "reason": strings.Repeat("r", 2001)}, "reason", "2000"},
	}
	for _, c := range cases {
		p := a.denied(t, 400, TypeValidation, c.what, "POST", c.path, c.token, c.body)
		if len(p.Errors) != 1 || p.Errors[0].Field != c.field || !strings.Contains(p.Errors[0].Message, c.limit) {
			t.Errorf("%s: field errors %+v, want one for %s naming %s", c.what, p.Errors, c.field, c.limit)
		}
		if !strings.Contains(p.Detail, c.limit) {
			t.Errorf("%s: detail %q does not name the limit %s", c.what, p.Detail, c.limit)
		}
	}
	// A name of exactly the limit is accepted.
	a.send(t, "POST", "/v1/employees", tk.hr, newEmployee(strings.Repeat("n", 200))).must(t, 201, "a 200-character name")
}

func TestTextIsStoredNFCNormalised(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	a.send(t, "POST", "/v1/employees", tk.hr, newEmployee("Andre\u0301 Pe\u0301rez")).must(t, 201, "a decomposed name")
	evs := a.stream(t, "employee-199202022020121001")
	if len(evs) != 1 {
		t.Fatalf("%d events, want 1", len(evs))
	}
	if data := string(evs[0].Data); !strings.Contains(data, "Andr\u00e9 P\u00e9rez") {
		t.Errorf("event data %s: the name is not in NFC", data)
	}
}

func TestNULOrInvalidUTF8InQueryOrPathIs400(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	for _, c := range []struct{ what, path, token string }{
		{"NUL in an audit filter", "/v1/audit/events?stream=employee-%00", tk.auditor},
		{"NUL in a standings filter", "/v1/standings?year=2025&unit=%00", tk.hr},
		{"invalid UTF-8 in a standings filter", "/v1/standings?year=2025&unit=%ff%fe", tk.hr},
		{"NUL in a path value", "/v1/units/dinas%00", tk.hr},
	} {
		r := a.send(t, "GET", c.path, c.token, nil)
		if r.status != 400 {
			t.Errorf("%s: status %d, want 400: %s", c.what, r.status, r.body)
		}
	}
}

// TestUnparsableQueryIsNamedAsSuch checks the reason given for a query that
// does not parse: it once blamed invalid UTF-8 or a control character.
func TestUnparsableQueryIsNamedAsSuch(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	for _, path := range []string{"/v1/standings?sort=name;drop", "/v1/standings?unit=%zz"} {
		r := a.send(t, "GET", path, tk.hr, nil)
		if r.status != 400 || !strings.Contains(string(r.body), "cannot be parsed") {
			t.Errorf("%s: status %d: %s", path, r.status, r.body)
		}
	}
}

func TestLongCorrelationIDIs400AndOddUserAgentIsKept(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	p := a.denied(t, 400, TypeValidation, "a 201-character correlation id", "POST", "/v1/employees", tk.hr,
		newEmployee("Gita Baru"), "X-Correlation-Id", strings.Repeat("c", 201))
	if len(p.Errors) != 1 || p.Errors[0].Field != "correlation_id" || !strings.Contains(p.Errors[0].Message, "200") {
		t.Errorf("field errors %+v, want one for correlation_id naming 200", p.Errors)
	}
	// A User-Agent with a tab and a multi-byte rune across the cut is
	// cleaned for the metadata, not refused.
	ua := strings.Repeat("a", 99) + "é\tclient"
	a.send(t, "POST", "/v1/employees", tk.hr, newEmployee("Gita Baru"), "User-Agent", ua).must(t, 201, "odd User-Agent")
	evs := a.stream(t, "employee-199202022020121001")
	if got := evs[0].Metadata.Client; got != strings.Repeat("a", 99)+"é" {
		t.Errorf("client %q, want the first 100 runes", got)
	}
}

func TestEventOverTheDataLimitIs413NamingTheLimit(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	rhk := make([]any, 100)
	for i := range rhk {
		long := strings.Repeat("x", 900)
		rhk[i] = map[string]any{"id": fmt.Sprintf("rhk-%d", i), "kind": "utama", "text": long, "supports": "rhk-kepala-1",
			"iki": []any{map[string]any{"id": fmt.Sprintf("iki-%d", i), "text": long, "aspek": "kuantitas",
				"target": map[string]any{"kind": "quantitative", "quantity": 1, "unit": "dokumen"}}}}
	}
	big := map[string]any{"rhk": rhk, "perilaku": []any{map[string]any{"value": "akuntabel", "expectation": "Melapor"}}}
	p := a.denied(t, 413, TypePayloadTooLarge, "a plan of 180 kB", "POST", skpPath, tk.pegawai, map[string]any{"plan": big})
	if !strings.Contains(p.Detail, "65536") {
		t.Errorf("detail %q does not name the limit", p.Detail)
	}
}

func TestImportedTextIsNFCNormalised(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	csv := "nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt\n" +
		"199202022020121001,Andre\u0301 Pe\u0301rez,pns,pemprov-jabar,dinas,administrasi,pelaksana,Analis,III/a,2021-01-01\n"
	a.send(t, "POST", "/v1/import/employees", tk.hr, csv, "Content-Type", "text/csv").must(t, 200, "import")
	evs := a.stream(t, "employee-199202022020121001")
	if len(evs) != 1 || !strings.Contains(string(evs[0].Data), "Andr\u00e9 P\u00e9rez") {
		t.Fatalf("events %d; the imported name is not in NFC", len(evs))
	}
}
