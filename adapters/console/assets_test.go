package console

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestAssetsFolderIsNotListed: GET /aset/ answered 200 with an HTML index
// of the embedded files (console.css, console.js), to anyone, without the
// console's layout or headers of a page. A folder of the assets is a 404,
// as a missing asset is; the assets themselves are still served.
func TestAssetsFolderIsNotListed(t *testing.T) {
	c, _ := newTestConsole(t, 200, `{}`)
	for _, path := range []string{"/aset/", "/aset/./", "/aset//"} {
		w := httptest.NewRecorder()
		c.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code == http.StatusOK || strings.Contains(w.Body.String(), "console.css") {
			t.Errorf("GET %s: %d %q, want a 404 without a listing", path, w.Code, w.Body.String())
		}
	}
	for _, path := range []string{"/aset/console.css", "/aset/console.js"} {
		w := httptest.NewRecorder()
		c.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
		if w.Code != http.StatusOK || w.Body.Len() == 0 {
			t.Errorf("GET %s: %d, want the asset", path, w.Code)
		}
	}
}
