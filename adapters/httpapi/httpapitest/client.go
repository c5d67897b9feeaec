package httpapitest

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/auth"
	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// Token mints a token for nip of instansi with roles, valid for TokenTTL
// from the clock's time, for the server's audience (Options.Audience).
func (s *Server) Token(t testing.TB, nip, instansi string, roles ...actor.Role) string {
	t.Helper()
	return s.TokenAt(t, nip, instansi, s.Clock.Now(), TokenTTL, roles...)
}

// TokenAt mints a token for nip of instansi with roles, issued at iat and
// valid for ttl, for the server's audience.
func (s *Server) TokenAt(t testing.TB, nip, instansi string, iat time.Time, ttl time.Duration, roles ...actor.Role) string {
	t.Helper()
	p := auth.Principal{NIP: nip, Roles: roles, Instansi: instansi}
	tok, err := auth.MintHS256For(Secret(), p, auth.Issuance{Audience: s.opts.Audience}, iat, ttl)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// Response is a response with its body read.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body into v.
func (r Response) JSON(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("body %.500s: %v", r.Body, err)
	}
}

// Problem decodes a problem body; it fails the test if the response is not one.
func (r Response) Problem(t testing.TB) httpapi.Problem {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); ct != httpapi.ProblemContentType {
		t.Fatalf("status %d with Content-Type %q, want a problem: %.500s", r.Status, ct, r.Body)
	}
	var p httpapi.Problem
	r.JSON(t, &p)
	return p
}

// Must fails the test unless the response has status want.
func (r Response) Must(t testing.TB, want int, what string) Response {
	t.Helper()
	if r.Status != want {
		t.Fatalf("%s: status %d, want %d: %.500s", what, r.Status, want, r.Body)
	}
	return r
}

// Send makes a request. body is sent as JSON unless it is a string or a
// []byte, which are sent as they are; extra holds header pairs (a
// "Content-Type" pair replaces application/json). path may hold a query.
func (s *Server) Send(t testing.TB, method, path, token string, body any, extra ...string) Response {
	t.Helper()
	rd := requestBody(t, body)
	req, err := http.NewRequestWithContext(context.Background(), method, s.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		req.Header.Set(extra[i], extra[i+1])
	}
	return s.Do(t, req)
}

// requestTimeout bounds a request of Send and Do, body included, so that a
// response that never ends (a stream) fails the test instead of hanging it.
const requestTimeout = 30 * time.Second

// Do sends req and reads the response, within requestTimeout. The exchange
// is checked against the OpenAPI document (see Client).
func (s *Server) Do(t testing.TB, req *http.Request) Response {
	t.Helper()
	c := s.Client(t)
	c.Timeout = requestTimeout
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: b}
}

// requestBody returns the reader of a request body (see Send), or nil.
func requestBody(t testing.TB, body any) io.Reader {
	t.Helper()
	switch b := body.(type) {
	case nil:
		return nil
	case string:
		return strings.NewReader(b)
	case []byte:
		return bytes.NewReader(b)
	}
	raw, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(raw)
}

// Head returns the global position of the last event.
func (s *Server) Head(t testing.TB) uint64 {
	t.Helper()
	pos, _, err := s.Store.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return pos
}

// Stream reads a whole stream.
func (s *Server) Stream(t testing.TB, name string) []eventlog.Event {
	t.Helper()
	evs, err := s.Store.ReadStream(context.Background(), name, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// Denied sends a request, checks that it is refused with status and that
// nothing was appended to the log, and returns the problem.
func (s *Server) Denied(t testing.TB, status int, what, method, path, token string, body any, extra ...string) httpapi.Problem {
	t.Helper()
	before := s.Head(t)
	r := s.Send(t, method, path, token, body, extra...).Must(t, status, what)
	p := r.Problem(t)
	if after := s.Head(t); after != before {
		t.Fatalf("%s: the log moved from %d to %d", what, before, after)
	}
	return p
}

// FlushAccess writes the access log's buffered entries.
func (s *Server) FlushAccess(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Access.Flush(ctx); err != nil {
		t.Fatal(err)
	}
}
