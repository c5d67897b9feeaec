package httpapi

import (
	"slices"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
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

// TestLiveStreamEndsWhenTheTokenExpires checks the token again at each
// heartbeat: a stream opened with a token valid for 2 s delivers events
// while the token would still authenticate a request (up to the verifier's
// 30 s of clock-skew leeway after exp) and ends, saying why, at the first
// heartbeat after that, while a stream with a current token goes on.
func TestLiveStreamEndsWhenTheTokenExpires(t *testing.T) {
	a := newAPIServer(t, func(api *API, _ *pgtest.Schema) { api.Live.Heartbeat = 20 * time.Millisecond })
	tk := a.seed(t)
	base := serveReal(t, a.srv)
	opened := a.clock.Now()
	short, err := mintHS256(testSecret, Principal{NIP: pegawai, Roles: []actor.Role{actor.Pegawai}, Instansi: instansi}, opened, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	expiring, current := openSSE(t, base, short, ""), openSSE(t, base, tk.pegawai, "")
	a.clock.Set(opened.Add(2*time.Second + 29*time.Second)) // expired, within the leeway
	w := a.write(t, "/v1/employees/"+pegawai+"/golongan", tk.hr, map[string]any{"golongan": "III/c", "tmt": "2025-01-01"}, "golongan")
	expiring.until(t, w, 5*time.Second, "the stream within the leeway")
	waitForHeartbeats(t, expiring, 3)
	a.clock.Set(opened.Add(2*time.Second + 30*time.Second))
	select {
	case <-expiring.done:
	case <-time.After(5 * time.Second):
		t.Fatal("the stream goes on after its token expired")
	}
	if c := expiring.commentsSeen(); !slices.Contains(c, "the token has expired or no longer verifies; reconnect with a current token") {
		t.Fatalf("the stream ended with %q", c)
	}
	w = a.write(t, skpPath, tk.pegawai, map[string]any{"plan": plan(10)}, "draft")
	current.until(t, w, 5*time.Second, "the stream with a current token")
}

// waitForHeartbeats waits until c has received n more heartbeats.
func waitForHeartbeats(t *testing.T, c *sseClient, n int) {
	t.Helper()
	count := func() int {
		k := 0
		for _, s := range c.commentsSeen() {
			if s == "heartbeat" {
				k++
			}
		}
		return k
	}
	want := count() + n
	for deadline := time.Now().Add(5 * time.Second); count() < want; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d heartbeats, want %d; comments %q", count(), want, c.commentsSeen())
		}
	}
}
