package eventbus_test

import (
	"context"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/adapters/eventbus"
	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
)

// env is a migrated schema with an event store over it.
type env struct {
	sc      *pgtest.Schema
	store   *pgstore.Store
	channel string
}

func newEnv(t testing.TB) *env {
	t.Helper()
	sc := pgtest.New(t)
	channel := "kinerja_events_" + sc.Name
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

// runnerConfig is a fast runner configuration for tests.
func (e *env) runnerConfig(batch int) eventbus.RunnerConfig {
	return eventbus.RunnerConfig{
		Subscriber: eventbus.SubscriberConfig{BatchSize: batch, NotifyChannel: e.channel, PollInterval: 200 * time.Millisecond},
		LockRetry:  100 * time.Millisecond, LockCheck: 100 * time.Millisecond,
		Retry:  eventbus.RetryConfig{MaxRetries: 2, InitialInterval: 5 * time.Millisecond, MaxInterval: 20 * time.Millisecond},
		Logger: testLogger(),
	}
}

func testLogger() *slog.Logger {
	level := slog.LevelError + 4
	if os.Getenv("EVENTBUS_TEST_LOG") != "" {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
}

// start runs r until the test ends and returns a function that stops it and
// waits.
func start(t testing.TB, r *eventbus.Runner) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = r.Run(ctx)
	}()
	stop = func() {
		cancel()
		<-done
	}
	t.Cleanup(stop)
	return stop
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

// reapply empties p's tables and checkpoint and applies the whole log to
// it again in one batch, without the runtime: the reference a run must
// equal.
func reapply(t *testing.T, e *env, p readside.Projection) {
	t.Helper()
	ctx := testCtx(t, time.Minute)
	for _, tb := range p.Tables() {
		if _, err := e.sc.Pool.Exec(ctx, `TRUNCATE `+tb); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.sc.Pool.Exec(ctx, `DELETE FROM projection_checkpoints WHERE name = $1`, p.Name()); err != nil {
		t.Fatal(err)
	}
	events, err := e.store.ReadAll(ctx, 0, int(e.head(t)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := readside.ApplyBatch(ctx, e.sc.Pool, p, events); err != nil {
		t.Fatal(err)
	}
}
