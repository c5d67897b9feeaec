package httpapitest

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/adapters/accesslog"
	"github.com/kinerja/kinerja/adapters/auth"
	"github.com/kinerja/kinerja/adapters/csvimport"
	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// Secret returns the key that signs the fixture's bearer tokens (HS256).
func Secret() []byte { return []byte("k3P9x!Qv7s#Lm2Rw8Zt5Yb1Nc6Hd4Jf0") }

// WIB returns the time zone of the fixture's instansi.
func WIB() *time.Location { return time.FixedZone("WIB", 7*60*60) }

// Day returns 10:00 WIB on the given day of 2025.
func Day(month time.Month, d int) time.Time { return time.Date(2025, month, d, 10, 0, 0, 0, WIB()) }

// Clock is a settable clock shared by the command service, the token
// verifier and the server.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set sets the clock's time.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// Options change how New wires the server. The zero value is the server
// cmd/kinerja serves.
type Options struct {
	// WrapStore, if set, wraps the event store the command service uses
	// (to run a hook between a decision and its append, say). Everything
	// else reads the store itself.
	WrapStore func(command.EventStore) command.EventStore
	// Logger receives the server's logs (default: discarded).
	Logger *slog.Logger
	// Audience, if set, is the aud the token verifier requires
	// (KINERJA_JWT_AUDIENCE); Token mints tokens for it.
	Audience string
	// DatabaseURL, if set, is the database of the event store, the
	// idempotency store, the read models and the readiness check, instead
	// of the test's schema (a closed port makes the database unreachable).
	// The access log and replays stay on the test's schema.
	DatabaseURL string
	// MaxWait bounds the wait of ?min_position= (default: the server's).
	MaxWait time.Duration
}

// Server is a running server and what it runs on.
type Server struct {
	// URL is the server's base URL (http://127.0.0.1:port).
	URL string
	// HTTP is the server under test.
	HTTP *httpapi.Server
	// Store is the event store, unwrapped.
	Store *pgstore.Store
	// Service runs the server's commands.
	Service *command.Service
	// Clock is the clock of commands and tokens; it starts on 6 January 2025.
	Clock *Clock
	// Schema is the test's PostgreSQL schema and its pool.
	Schema *pgtest.Schema
	// Access is the server's access log.
	Access *accesslog.Store
	// Channel is the store's LISTEN/NOTIFY channel.
	Channel string
	// Importer is the server's CSV importer; Bootstrap imports through it
	// as the system actor.
	Importer *csvimport.Importer
	// opts are the options the server was started with.
	opts Options
}

// TokenTTL is the lifetime of the tokens Token mints, and the longest the
// fixture's verifier accepts: the tests move the clock through the year.
const TokenTTL = 400 * 24 * time.Hour

// New starts a server over a fresh schema; it stops when the test ends.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	sc := pgtest.New(t)
	channel := "kinerja_events_" + sc.Name
	pool := sc.Pool
	if opts.DatabaseURL != "" {
		pool = pgtest.Pool(t, opts.DatabaseURL)
	}
	st, err := pgstore.New(pool, pgstore.Config{NotifyChannel: channel})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	s := &Server{Store: st, Clock: &Clock{t: Day(time.January, 6)}, Schema: sc, Channel: channel, opts: opts}
	var store command.EventStore = st
	if opts.WrapStore != nil {
		store = opts.WrapStore(st)
	}
	if s.Service, err = command.NewService(command.ServiceConfig{Store: store, Now: s.Clock.Now, Location: WIB()}); err != nil {
		t.Fatal(err)
	}
	s.Access = newAccessLog(t, sc)
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.NewJSONHandler(io.Discard, nil))
	}
	srv, err := httpapi.NewServer(httpapi.ServerConfig{}, httpapi.Deps{Logger: logger, Database: pool, Events: st, API: s.api(t, pool)})
	if err != nil {
		t.Fatal(err)
	}
	s.URL, s.HTTP = serve(t, srv), srv
	return s
}

// serve runs srv, with its own timeouts and limits, on a fresh port of
// 127.0.0.1 until the test ends, and returns its base URL.
func serve(t testing.TB, srv *httpapi.Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			_ = srv.Close()
		}
		if err := <-done; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

// api returns the /v1 API as cmd/kinerja wires it, over the database of
// pool.
func (s *Server) api(t testing.TB, pool *pgxpool.Pool) *httpapi.API {
	t.Helper()
	v, err := auth.NewVerifier(auth.Config{HS256Secret: Secret(), Now: s.Clock.Now, MaxTTL: TokenTTL, Audience: s.opts.Audience})
	if err != nil {
		t.Fatal(err)
	}
	if s.Importer, err = csvimport.New(csvimport.Config{Service: s.Service, Now: s.Clock.Now, RowFault: httpapi.RowFault}); err != nil {
		t.Fatal(err)
	}
	replays, err := rebuild.NewReplays(s.Schema.Pool, s.Store, rebuild.ReplaysConfig{Projections: Projections(),
		MaxReplays: 3, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dropReplays(s.Schema.Pool) })
	return &httpapi.API{Service: s.Service, Importer: s.Importer, Auth: verifierAuth{v},
		Idempotency: idempotencyStore{pgstore.NewIdempotencyStore(pool)}, Audit: s.Store, Location: WIB(),
		Now: s.Clock.Now, ReadModels: &httpapi.ReadModels{DB: pool, MaxWait: s.opts.MaxWait}, Replays: replays, Access: s.Access,
		Live: &httpapi.LiveUpdates{Log: s.Store}}
}

// newAccessLog opens the access log over the schema; it is flushed and
// closed when the test ends.
func newAccessLog(t testing.TB, sc *pgtest.Schema) *accesslog.Store {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st, err := accesslog.New(ctx, sc.Pool, accesslog.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := st.Close(ctx); err != nil {
			t.Error(err)
		}
	})
	return st
}

// dropReplays drops every replay schema a test left, of any instansi.
func dropReplays(pool *pgxpool.Pool) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	list, _ := rebuild.ListReplays(ctx, pool)
	for _, info := range list {
		_ = rebuild.DropReplay(ctx, pool, info.Schema)
	}
}

// verifierAuth is the Authenticator cmd/kinerja wires: an auth.Verifier.
type verifierAuth struct{ v *auth.Verifier }

// Authenticate verifies the bearer token in header.
func (a verifierAuth) Authenticate(ctx context.Context, header string) (httpapi.Principal, error) {
	p, err := a.v.Authenticate(ctx, header)
	return httpapi.Principal(p), err
}

// idempotencyStore is the IdempotencyStore cmd/kinerja wires: pgstore's.
type idempotencyStore struct{ s *pgstore.IdempotencyStore }

// Reserve reserves (actor, key) for the request with hash.
func (i idempotencyStore) Reserve(ctx context.Context, actor, key string, hash []byte, path string) (httpapi.Reservation, error) {
	r, err := i.s.Reserve(ctx, actor, key, hash, path)
	return httpapi.Reservation{Owned: r.Owned, Pending: r.Pending, Stored: httpapi.StoredResponse(r.Stored), Path: r.Path}, err
}

// Complete stores the response of the owned reservation.
func (i idempotencyStore) Complete(ctx context.Context, actor, key string, resp httpapi.StoredResponse) error {
	return i.s.Complete(ctx, actor, key, pgstore.StoredResponse(resp))
}

// Release frees the owned reservation of a refused request.
func (i idempotencyStore) Release(ctx context.Context, actor, key string, hash []byte) error {
	return i.s.Release(ctx, actor, key, hash)
}

// Abandon ends the lease of the owned reservation of a failed request.
func (i idempotencyStore) Abandon(ctx context.Context, actor, key string, hash []byte) error {
	return i.s.Abandon(ctx, actor, key, hash)
}
