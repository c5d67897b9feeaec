package console

import (
	"io"
	"net/http"
	"net/http/httptest"
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
