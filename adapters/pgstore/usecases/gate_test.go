package usecases_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// gatedStore wraps the PostgreSQL store to interleave commands on purpose:
// once armed, the next n reads of one stream each wait until all n have
// happened, so n concurrent commands decide on the same version and all but
// one meet a conflict when they append. It counts appends and conflicts.
type gatedStore struct {
	command.EventStore
	mu        sync.Mutex
	stream    string
	waiting   int
	open      chan struct{}
	appends   atomic.Int64
	conflicts atomic.Int64
}

// arm makes the next n reads of stream wait for each other.
func (g *gatedStore) arm(stream string, n int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.stream, g.waiting, g.open = stream, n, make(chan struct{})
}

// ReadStream reads from the store, then waits at the gate if it is armed
// for stream.
func (g *gatedStore) ReadStream(ctx context.Context, stream string, after uint64, limit int) ([]eventlog.Event, error) {
	events, err := g.EventStore.ReadStream(ctx, stream, after, limit)
	if err != nil {
		return nil, err
	}
	g.mu.Lock()
	if stream != g.stream || g.waiting == 0 {
		g.mu.Unlock()
		return events, nil
	}
	g.waiting--
	open := g.open
	if g.waiting == 0 {
		close(open)
	}
	g.mu.Unlock()
	select {
	case <-open:
		return events, nil
	case <-time.After(10 * time.Second):
		return nil, errors.New("gate: the other command never read the stream")
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Append appends to the store and counts the outcome.
func (g *gatedStore) Append(ctx context.Context, stream string, expected eventlog.ExpectedVersion, events ...eventlog.NewEvent) (eventlog.AppendResult, error) {
	g.appends.Add(1)
	res, err := g.EventStore.Append(ctx, stream, expected, events...)
	if errors.Is(err, eventlog.ErrConcurrency) {
		g.conflicts.Add(1)
	}
	return res, err
}

// AppendWith appends to the store with conditions and counts the outcome.
func (g *gatedStore) AppendWith(ctx context.Context, stream string, expected eventlog.ExpectedVersion, opts eventlog.AppendOptions, events ...eventlog.NewEvent) (eventlog.AppendResult, error) {
	g.appends.Add(1)
	res, err := g.EventStore.AppendWith(ctx, stream, expected, opts, events...)
	if errors.Is(err, eventlog.ErrConcurrency) {
		g.conflicts.Add(1)
	}
	return res, err
}

// newGatedFixture returns a fixture whose service goes through a gatedStore.
func newGatedFixture(t *testing.T) (*fixture, *gatedStore) {
	t.Helper()
	var g *gatedStore
	f := newFixture(t, func(s command.EventStore) command.EventStore {
		g = &gatedStore{EventStore: s}
		return g
	})
	// Commands of one stream decide side by side, as in two processes: a
	// queued service would hold the second at its turn while the first
	// waits at the gate for it.
	f.svc = unqueued(t, g)
	return f, g
}

// unqueued returns a service on es whose commands of one stream do not
// take turns (command.ServiceConfig.Unqueued), with the fixture's clock.
func unqueued(t *testing.T, es command.EventStore) *command.Service {
	t.Helper()
	svc, err := command.NewService(command.ServiceConfig{Store: es, Unqueued: true, Now: func() time.Time { return on("2025-01-02") }})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// race runs the commands at once and returns their results and errors.
func race(cmds ...func() (command.Result, error)) ([]command.Result, []error) {
	results, errs := make([]command.Result, len(cmds)), make([]error, len(cmds))
	var wg sync.WaitGroup
	for i, cmd := range cmds {
		wg.Go(func() { results[i], errs[i] = cmd() })
	}
	wg.Wait()
	return results, errs
}
