package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// logBuffer collects the server's JSON log lines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

// lines decodes every log line.
func (b *logBuffer) lines(t *testing.T) []map[string]any {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(b.buf.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("log line %q is not JSON: %v", l, err)
		}
		out = append(out, m)
	}
	return out
}

// testServer is a Server over a fresh, migrated schema and a real event
// store, served by httptest.
type testServer struct {
	*Server
	store *pgstore.Store
	sc    *pgtest.Schema
	logs  *logBuffer
	url   string
}

func newTestServer(t *testing.T, extra func(s *Server)) *testServer {
	t.Helper()
	sc := pgtest.New(t)
	st, err := pgstore.New(sc.Pool, pgstore.Config{NotifyChannel: "kinerja_events_" + sc.Name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	logs := &logBuffer{}
	logger := slog.New(slog.NewJSONHandler(logs, nil))
	srv, err := NewServer(ServerConfig{}, Deps{Logger: logger, Database: sc.Pool, Events: st})
	if err != nil {
		t.Fatal(err)
	}
	if extra != nil {
		extra(srv)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &testServer{Server: srv, store: st, sc: sc, logs: logs, url: hs.URL}
}

// do sends a request and returns the response with its body read; the
// exchange is checked against the OpenAPI document.
func do(t *testing.T, method, url string, header http.Header) (*http.Response, []byte) {
	t.Helper()
	return doWith(t, checkedClient(t), method, url, header)
}

// doWith is do with the client given: http.DefaultClient for a route only
// the test adds, which the document rightly lacks.
func doWith(t *testing.T, client *http.Client, method, url string, header http.Header) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestHealthz(t *testing.T) {
	ts := newTestServer(t, nil)
	resp, body := do(t, "GET", ts.url+"/healthz", nil)
	if resp.StatusCode != 200 || string(body) != "{\"status\":\"ok\"}\n" || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("/healthz = %d %q %s", resp.StatusCode, body, resp.Header.Get("Content-Type"))
	}
}

func TestReadyzSaysReady(t *testing.T) {
	ts := newTestServer(t, nil)
	if _, err := ts.store.Append(context.Background(), "skp-198609262015051001-2025", eventlog.Any, eventstoretest.Events(3)...); err != nil {
		t.Fatal(err)
	}
	resp, body := do(t, "GET", ts.url+"/readyz", nil)
	want := `{"status":"ready","checks":{"database":"ok"}}` + "\n"
	if resp.StatusCode != 200 || string(body) != want {
		t.Fatalf("/readyz = %d %s, want 200 %s", resp.StatusCode, body, want)
	}
}

func TestReadyzUnavailableWhenDatabaseIsGone(t *testing.T) {
	ts := newTestServer(t, nil)
	ts.sc.Pool.Close() // the database becomes unreachable for this server
	resp, body := do(t, "GET", ts.url+"/readyz", nil)
	var got readiness
	if err := json.Unmarshal(body, &got); err != nil {
		t.Fatalf("/readyz body %q: %v", body, err)
	}
	if resp.StatusCode != http.StatusServiceUnavailable || got.Status != "not ready" ||
		fmt.Sprint(got.Checks) != "map[database:unavailable]" {
		t.Fatalf("/readyz with the pool closed = %d %s", resp.StatusCode, body)
	}
	if resp, _ := do(t, "GET", ts.url+"/healthz", nil); resp.StatusCode != 200 {
		t.Fatalf("/healthz = %d while the database is gone, want 200", resp.StatusCode)
	}
}

func TestMetricsCountRequestsByRouteTemplate(t *testing.T) {
	ts := newTestServer(t, nil)
	do(t, "GET", ts.url+"/healthz", nil)
	do(t, "GET", ts.url+"/healthz", nil)
	do(t, "GET", ts.url+"/nothing-here", nil)
	do(t, "BREW", ts.url+"/healthz", nil)
	resp, body := do(t, "GET", ts.url+"/metrics", nil)
	if resp.StatusCode != 200 {
		t.Fatalf("/metrics = %d", resp.StatusCode)
	}
	for _, want := range []string{
		`kinerja_http_requests_total{method="GET",route="/healthz",status="200"} 2`,
		`kinerja_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`kinerja_http_requests_total{method="OTHER",route="unmatched",status="405"} 1`,
		`kinerja_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"} 2`,
		"go_goroutines ", "process_resident_memory_bytes ",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

func TestServersHaveSeparateRegistries(t *testing.T) {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	sc := pgtest.New(t)
	st, err := pgstore.New(sc.Pool, pgstore.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := 0; i < 2; i++ { // a global registry would fail the second time
		if _, err := NewServer(ServerConfig{}, Deps{Logger: logger, Database: sc.Pool, Events: st}); err != nil {
			t.Fatalf("server %d: %v", i, err)
		}
	}
}

func TestServerConfig(t *testing.T) {
	var c ServerConfig
	c.SetDefaults()
	if err := c.Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
	if c.ReadHeaderTimeout <= 0 || c.ReadTimeout <= 0 || c.WriteTimeout <= 0 || c.IdleTimeout <= 0 || c.MaxHeaderBytes <= 0 {
		t.Fatalf("defaults leave a timeout or limit unset: %+v", c)
	}
	bad := []func(*ServerConfig){
		func(c *ServerConfig) { c.Addr = "no-port" },
		func(c *ServerConfig) { c.ReadTimeout = -time.Second },
		func(c *ServerConfig) { c.MaxHeaderBytes = 10 },
	}
	for i, f := range bad {
		c2 := c
		f(&c2)
		if err := c2.Validate(); err == nil {
			t.Errorf("case %d: Validate accepted %+v", i, c2)
		}
	}
	if _, err := NewServer(ServerConfig{}, Deps{}); err == nil {
		t.Error("NewServer accepted missing dependencies")
	}
}
