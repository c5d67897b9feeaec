package console

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestVerifyPageShowsTheHeadAndTheMissingTail: the page said the events
// were verified up to head_position and called its hash the head's; the
// API's head is now the log's as stored, past a break too, so the page
// shows the last good position and the head apart, and a tail missing
// below an anchor as missing positions rather than a break at one.
func TestVerifyPageShowsTheHeadAndTheMissingTail(t *testing.T) {
	head, good := strings.Repeat("ab", 32), strings.Repeat("cd", 32)
	for _, c := range []struct {
		name, body string
		want       []string
	}{
		{"break inside the log", `{"status":"broken","events_verified":26,"head_position":31,"head_hash":"` + head + `",
			"last_good_position":26,"last_good_hash":"` + good + `","first_bad_position":27,"missing_from":null,"missing_to":null,
			"problem":"the event was altered","verified_at":"2026-01-12T10:00:00+07:00"}`,
			[]string{`26 peristiwa diverifikasi sampai posisi <span data-field="last-good-position">26</span>`,
				`posisi <span data-field="head-position">31</span>, hash <code class="hash" data-field="head-hash">` + head,
				"Rantai rusak pada posisi 27: the event was altered"}},
		{"tail missing below the anchor", `{"status":"broken","events_verified":29,"head_position":29,"head_hash":"` + head + `",
			"last_good_position":29,"last_good_hash":"` + head + `","first_bad_position":30,"missing_from":30,"missing_to":31,
			"problem":"positions 30 to 31 were removed from the tail","verified_at":"2026-01-12T10:00:00+07:00",
			"anchor":{"position":31,"hash":"` + good + `","held":false}}`,
			[]string{`data-field="head-position">29</span>`,
				"Posisi 30 sampai 31 hilang dari ekor log, yang berakhir pada posisi 29: positions 30 to 31 were removed from the tail"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			api := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/v1/audit/verify" {
					w.WriteHeader(http.StatusNotFound)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, c.body)
			})
			con := newTestConsoleOf(t, api)
			req := httptest.NewRequest("GET", "/audit/verifikasi", nil)
			req.Header.Set("Authorization", "Bearer good")
			w := httptest.NewRecorder()
			con.ServeHTTP(w, req)
			body := w.Body.String()
			if w.Code != 200 {
				t.Fatalf("status %d: %s", w.Code, body)
			}
			for _, want := range c.want {
				if !strings.Contains(body, want) {
					t.Errorf("the page lacks %q", want)
				}
			}
			if c.name == "tail missing below the anchor" && strings.Contains(body, "Rantai rusak pada posisi 30") {
				t.Errorf("the page calls the missing position 30 a break at an event")
			}
		})
	}
}
