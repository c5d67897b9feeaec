package httpapi

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// TestConsoleGetsItsSectionsAndNothingElse checks the routing of the web
// console: "/" and the paths under its sections reach it, and it is built
// with the server's own handler; every other path keeps the API's 404 and
// 405 problems.
func TestConsoleGetsItsSectionsAndNothingElse(t *testing.T) {
	sc := pgtest.New(t)
	st, err := pgstore.New(sc.Pool, pgstore.Config{NotifyChannel: "kinerja_events_" + sc.Name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	var api http.Handler
	console := func(h http.Handler) http.Handler {
		api = h
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "console "+r.URL.Path) })
	}
	srv, err := NewServer(ServerConfig{}, Deps{Logger: slog.New(slog.DiscardHandler), Database: sc.Pool, Events: st,
		Console: console, ConsoleSections: []string{"saya", "sdm"}})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		method, path string
		status       int
		console      bool
	}{
		{"GET", "/", 200, true}, {"GET", "/saya", 200, true}, {"POST", "/sdm/peringkat", 200, true},
		{"GET", "/sdm/unit/x", 200, true}, {"GET", "/sayang", 404, false}, {"GET", "/v1/nope", 404, false},
		{"POST", "/healthz", 405, false}, {"DELETE", "/saya", 405, false}, {"GET", "/healthz", 200, false},
	}
	for _, c := range cases {
		w := httptest.NewRecorder()
		srv.Handler().ServeHTTP(w, httptest.NewRequest(c.method, c.path, nil))
		gotConsole := w.Body.String() == "console "+c.path
		if w.Code != c.status || gotConsole != c.console {
			t.Errorf("%s %s: %d %q, want %d (console: %v)", c.method, c.path, w.Code, w.Body, c.status, c.console)
		}
	}
	// A browser's mistyped console address gets the console's own page (it
	// got the API's English problem); an API path stays a problem.
	for _, c := range []struct {
		path    string
		console bool
	}{{"/sayang", true}, {"/v1/nope", false}} {
		w := httptest.NewRecorder()
		req := httptest.NewRequest("GET", c.path, nil)
		req.Header.Set("Accept", "text/html,application/xhtml+xml")
		srv.Handler().ServeHTTP(w, req)
		if gotConsole := w.Body.String() == "console "+c.path; gotConsole != c.console {
			t.Errorf("a browser's GET %s: %d %q, want the console: %v", c.path, w.Code, w.Body, c.console)
		}
	}
	w := httptest.NewRecorder()
	api.ServeHTTP(w, httptest.NewRequest("GET", "/healthz", nil))
	if api == nil || w.Code != 200 {
		t.Errorf("the console's API handler answered /healthz with %d", w.Code)
	}
}
