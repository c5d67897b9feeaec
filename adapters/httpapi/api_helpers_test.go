package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"github.com/kinerja/kinerja/adapters/auth"
	"github.com/kinerja/kinerja/adapters/csvimport"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/accesslog"
	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// testClock is a settable clock shared by the Service and the server.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

var wib = time.FixedZone("WIB", 7*60*60)

// day returns 10:00 WIB on the given day of 2025.
func day(month time.Month, d int) time.Time { return time.Date(2025, month, d, 10, 0, 0, 0, wib) }

// apiServer is a full server with the /v1 API over a fresh schema, served
// on 127.0.0.1:0.
type apiServer struct {
	url   string
	srv   *Server
	store testStore
	svc   *command.Service
	clock *testClock
	sc    *pgtest.Schema
	// access is the server's access log.
	access *accesslog.Store
}

func newAPIServer(t testing.TB, opts ...func(*API, *pgtest.Schema)) *apiServer {
	t.Helper()
	return newAPIServerOn(t, backendPostgres, opts...)
}

// newAPIServerOn is newAPIServer with the event store backend named.
func newAPIServerOn(t testing.TB, backend string, opts ...func(*API, *pgtest.Schema)) *apiServer {
	t.Helper()
	return newAPIServerCfg(t, backend, ServerConfig{}, nil, opts...)
}

// newAPIServerWith is newAPIServerOn with the service's configuration
// changed by tweak (nil: unchanged), such as its policies.
func newAPIServerWith(t testing.TB, backend string, tweak func(*command.ServiceConfig), opts ...func(*API, *pgtest.Schema)) *apiServer {
	t.Helper()
	return newAPIServerCfg(t, backend, ServerConfig{}, tweak, opts...)
}

// newAPIServerServing is newAPIServer with the server configured by srvCfg.
func newAPIServerServing(t testing.TB, srvCfg ServerConfig, opts ...func(*API, *pgtest.Schema)) *apiServer {
	t.Helper()
	return newAPIServerCfg(t, backendPostgres, srvCfg, nil, opts...)
}

// newAPIServerCfg is newAPIServerOn with the server configured by srvCfg
// and the service's configuration changed by tweak (nil: unchanged).
func newAPIServerCfg(t testing.TB, backend string, srvCfg ServerConfig, tweak func(*command.ServiceConfig), opts ...func(*API, *pgtest.Schema)) *apiServer {
	t.Helper()
	sc := pgtest.New(t)
	st := openTestStore(t, sc, backend)
	clock := &testClock{t: day(time.January, 6)}
	cfg := command.ServiceConfig{Store: st, Now: clock.Now, Location: wib}
	if tweak != nil {
		tweak(&cfg)
	}
	svc, err := command.NewService(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// The tests mint tokens for the whole test year (a.token), since the clock moves through it.
	v, err := auth.NewVerifier(auth.Config{HS256Secret: testSecret, Now: clock.Now, MaxTTL: 400 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	acc := newTestAccessLog(t, sc.Pool)
	im, err := csvimport.New(csvimport.Config{Service: svc, Now: clock.Now, RowFault: RowFault})
	if err != nil {
		t.Fatal(err)
	}
	api := &API{Service: svc, Importer: im, Auth: verifierAuth{v}, Idempotency: idempotencyStore{pgstore.NewIdempotencyStore(sc.Pool)}, Audit: st, Location: wib, Now: clock.Now,
		ReadModels: &ReadModels{DB: sc.Pool}, Replays: testReplays(t, sc.Pool, st), Access: acc,
		Live: &LiveUpdates{Log: st}}
	for _, o := range opts {
		o(api, sc)
	}
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	srv, err := NewServer(srvCfg, Deps{Logger: logger, Database: sc.Pool, Events: st, API: api})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	return &apiServer{url: hs.URL, srv: srv, store: st, svc: svc, clock: clock, sc: sc, access: acc}
}

// token mints a token valid for the rest of the test year.
func (a *apiServer) token(t testing.TB, nip, instansi string, roles ...actor.Role) string {
	t.Helper()
	tok, err := mintHS256(testSecret, Principal{NIP: nip, Roles: roles, Instansi: instansi}, a.clock.Now(), 400*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// response is a response with its body read.
type response struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body into v.
func (r response) json(t testing.TB, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("body %s: %v", r.body, err)
	}
}

// problem decodes a problem body.
func (r response) problem(t testing.TB) Problem {
	t.Helper()
	if ct := r.header.Get("Content-Type"); ct != ProblemContentType {
		t.Fatalf("status %d with Content-Type %q, want a problem: %s", r.status, ct, r.body)
	}
	var p Problem
	r.json(t, &p)
	return p
}

// send makes a request: body is sent as JSON unless it is a string or
// []byte, which are sent as they are; extra holds header pairs.
func (a *apiServer) send(t testing.TB, method, path, token string, body any, extra ...string) response {
	t.Helper()
	var rd io.Reader
	ct := "application/json"
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	case []byte:
		rd = bytes.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(context.Background(), method, a.url+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", ct)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		req.Header.Set(extra[i], extra[i+1])
	}
	resp, err := checkedClient(t).Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

// must fails the test unless the response has status want.
func (r response) must(t testing.TB, want int, what string) response {
	t.Helper()
	if r.status != want {
		t.Fatalf("%s: status %d, want %d: %s", what, r.status, want, r.body)
	}
	return r
}

// head returns the global position of the last event.
func (a *apiServer) head(t testing.TB) uint64 {
	t.Helper()
	pos, _, err := a.store.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return pos
}

// stream reads a whole stream.
func (a *apiServer) stream(t testing.TB, name string) []eventlog.Event {
	t.Helper()
	evs, err := a.store.ReadStream(context.Background(), name, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

// denied checks that a request is refused with status and problem type typ
// and that nothing was appended to the log.
func (a *apiServer) denied(t testing.TB, status int, typ, what, method, path, token string, body any, extra ...string) Problem {
	t.Helper()
	before := a.head(t)
	r := a.send(t, method, path, token, body, extra...)
	if r.status != status {
		t.Fatalf("%s: status %d, want %d: %s", what, r.status, status, r.body)
	}
	p := r.problem(t)
	if p.Type != typ {
		t.Fatalf("%s: problem type %s, want %s", what, p.Type, typ)
	}
	if after := a.head(t); after != before {
		t.Fatalf("%s: the log moved from %d to %d", what, before, after)
	}
	return p
}

// testSecret signs the tests' bearer tokens.
var testSecret = []byte("4f1c9e27b8d3a6051e7f2c94d8b3a6e0c5f19d2e7b4a8c3061f9e2d7b5a4c830")

// verifierAuth is the Authenticator cmd/kinerja wires: an auth.Verifier.
type verifierAuth struct{ v *auth.Verifier }

func (a verifierAuth) Authenticate(ctx context.Context, header string) (Principal, error) {
	p, err := a.v.Authenticate(ctx, header)
	return Principal(p), err
}

// mintHS256 mints a token for p (see auth.MintHS256).
func mintHS256(secret []byte, p Principal, now time.Time, ttl time.Duration) (string, error) {
	return auth.MintHS256(secret, auth.Principal(p), now, ttl)
}

// idempotencyStore is the IdempotencyStore cmd/kinerja wires: pgstore's.
type idempotencyStore struct{ s *pgstore.IdempotencyStore }

func (i idempotencyStore) Reserve(ctx context.Context, actor, key string, hash []byte, path string) (Reservation, error) {
	r, err := i.s.Reserve(ctx, actor, key, hash, path)
	return Reservation{Owned: r.Owned, Pending: r.Pending, Stored: StoredResponse(r.Stored), Path: r.Path}, err
}

func (i idempotencyStore) Complete(ctx context.Context, actor, key string, resp StoredResponse) error {
	return i.s.Complete(ctx, actor, key, pgstore.StoredResponse(resp))
}

func (i idempotencyStore) Release(ctx context.Context, actor, key string, hash []byte) error {
	return i.s.Release(ctx, actor, key, hash)
}

func (i idempotencyStore) Abandon(ctx context.Context, actor, key string, hash []byte) error {
	return i.s.Abandon(ctx, actor, key, hash)
}
