package rebuild_test

import (
	"context"
	"log/slog"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/adapters/esdbstore"
	"github.com/kinerja/kinerja/adapters/esdbstore/esdbtest"
	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
)

// env is a migrated schema with an event store over it.
type env struct {
	sc      *pgtest.Schema
	store   testLog
	channel string
}

// testLog is what the tests need of an event store.
type testLog interface {
	command.EventStore
	rebuild.ReplayLog
}

// The event store backends of the test matrix: PostgreSQL, and
// EventStoreDB on the in-process fake server.
var testBackends = []string{"postgres", "esdb"}

func newEnv(t testing.TB) *env { return newEnvOn(t, "postgres") }

// newEnvOn is newEnv on the backend named (one of testBackends).
func newEnvOn(t testing.TB, backend string) *env {
	t.Helper()
	sc := pgtest.New(t)
	channel := "kinerja_events_" + sc.Name
	if backend == "esdb" {
		st, err := esdbstore.Open(context.Background(), esdbtest.Start(t).URL(), esdbstore.Config{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(st.Close)
		return &env{sc: sc, store: st, channel: channel}
	}
	st, err := pgstore.New(sc.Pool, pgstore.Config{NotifyChannel: channel})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	return &env{sc: sc, store: st, channel: channel}
}

func testCtx(t testing.TB, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

// appendAll appends the generated appends in order.
func (e *env) appendAll(t testing.TB, appends []projectiontest.Append) {
	t.Helper()
	ctx := testCtx(t, 5*time.Minute)
	for _, a := range appends {
		if _, err := e.store.Append(ctx, a.Stream, eventlog.Any, a.Events...); err != nil {
			t.Fatalf("append to %s: %v", a.Stream, err)
		}
	}
}

func testLogger() *slog.Logger {
	level := slog.LevelError + 4
	if os.Getenv("EVENTBUS_TEST_LOG") != "" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}

// feed runs ps live until the test ends, as the runtime would: each from
// its checkpoint, in batches of at most batch events, each batch prepared
// and applied in its own transaction.
func (e *env) feed(t testing.TB, batch int, ps ...readside.Projection) {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, p := range ps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := e.feedOne(ctx, batch, p); err != nil && ctx.Err() == nil {
				t.Errorf("live %s: %v", p.Name(), err)
			}
		}()
	}
	t.Cleanup(func() {
		cancel()
		wg.Wait()
	})
}

// feedOne applies the log to p until ctx ends or an apply fails.
func (e *env) feedOne(ctx context.Context, batch int, p readside.Projection) error {
	for ctx.Err() == nil {
		cp, err := readside.Checkpoint(ctx, e.sc.Pool, p.Name())
		if err != nil {
			return err
		}
		events, err := e.store.ReadAll(ctx, cp, batch)
		if err != nil {
			return err
		}
		if len(events) == 0 {
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if _, err := readside.ApplyPage(ctx, e.sc.Pool, p, readside.PreparePage(p, events)); err != nil {
			return err
		}
	}
	return nil
}

// waitCheckpoint waits until the projection's checkpoint reaches pos, with
// the read side's own wait.
func waitCheckpoint(t testing.TB, pool *pgxpool.Pool, name string, pos uint64, within time.Duration) {
	t.Helper()
	if cp, ok, err := readside.WaitFor(context.Background(), pool, name, pos, within); err != nil || !ok {
		t.Fatalf("projection %s: checkpoint %d, want %d within %s (%v)", name, cp, pos, within, err)
	}
}

// head returns the log's head position.
func (e *env) head(t testing.TB) uint64 {
	t.Helper()
	h, _, err := e.store.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h
}
