package httpapi

import (
	"slices"
	"testing"
	"time"

	"github.com/kinerja/kinerja/migrations/pgtest"
)

// TestLiveStreamEndsWhenTheCallerLeavesService checks the claims again at
// each heartbeat: the stream of an employee who left the service ends,
// while a colleague's goes on.
func TestLiveStreamEndsWhenTheCallerLeavesService(t *testing.T) {
	a := newAPIServer(t, func(api *API, _ *pgtest.Schema) { api.Live.Heartbeat = 50 * time.Millisecond })
	tk := a.seed(t)
	base := serveReal(t, a.srv)
	leaving, staying := openSSE(t, base, tk.rekan, ""), openSSE(t, base, tk.pegawai, "")
	a.write(t, "/v1/employees/"+rekan+"/leave-service", tk.hr, map[string]any{"effective": "2025-01-06", "reason": "pensiun"}, "leave")
	select {
	case <-leaving.done:
	case <-time.After(5 * time.Second):
		t.Fatal("the stream of an employee who left the service goes on")
	}
	if c := leaving.commentsSeen(); !slices.Contains(c, "the token's claims no longer hold; reconnect with a current token") {
		t.Fatalf("the stream ended with %q", c)
	}
	w := a.write(t, skpPath, tk.pegawai, map[string]any{"plan": plan(10)}, "draft")
	staying.until(t, w, 5*time.Second, "the colleague's stream")
}

// TestLiveStreamEndsAfterItsLifetime checks that a stream ends after
// MaxDuration, saying so.
func TestLiveStreamEndsAfterItsLifetime(t *testing.T) {
	a := newAPIServer(t, func(api *API, _ *pgtest.Schema) { api.Live.MaxDuration = 300 * time.Millisecond })
	tk := a.seed(t)
	c := openSSE(t, serveReal(t, a.srv), tk.pegawai, "")
	select {
	case <-c.done:
	case <-time.After(5 * time.Second):
		t.Fatal("the stream outlived its lifetime")
	}
	if got := c.commentsSeen(); !slices.Equal(got, []string{"stream lifetime reached; reconnect with a current token and Last-Event-ID"}) {
		t.Fatalf("the stream ended with %q", got)
	}
}
