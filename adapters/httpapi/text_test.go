package httpapi

import (
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
