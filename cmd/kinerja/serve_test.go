package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/migrations/pgtest"
)

// server is a "kinerja serve" started by a test on a free port.
type server struct {
	base   string
	cancel context.CancelFunc
	done   chan error
	stderr *syncBuffer
}

// startServe runs "kinerja serve" on the test schema's database, listening
// on 127.0.0.1:0, and waits until it accepts connections.
func startServe(t *testing.T, sc *pgtest.Schema, extraEnv map[string]string) *server {
	t.Helper()
	vars := map[string]string{"DATABASE_URL": sc.URL, "KINERJA_ADDR": "127.0.0.1:0", "KINERJA_LOG_LEVEL": "debug"}
	for k, v := range extraEnv {
		vars[k] = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	addrs := make(chan string, 1)
	s := &server{cancel: cancel, done: make(chan error, 1), stderr: &syncBuffer{}}
	e := &env{getenv: mapEnv(vars), stdout: io.Discard, stderr: s.stderr, listening: func(a string) { addrs <- a }}
	go func() { s.done <- runEnv(ctx, []string{"serve"}, e) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-s.done:
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop within 30s of cancel")
		}
	})
	select {
	case a := <-addrs:
		s.base = "http://" + a
	case err := <-s.done:
		t.Fatalf("serve stopped before listening: %v\n%s", err, s.stderr)
	case <-time.After(30 * time.Second):
		t.Fatalf("serve did not listen within 30s\n%s", s.stderr)
	}
	return s
}

// get fetches path and decodes a JSON body into a map.
func get(t *testing.T, url string) (*http.Response, map[string]any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read body: %v", url, err)
	}
	var m map[string]any
	if strings.Contains(resp.Header.Get("Content-Type"), "json") {
		if err := json.Unmarshal(body, &m); err != nil {
			t.Fatalf("GET %s: body %q is not JSON: %v", url, body, err)
		}
	} else {
		m = map[string]any{"text": string(body)}
	}
	return resp, m
}

func TestServeEndpoints(t *testing.T) {
	sc := pgtest.New(t)
	s := startServe(t, sc, nil)

	resp, body := get(t, s.base+"/healthz")
	if resp.StatusCode != 200 || body["status"] != "ok" {
		t.Fatalf("/healthz = %d %v", resp.StatusCode, body)
	}
	if resp.Header.Get("X-Request-Id") == "" {
		t.Fatal("/healthz response has no X-Request-Id")
	}
	resp, body = get(t, s.base+"/readyz")
	checks, _ := body["checks"].(map[string]any)
	if resp.StatusCode != 200 || body["status"] != "ready" || checks["database"] != "ok" || body["head_position"] != nil {
		t.Fatalf("/readyz = %d %v", resp.StatusCode, body)
	}
	resp, body = get(t, s.base+"/no/such/thing")
	if resp.StatusCode != 404 || resp.Header.Get("Content-Type") != "application/problem+json" ||
		body["type"] != "/problems/not-found" || body["status"] != float64(404) {
		t.Fatalf("unknown path = %d %s %v", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	resp, body = get(t, s.base+"/metrics")
	text, _ := body["text"].(string)
	for _, want := range []string{`kinerja_http_requests_total{method="GET",route="/healthz",status="200"} 1`,
		`kinerja_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		"kinerja_http_request_duration_seconds_bucket", "go_goroutines", "process_cpu_seconds_total"} {
		if resp.StatusCode != 200 || !strings.Contains(text, want) {
			t.Fatalf("/metrics (%d) lacks %q", resp.StatusCode, want)
		}
	}
	s.cancel()
	if err := <-s.done; err != nil {
		t.Fatalf("serve returned %v after cancel", err)
	}
	s.done <- nil // for the cleanup
	for _, want := range []string{`"msg":"http request"`, `"route":"/readyz"`, `"msg":"shutdown: HTTP server stopped; all requests finished"`, `"msg":"closing database pool"`} {
		if !strings.Contains(s.stderr.String(), want) {
			t.Fatalf("log lacks %s:\n%s", want, s.stderr)
		}
	}
}

func TestServeFailsOnBusyPort(t *testing.T) {
	sc := pgtest.New(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var out, errOut syncBuffer
	err = run(context.Background(), []string{"serve", "-addr", ln.Addr().String()}, mapEnv(map[string]string{"DATABASE_URL": sc.URL}), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "listen on") {
		t.Fatalf("serve on a busy port returned %v", err)
	}
}
