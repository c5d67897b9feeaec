package eventbus_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/adapters/eventbus"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
	"github.com/prometheus/client_golang/prometheus"
)

// TestTakeover runs two runners of standings on separate pools. Only one
// owns the projection; when the owner's database sessions are killed (as
// when its process dies, and it cannot reconnect), the other takes over and continues, and the read
// model equals a clean run: nothing counted twice or missed.
func TestTakeover(t *testing.T) {
	e := newEnv(t)
	world := projectiontest.Generate(projectiontest.Config{Seed: 9, Employees: 60})
	cut := len(world) / 3
	e.appendAll(t, world[:cut])
	mon, err := eventbus.NewMonitor(e.sc.Pool, e.store, prometheus.NewRegistry(), standings.Name)
	if err != nil {
		t.Fatal(err)
	}
	dead := map[string]*atomic.Bool{"first": {}, "second": {}}
	runner := func(owner string) {
		pool := killablePool(t, e.sc.URL+"&application_name="+owner, dead[owner])
		cfg := e.runnerConfig(25)
		cfg.Owner = owner
		r, err := eventbus.NewRunner(pool, e.store, cfg, standings.New())
		if err != nil {
			t.Fatal(err)
		}
		start(t, r)
	}
	runner("first")
	waitOwner(t, mon, "first")
	runner("second")
	e.appendAll(t, world[cut:2*cut])
	waitCheckpoint(t, e.sc.Pool, standings.Name, e.head(t), 30*time.Second)
	if st := status(t, mon); st.Owner != "first" {
		t.Fatalf("owner %q, want first to keep it", st.Owner)
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		e.appendAll(t, world[2*cut:])
	}()
	dead["first"].Store(true)
	killSessions(t, e, "first")
	<-done
	waitOwner(t, mon, "second")
	waitCheckpoint(t, e.sc.Pool, standings.Name, e.head(t), 30*time.Second)
	live := projectiontest.Dump(t, e.sc.Pool, standings.New())
	reapply(t, e, standings.New())
	if diff := cmp.Diff(live, projectiontest.Dump(t, e.sc.Pool, standings.New())); diff != "" {
		t.Fatalf("after the takeover the read model differs from a clean run (-live +clean):\n%s", diff)
	}
}

// killablePool returns a pool that cannot connect once dead is set: with
// its sessions terminated, it behaves like the pool of a dead process.
func killablePool(t *testing.T, url string, dead *atomic.Bool) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.BeforeConnect = func(context.Context, *pgx.ConnConfig) error {
		if dead.Load() {
			return errors.New("process is dead")
		}
		return nil
	}
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	return pool
}

// killSessions terminates every database session of application name app.
func killSessions(t *testing.T, e *env, app string) {
	t.Helper()
	var n int
	err := e.sc.Pool.QueryRow(context.Background(), `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = $1`, app).Scan(&n)
	if err != nil || n == 0 {
		t.Fatalf("kill sessions of %s: %d killed, %v", app, n, err)
	}
}

func status(t *testing.T, mon *eventbus.Monitor) readside.ProjectionStatus {
	t.Helper()
	all, err := mon.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return all[0]
}

// waitOwner waits until owner reports the projection running.
func waitOwner(t *testing.T, mon *eventbus.Monitor, owner string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if st := status(t, mon); st.Owner == owner && st.State == "running" {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("owner %s did not take the projection: %+v", owner, status(t, mon))
}

// TestStatusAfterTheOwnerStops checks that a projection whose owner stopped
// is reported idle with no owner: it was reported running, owned by the
// process that had exited, until another took it.
func TestStatusAfterTheOwnerStops(t *testing.T) {
	e := newEnv(t)
	e.appendAll(t, projectiontest.Generate(projectiontest.Config{Seed: 3, Employees: 5}))
	mon, err := eventbus.NewMonitor(e.sc.Pool, e.store, prometheus.NewRegistry(), standings.Name)
	if err != nil {
		t.Fatal(err)
	}
	cfg := e.runnerConfig(25)
	cfg.Owner = "worker-1"
	r, err := eventbus.NewRunner(e.sc.Pool, e.store, cfg, standings.New())
	if err != nil {
		t.Fatal(err)
	}
	stop := start(t, r)
	waitOwner(t, mon, "worker-1")
	stop()
	if st := status(t, mon); st.State != "idle" || st.Owner != "" {
		t.Fatalf("status after the owner stopped: %+v, want idle without owner", st)
	}
}
