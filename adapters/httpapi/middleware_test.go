package httpapi

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

func TestRequestID(t *testing.T) {
	uuidV7 := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)
	ts := newTestServer(t, nil)
	resp, _ := do(t, "GET", ts.url+"/healthz", nil)
	if id := resp.Header.Get(RequestIDHeader); !uuidV7.MatchString(id) {
		t.Fatalf("generated request id %q is not a UUIDv7", id)
	}
	resp, _ = do(t, "GET", ts.url+"/healthz", http.Header{RequestIDHeader: {"client-abc-123"}})
	if id := resp.Header.Get(RequestIDHeader); id != "client-abc-123" {
		t.Fatalf("request id %q, want the client's", id)
	}
	resp, _ = do(t, "GET", ts.url+"/healthz", http.Header{RequestIDHeader: {strings.Repeat("x", 200)}})
	if id := resp.Header.Get(RequestIDHeader); !uuidV7.MatchString(id) {
		t.Fatalf("an overlong client id was kept: %q", id)
	}
}

func TestOneLogLinePerRequest(t *testing.T) {
	ts := newTestServer(t, nil)
	do(t, "GET", ts.url+"/healthz?x=1", http.Header{RequestIDHeader: {"req-1"}})
	lines := ts.logs.lines(t)
	if len(lines) != 1 {
		t.Fatalf("got %d log lines, want 1: %v", len(lines), lines)
	}
	l := lines[0]
	want := map[string]any{"msg": "http request", "method": "GET", "route": "/healthz", "path": "/healthz",
		"status": float64(200), "bytes": float64(16), "request_id": "req-1"}
	for k, v := range want {
		if l[k] != v {
			t.Errorf("log %s = %v, want %v", k, l[k], v)
		}
	}
	if _, ok := l["duration_ms"].(float64); !ok {
		t.Errorf("log has no duration_ms: %v", l)
	}
	if r, _ := l["remote"].(string); !strings.HasPrefix(r, "127.0.0.1:") {
		t.Errorf("log remote = %v", l["remote"])
	}
}

func TestPanicBecomesProblemWithoutInternals(t *testing.T) {
	ts := newTestServer(t, func(s *Server) {
		s.router.HandleFunc("/boom", func(http.ResponseWriter, *http.Request) {
			panic("secret connection string postgres://admin:hunter2@db")
		})
	})
	resp, body := doWith(t, http.DefaultClient, "GET", ts.url+"/boom", nil) // /boom is the test's own route
	if resp.StatusCode != 500 || resp.Header.Get("Content-Type") != ProblemContentType {
		t.Fatalf("panic = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if strings.Contains(string(body), "hunter2") || strings.Contains(string(body), "goroutine") {
		t.Fatalf("the problem reveals internals: %s", body)
	}
	var p Problem
	if err := json.Unmarshal(body, &p); err != nil || p.Type != TypeInternal || p.Status != 500 || p.RequestID == "" {
		t.Fatalf("problem = %+v (%v)", p, err)
	}
	var sawPanic, sawRequest bool
	for _, l := range ts.logs.lines(t) {
		sawPanic = sawPanic || (l["msg"] == "panic in handler" && l["request_id"] == p.RequestID)
		sawRequest = sawRequest || (l["msg"] == "http request" && l["status"] == float64(500) && l["level"] == "ERROR")
	}
	if !sawPanic || !sawRequest {
		t.Fatalf("logs lack the panic or the 500 request line: %v", ts.logs.lines(t))
	}
	if resp, _ := do(t, "GET", ts.url+"/healthz", nil); resp.StatusCode != 200 {
		t.Fatal("the server stopped serving after a panic")
	}
}
