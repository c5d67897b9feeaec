package esdbstore_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/adapters/esdbstore"
	"github.com/kinerja/kinerja/adapters/esdbstore/esdbtest"
	"github.com/kinerja/kinerja/adapters/eventbus"
	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/history"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/promotion"
	"github.com/kinerja/kinerja/projections/standings"
	"github.com/kinerja/kinerja/projections/training"
	"github.com/kinerja/kinerja/projections/unitreport"
)

// backendLog is what the projection tests need of either backend.
type backendLog interface {
	command.EventStore
	eventbus.Log
}

// allProjections returns every read model of the build.
func allProjections() []readside.Projection {
	return []readside.Projection{standings.New(), promotion.New(), unitreport.New(), training.New(), history.New()}
}

// runProjections runs ps through the Watermill runtime (eventbus.Runner)
// over log into sc's schema until stop is called or the test ends.
func runProjections(tb testing.TB, sc *pgtest.Schema, log eventbus.Log, ps ...readside.Projection) (stop func()) {
	tb.Helper()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	r, err := eventbus.NewRunner(sc.Pool, log, eventbus.RunnerConfig{LockRetry: 50 * time.Millisecond, Logger: logger,
		Subscriber: eventbus.SubscriberConfig{BatchSize: 37, PollInterval: 20 * time.Millisecond, NotifyChannel: "kinerja_events_" + sc.Name}}, ps...)
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); _ = r.Run(ctx) }()
	stop = func() { cancel(); <-done }
	tb.Cleanup(stop)
	return stop
}

// appendWorld appends the world in order, retrying appends that fail while
// the server is down (retries are idempotent by event id).
func appendWorld(t *testing.T, st command.EventStore, world []projectiontest.Append) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for _, a := range world {
		for {
			_, err := st.Append(ctx, a.Stream, eventlog.Any, a.Events...)
			if err == nil {
				break
			}
			if ctx.Err() != nil {
				t.Fatalf("append to %s: %v", a.Stream, err)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
}

// waitCaughtUp waits until every projection's checkpoint reaches the head.
func waitCaughtUp(t *testing.T, pool *pgxpool.Pool, log eventbus.Log, ps []readside.Projection) {
	t.Helper()
	head, _, err := log.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for _, p := range ps {
		for {
			cp, err := readside.Checkpoint(context.Background(), pool, p.Name())
			if err != nil {
				t.Fatal(err)
			}
			if cp >= head {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: checkpoint %d, head %d", p.Name(), cp, head)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// dumpWithoutPositions returns every row of the projections' tables as
// JSON, sorted, without the columns that hold global positions and the
// wall-clock updated_at of the projection run: the
// backends number the log differently (PostgreSQL 1, 2, 3…, EventStoreDB
// with commit positions), and everything else must be equal.
func dumpWithoutPositions(t *testing.T, pool *pgxpool.Pool, ps []readside.Projection) string {
	t.Helper()
	var b strings.Builder
	for _, p := range ps {
		for _, tb := range p.Tables() {
			rows, err := pool.Query(context.Background(), fmt.Sprintf(
				`SELECT (SELECT jsonb_object_agg(key, value) FROM jsonb_each(to_jsonb(t)) WHERE key NOT LIKE '%%position%%' AND key <> 'updated_at')::text FROM %s t ORDER BY 1`, tb))
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "== %s\n", tb)
			n := 0
			for rows.Next() {
				var s *string
				if err := rows.Scan(&s); err != nil {
					t.Fatal(err)
				}
				if s != nil {
					b.WriteString(*s + "\n")
				}
				n++
			}
			rows.Close()
			fmt.Fprintf(&b, "(%d rows)\n", n)
		}
	}
	return b.String()
}

// pgReadModels builds every read model from world on the PostgreSQL
// backend: the reference the EventStoreDB backend must match.
func pgReadModels(t *testing.T, world []projectiontest.Append) string {
	t.Helper()
	sc := pgtest.New(t)
	st, err := pgstore.New(sc.Pool, pgstore.Config{NotifyChannel: "kinerja_events_" + sc.Name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	appendWorld(t, st, world)
	ps := allProjections()
	runProjections(t, sc, st, ps...)
	waitCaughtUp(t, sc.Pool, st, ps)
	return dumpWithoutPositions(t, sc.Pool, ps)
}

// TestProjectionsEquivalentAcrossBackends appends one generated world to
// both backends and runs every projection, unchanged, through the Watermill
// runtime on each: the read models are equal (positions aside). On the
// EventStoreDB side a second run restarts the server 20 times at random
// points while the world is appended and projected, and the read models
// are still equal: no event missed or applied twice. The ledger runs there
// too and verifies.
func TestProjectionsEquivalentAcrossBackends(t *testing.T) {
	world := projectiontest.Generate(projectiontest.Config{Seed: 42, Employees: 40, Instansi: 2})
	want := pgReadModels(t, world)
	if !strings.Contains(want, "standings") || strings.Count(want, "\n") < 200 {
		t.Fatalf("the reference read models are too poor:\n%s", want)
	}
	for _, restarts := range []int{0, 20} {
		t.Run(fmt.Sprintf("restarts=%d", restarts), func(t *testing.T) {
			sc := pgtest.New(t)
			srv := esdbtest.Start(t)
			ledger := esdbstore.NewLedger(sc.Pool)
			st, err := esdbstore.Open(t.Context(), srv.URL(), esdbstore.Config{Ledger: ledger, MinBackoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(st.Close)
			ps := allProjections()
			runProjections(t, sc, st, append(ps, ledger)...)
			stop := restartRandomly(t, srv, restarts)
			appendWorld(t, st, world)
			stop()
			waitCaughtUp(t, sc.Pool, st, append(ps, ledger))
			if diff := cmp.Diff(want, dumpWithoutPositions(t, sc.Pool, ps)); diff != "" {
				t.Fatalf("read models on EventStoreDB differ from PostgreSQL's (-postgres +esdb):\n%s", diff)
			}
			rep, err := st.Verify(t.Context(), nil)
			if err != nil || !rep.OK || rep.Events != uint64(countEvents(world)) {
				t.Fatalf("ledger verify = %+v, %v; want OK over %d events", rep, err, countEvents(world))
			}
		})
	}
}

// restartRandomly restarts srv n times at random moments (a few
// milliseconds apart) in the background; stop waits for all n.
func restartRandomly(t *testing.T, srv *esdbtest.Server, n int) (stop func()) {
	done := make(chan error, 1)
	go func() {
		rng := rand.New(rand.NewPCG(7, uint64(n)))
		for range n {
			time.Sleep(time.Duration(5+rng.IntN(40)) * time.Millisecond)
			srv.Down()
			time.Sleep(time.Duration(rng.IntN(20)) * time.Millisecond)
			if err := srv.Up(); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	return func() {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

func countEvents(world []projectiontest.Append) int {
	n := 0
	for _, a := range world {
		n += len(a.Events)
	}
	return n
}
