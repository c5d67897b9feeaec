package httpapi

import "testing"

// TestEveryResponseSaysNoSniff: problems, CSV, XLSX and PDF carried
// X-Content-Type-Options: nosniff, but a successful JSON response (personal
// data) and the health checks did not.
func TestEveryResponseSaysNoSniff(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	for _, c := range []struct{ path, token string }{
		{"/v1/employees/" + pegawai, tk.hr},
		{"/healthz", ""},
		{"/v1/employees/" + pegawai, ""}, // a problem
	} {
		r := a.send(t, "GET", c.path, c.token, nil)
		if got := r.header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s (%d): X-Content-Type-Options %q, want nosniff", c.path, r.status, got)
		}
	}
}
