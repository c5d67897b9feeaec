package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/auth"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
)

// getJSON sends GET path with a bearer token and decodes a 200 body into v.
func getJSON(t *testing.T, url, token string, v any) http.Header {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), "GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s %v", url, resp.StatusCode, body, err)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %s: %v", url, body, err)
	}
	return resp.Header
}

// projectionsBody is what the tests read of /readyz and /v1/projections.
type projectionsBody struct {
	Status      string            `json:"status"`
	Checks      map[string]string `json:"checks"`
	Projections []struct {
		Name, State, Owner string
		Checkpoint, Lag    uint64
	} `json:"projections"`
}

// TestServeRunsProjections checks that serve runs the projections by
// default: a read with min_position sees the log, /readyz and /metrics
// show the projections.
func TestServeRunsProjections(t *testing.T) {
	secret := "kinerja-projection-test-secret-0123456789"
	ce := newCrashEnv(t)
	s := startServe(t, ce.sc, map[string]string{"KINERJA_JWT_SECRET": secret})
	ce.appendWorld(t, projectiontest.Config{Seed: 31, Employees: 20})
	registerCaller(t, ce.sc.Pool, "198202022006042005", "I00", "I00-U00", false)
	head := ce.head(t)
	tok, err := auth.MintHS256([]byte(secret), auth.Principal{NIP: "198202022006042005", Roles: []actor.Role{actor.HR},
		Instansi: "I00"}, time.Now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var page struct {
		Total      int `json:"total"`
		Projection struct {
			Position uint64 `json:"position"`
			Reached  bool   `json:"reached"`
		} `json:"projection"`
	}
	h := getJSON(t, s.base+"/v1/standings?min_position="+strconv.FormatUint(head, 10), tok, &page)
	if !page.Projection.Reached || page.Projection.Position < head || page.Total == 0 || h.Get("X-Projection-Position") == "" {
		t.Fatalf("standings after the log reached %d: %+v", head, page)
	}
	var ready projectionsBody
	waitFor(t, 30*time.Second, "readyz shows every projection running", func() bool {
		_, m := get(t, s.base+"/readyz")
		raw, _ := json.Marshal(m)
		ready = projectionsBody{}
		_ = json.Unmarshal(raw, &ready)
		running := 0
		for _, p := range ready.Projections {
			if p.State == "running" {
				running++
			}
		}
		return len(ready.Projections) == len(projectionSet()) && running == len(projectionSet())
	})
	if ready.Status != "ready" || ready.Checks["projections"] != "ok" || ready.Projections[0].Owner != "" {
		t.Fatalf("readyz %+v", ready)
	}
	_, m := get(t, s.base+"/metrics")
	if text, _ := m["text"].(string); !strings.Contains(text, `kinerja_projection_lag_events{projection="standings"}`) ||
		!strings.Contains(text, `kinerja_projection_stopped{projection="promotion"} 0`) {
		t.Fatalf("/metrics lacks the projection gauges")
	}
}

// TestServeWithProjectionsOff checks that KINERJA_PROJECTIONS=off serves
// the read models and their status without running the projections.
func TestServeWithProjectionsOff(t *testing.T) {
	sc := pgtest.New(t)
	s := startServe(t, sc, map[string]string{"KINERJA_PROJECTIONS": "off"})
	resp, m := get(t, s.base+"/readyz")
	raw, _ := json.Marshal(m)
	var ready projectionsBody
	_ = json.Unmarshal(raw, &ready)
	if resp.StatusCode != 200 || len(ready.Projections) != len(projectionSet()) || ready.Projections[0].State != "idle" || ready.Projections[0].Owner != "" {
		t.Fatalf("readyz with projections off: %d %s", resp.StatusCode, raw)
	}
	if !strings.Contains(s.stderr.String(), "projections not run in this process") {
		t.Fatalf("serve did not say that it runs no projections:\n%s", s.stderr)
	}
}
