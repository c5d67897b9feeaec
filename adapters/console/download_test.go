package console

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// TestStandingsDownloadAsksForTheWholeList: the download of the standings
// asked the API for limit=1000, so an instansi of 2,201 employees got a
// file of the first 1,000 rows with nothing saying so. It asks for the
// whole filtered list (no limit, no offset), whatever page is shown.
func TestStandingsDownloadAsksForTheWholeList(t *testing.T) {
	var asked *http.Request
	api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked = r
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		io.WriteString(w, "nip,name\n")
	})
	c := newTestConsoleOf(t, api)
	req := httptest.NewRequest("GET", "/sdm/peringkat/unduh?format=csv&tahun=2025&hal=3&predikat=baik", nil)
	req.Header.Set("Authorization", "Bearer good")
	w := httptest.NewRecorder()
	c.ServeHTTP(w, req)
	if w.Code != 200 || asked == nil || asked.URL.Path != "/v1/standings" {
		t.Fatalf("status %d, API asked %v", w.Code, asked)
	}
	q := asked.URL.Query()
	if q.Has("limit") || q.Has("offset") || q.Get("year") != "2025" || q.Get("predikat") != "baik" {
		t.Errorf("the API was asked %q, want the filters without limit or offset", asked.URL.RawQuery)
	}
}

// TestUnitCodesThatAreNoCodesAre400: a typed code such as "." or
// "a/../b" went into the API's path, which redirected (301), and the page
// was a 500. It is a 400 that says what a unit code is, asking the API
// nothing.
func TestUnitCodesThatAreNoCodesAre400(t *testing.T) {
	c, seen := newTestConsole(t, 200, `{}`)
	for _, code := range []string{".", "..", "dinkes/../rs", "a b", "-x"} {
		req := httptest.NewRequest("GET", "/sdm/unit?kode="+url.QueryEscape(code), nil)
		req.Header.Set("Authorization", "Bearer good")
		w := httptest.NewRecorder()
		c.ServeHTTP(w, req)
		if w.Code != http.StatusBadRequest || !strings.Contains(w.Body.String(), "Kode unit tidak valid") {
			t.Errorf("kode %q: %d", code, w.Code)
		}
	}
	for _, r := range *seen {
		if strings.HasPrefix(r.URL.Path, "/v1/units/") {
			t.Errorf("the API was asked %s", r.URL)
		}
	}
}
