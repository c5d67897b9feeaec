package httpapi

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/eventbus"
	"github.com/kinerja/kinerja/projections/promotion"
	"github.com/kinerja/kinerja/projections/standings"
)

// readServer is an apiServer whose read models are fed by a runner of the
// standings and promotion projections in the test process, monitored on
// the server's registry.
type readServer struct {
	*apiServer
	mon *eventbus.Monitor
}

// newReadServer returns a readServer whose reads wait at most maxWait for
// min_position. The projections do not run until startProjections.
func newReadServer(t *testing.T, maxWait time.Duration) *readServer {
	t.Helper()
	base := newAPIServer(t)
	api := *base.srv.api
	api.ReadModels = &ReadModels{DB: base.sc.Pool, MaxWait: maxWait}
	logger := slog.New(slog.NewJSONHandler(io.Discard, nil))
	srv, err := NewServer(ServerConfig{}, Deps{Logger: logger, Database: base.sc.Pool, Events: base.store, API: &api})
	if err != nil {
		t.Fatal(err)
	}
	mon, err := eventbus.NewMonitor(base.sc.Pool, base.store, srv.Registry(), standings.Name, promotion.Name)
	if err != nil {
		t.Fatal(err)
	}
	srv.SetProjections(mon)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	a := *base
	a.url, a.srv = hs.URL, srv
	return &readServer{apiServer: &a, mon: mon}
}

// startProjections runs standings and promotion until the test ends.
func (rs *readServer) startProjections(t *testing.T) {
	t.Helper()
	cfg := eventbus.RunnerConfig{
		Subscriber: eventbus.SubscriberConfig{BatchSize: 100, NotifyChannel: "kinerja_events_" + rs.sc.Name, PollInterval: 100 * time.Millisecond},
		LockRetry:  100 * time.Millisecond, LockCheck: 100 * time.Millisecond,
		Retry:   eventbus.RetryConfig{MaxRetries: 1, InitialInterval: 5 * time.Millisecond, MaxInterval: 10 * time.Millisecond},
		Logger:  slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Monitor: rs.mon,
	}
	r, err := eventbus.NewRunner(rs.sc.Pool, rs.store, cfg, standings.New(), promotion.New())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = r.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

// get sends a GET with the token and decodes a 200 JSON body into v.
func (rs *readServer) get(t *testing.T, path, token string, v any, extra ...string) response {
	t.Helper()
	r := rs.send(t, "GET", path, token, nil, extra...).must(t, 200, "GET "+path)
	if v != nil {
		r.json(t, v)
	}
	return r
}

// projectionPosition returns the X-Projection-Position of a response.
func projectionPosition(t *testing.T, r response) uint64 {
	t.Helper()
	n, err := strconv.ParseUint(r.header.Get(HeaderProjectionPosition), 10, 64)
	if err != nil {
		t.Fatalf("%s %q: %v", HeaderProjectionPosition, r.header.Get(HeaderProjectionPosition), err)
	}
	return n
}

// written decodes a write response.
func written(t *testing.T, r response) writeResponse {
	t.Helper()
	var w writeResponse
	r.json(t, &w)
	return w
}
