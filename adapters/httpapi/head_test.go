package httpapi

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
)

// routeVar matches a path variable of a route template, with its optional
// pattern: {nip} or {year:[1-9][0-9]{3}}.
var routeVar = regexp.MustCompile(`\{([a-z]+)(?::(?:[^{}]|\{[^{}]*\})*)?\}`)

// fixturePath fills the variables of a route template with the fixture's
// objects, so that requests reach the handlers; vals overrides some.
func fixturePath(t *testing.T, tpl string, vals map[string]string) string {
	t.Helper()
	std := map[string]string{"nip": pegawai, "year": "2025", "window": "1", "code": "bidang-a", "instansi": instansi,
		"iki": "iki-1", "no": "1", "kind": "units", "schema": "replay_missing", "type": "validation"}
	return routeVar.ReplaceAllStringFunc(tpl, func(v string) string {
		name := routeVar.FindStringSubmatch(v)[1]
		if val, ok := vals[name]; ok {
			return val
		}
		val, ok := std[name]
		if !ok {
			t.Fatalf("route %s: no value for the path variable %s", tpl, name)
		}
		return val
	})
}

// headersLikeGet fails the test unless the HEAD response head answers as
// the GET response get did: the same status and the same headers (but the
// ones that differ between any two requests), and no body.
func headersLikeGet(t *testing.T, what string, get, head response) {
	t.Helper()
	if head.status != get.status {
		t.Errorf("%s: HEAD %d, GET %d: %.300s", what, head.status, get.status, get.body)
		return
	}
	if len(head.body) != 0 {
		t.Errorf("%s: HEAD has a body: %.200s", what, head.body)
	}
	for k := range union(get.header, head.header) {
		switch k {
		case "Date", RequestIDHeader:
			continue
		case "Content-Length": // a HEAD need not say how long the GET's body is; if it does, the same
			if head.header.Get(k) == "" {
				continue
			}
		}
		if g, h := get.header.Values(k), head.header.Values(k); !slices.Equal(g, h) {
			t.Errorf("%s: header %s: GET %q, HEAD %q", what, k, g, h)
		}
	}
}

func union(a, b http.Header) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// TestHeadAnswersAsGetOnEveryReadRoute sends HEAD to every route of the
// route table that answers GET (the live stream has its own test), with a
// token that has every role, with none, and as the employee (refused on
// most): each HEAD answers with the GET's status and headers (Content-Type,
// ETag, Cache-Control, Vary …) and no body. HEAD once answered 405 on every
// /v1 read.
func TestHeadAnswersAsGetOnEveryReadRoute(t *testing.T) {
	a, tk := approvedSKP(t)
	all := a.token(t, hrNIP, instansi, actor.HR, actor.Admin, actor.Auditor, actor.Inspektorat,
		actor.Pimpinan, actor.PejabatPenilai, actor.Pegawai)
	toks := map[string]string{"every role": all, "no token": "", "rekan": tk.rekan}
	n := 0
	for _, rt := range a.srv.Routes() {
		if !slices.Contains(rt.Methods, http.MethodGet) || rt.Path == "/v1/me/events" {
			continue
		}
		path := fixturePath(t, rt.Path, nil)
		for who, tok := range toks {
			get, head := a.send(t, "GET", path, tok, nil), a.send(t, "HEAD", path, tok, nil)
			headersLikeGet(t, who+" "+path, get, head)
			n++
		}
	}
	if n < 3*30 {
		t.Fatalf("only %d routes swept", n/3)
	}
	// An export: its attachment headers, and the XLSX's length.
	for _, q := range []string{"?format=csv", "?format=xlsx"} {
		path := "/v1/audit/events" + q
		headersLikeGet(t, path, a.send(t, "GET", path, tk.auditor, nil), a.send(t, "HEAD", path, tk.auditor, nil))
	}
	// A conditional GET and its HEAD agree on the representation's version.
	get := a.send(t, "GET", skpPath, tk.pegawai, nil).must(t, 200, "GET own SKP")
	head := a.send(t, "HEAD", skpPath, tk.pegawai, nil).must(t, 200, "HEAD own SKP")
	if et := head.header.Get("ETag"); et == "" || et != get.header.Get("ETag") {
		t.Errorf("HEAD ETag %q, GET %q", et, get.header.Get("ETag"))
	}
}

// TestMethodNotAllowedListsHead checks the Allow header of a 405: HEAD is
// allowed wherever GET is, and only there.
func TestMethodNotAllowedListsHead(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	for _, c := range []struct{ method, path, allow string }{
		{"PUT", "/v1/employees/" + pegawai, "GET, HEAD"},
		{"PATCH", "/v1/replays/replay_missing", "GET, HEAD, DELETE"},
		{"HEAD", "/v1/employees/" + pegawai + "/transfers", "POST"},
		{"GET", "/v1/employees/" + pegawai + "/transfers", "POST"},
	} {
		r := a.send(t, c.method, c.path, tk.hr, nil)
		if r.status != 405 || r.header.Get("Allow") != c.allow {
			t.Errorf("%s %s: %d with Allow %q, want 405 with %q", c.method, c.path, r.status, r.header.Get("Allow"), c.allow)
		}
	}
}

// TestHeadOnTheLiveStream checks HEAD /v1/me/events: authenticated and
// checked like GET, it answers the stream's headers at once and ends,
// without opening a stream.
func TestHeadOnTheLiveStream(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	c := checkedClient(t)
	c.Timeout = 10 * time.Second
	send := func(tok string, extra ...string) *http.Response {
		t.Helper()
		req, err := http.NewRequestWithContext(context.Background(), "HEAD", a.url+"/v1/me/events", nil)
		if err != nil {
			t.Fatal(err)
		}
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		for i := 0; i+1 < len(extra); i += 2 {
			req.Header.Set(extra[i], extra[i+1])
		}
		resp, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	r := send(tk.pegawai)
	if r.StatusCode != 200 || r.Header.Get("Content-Type") != "text/event-stream; charset=utf-8" || r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("HEAD with a token: %d %q %q", r.StatusCode, r.Header.Get("Content-Type"), r.Header.Get("Cache-Control"))
	}
	if r := send(""); r.StatusCode != 401 || r.Header.Get("Content-Type") != ProblemContentType {
		t.Errorf("HEAD without a token: %d %q", r.StatusCode, r.Header.Get("Content-Type"))
	}
	if r := send(tk.pegawai, "Last-Event-ID", "x"); r.StatusCode != 400 {
		t.Errorf("HEAD with a bad Last-Event-ID: %d, want 400 as for GET", r.StatusCode)
	}
	if n := a.srv.live.openStreams(); n != 0 {
		t.Errorf("%v streams open after the HEADs", n)
	}
}

// TestHeadIsLoggedAndCountedAsHead checks that a HEAD of personal data is
// in the access log as a HEAD, and in the metrics under its route template.
func TestHeadIsLoggedAndCountedAsHead(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	a.send(t, "HEAD", "/v1/employees/"+pegawai, tk.hr, nil).must(t, 200, "HEAD an employee")
	v := a.accessPage(t, tk.auditor, url.Values{"resource_id": {pegawai}})
	if len(v.Entries) != 1 || v.Entries[0].Method != "HEAD" || v.Entries[0].Route != "/v1/employees/{nip}" ||
		v.Entries[0].Status != 200 || v.Entries[0].Subject != hrNIP {
		t.Fatalf("access log entries %+v, want HR's HEAD", v.Entries)
	}
	m := string(a.send(t, "GET", "/metrics", "", nil).must(t, 200, "metrics").body)
	if want := `kinerja_http_requests_total{method="HEAD",route="/v1/employees/{nip}",status="200"} 1`; !strings.Contains(m, want) {
		t.Errorf("/metrics lacks %s", want)
	}
}

// TestHeadIsLoggedWithNoBytes checks the request log line of a HEAD: its
// method and route, and no body bytes, since none were sent (it counted
// the GET's body that net/http dropped).
func TestHeadIsLoggedWithNoBytes(t *testing.T) {
	ts := newTestServer(t, nil)
	resp, body := do(t, "HEAD", ts.url+"/healthz", nil)
	if resp.StatusCode != 200 || len(body) != 0 {
		t.Fatalf("HEAD /healthz: %d with %d bytes", resp.StatusCode, len(body))
	}
	lines := ts.logs.lines(t)
	if len(lines) != 1 {
		t.Fatalf("got %d log lines, want 1: %v", len(lines), lines)
	}
	want := map[string]any{"method": "HEAD", "route": "/healthz", "status": float64(200), "bytes": float64(0)}
	for k, v := range want {
		if lines[0][k] != v {
			t.Errorf("log %s = %v, want %v", k, lines[0][k], v)
		}
	}
}
