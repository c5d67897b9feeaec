package main

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/promotion"
	"github.com/kinerja/kinerja/projections/standings"
)

// envProjectWorker makes the test binary a "kinerja project" worker (see
// TestHelperProjectWorker); its value is the -batch size.
const envProjectWorker = "KINERJA_TEST_PROJECT_WORKER"

// TestHelperProjectWorker is the body of a worker process: it runs
// "kinerja project" until SIGTERM. It does nothing in a normal test run.
func TestHelperProjectWorker(t *testing.T) {
	batch := os.Getenv(envProjectWorker)
	if batch == "" {
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := run(ctx, []string{"project", "-batch", batch}, os.Getenv, os.Stdout, os.Stderr); err != nil {
		t.Fatal(err)
	}
}

// worker is a "kinerja project" OS process started by a test.
type worker struct {
	name string // its application_name in pg_stat_activity
	cmd  *exec.Cmd
	logs *syncBuffer
	done chan error
}

// startWorker starts a worker process on the test schema; its database
// sessions carry application_name name.
func startWorker(t *testing.T, sc *pgtest.Schema, name string, batch int) *worker {
	t.Helper()
	w := &worker{name: name, logs: &syncBuffer{}, done: make(chan error, 1)}
	w.cmd = exec.Command(os.Args[0], "-test.run=^TestHelperProjectWorker$", "-test.count=1")
	w.cmd.Env = append(os.Environ(), envProjectWorker+"="+fmt.Sprint(batch),
		"DATABASE_URL="+sc.URL+"&application_name="+name, "KINERJA_LOG_LEVEL=info")
	w.cmd.Stdout, w.cmd.Stderr = w.logs, w.logs
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { w.done <- w.cmd.Wait() }()
	t.Cleanup(func() {
		_ = w.cmd.Process.Kill()
		<-w.done
		w.done <- nil
		if t.Failed() {
			t.Logf("worker %s logs:\n%s", w.name, w.logs)
		}
	})
	return w
}

// owner is the owner a worker writes in projection_status.
func (w *worker) owner(t *testing.T) string {
	host, err := os.Hostname()
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%s:%d", host, w.cmd.Process.Pid)
}

// kill9 kills the worker with SIGKILL and waits until it is gone.
func (w *worker) kill9(t *testing.T) {
	t.Helper()
	if err := w.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := <-w.done
	w.done <- err
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("worker %s ended with %v, want killed by SIGKILL", w.name, err)
	}
}

// terminate stops the worker with SIGTERM and checks that it exits cleanly.
func (w *worker) terminate(t *testing.T) {
	t.Helper()
	if err := w.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-w.done:
		w.done <- err
		if err != nil {
			t.Fatalf("worker %s after SIGTERM: %v\n%s", w.name, err, w.logs)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("worker %s did not stop within 30s of SIGTERM", w.name)
	}
	if !strings.Contains(w.logs.String(), `"msg":"projection worker stopped"`) {
		t.Fatalf("worker %s did not log its stop:\n%s", w.name, w.logs)
	}
}

// crashEnv is a schema with an event store that announces commits on the
// default channel, which the workers listen to.
type crashEnv struct {
	sc    *pgtest.Schema
	store *pgstore.Store
}

func newCrashEnv(t *testing.T) *crashEnv {
	t.Helper()
	sc := pgtest.New(t)
	st, err := pgstore.New(sc.Pool, pgstore.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	return &crashEnv{sc: sc, store: st}
}

// appendWorld appends a generated world from 8 writers (each stream from
// one writer, so in order) and returns the log's head.
func (ce *crashEnv) appendWorld(t *testing.T, cfg projectiontest.Config) uint64 {
	t.Helper()
	const writers = 8
	parts := make([][]projectiontest.Append, writers)
	for _, a := range projectiontest.Generate(cfg) {
		h := fnv.New32a()
		h.Write([]byte(a.Stream))
		parts[h.Sum32()%writers] = append(parts[h.Sum32()%writers], a)
	}
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for _, part := range parts {
		wg.Go(func() {
			for _, a := range part {
				if _, err := ce.store.Append(context.Background(), a.Stream, eventlog.Any, a.Events...); err != nil {
					errs <- fmt.Errorf("append to %s: %w", a.Stream, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	return ce.head(t)
}

func (ce *crashEnv) head(t *testing.T) uint64 {
	t.Helper()
	h, _, err := ce.store.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// checkpoint returns the checkpoint of projection name.
func (ce *crashEnv) checkpoint(t *testing.T, name string) uint64 {
	t.Helper()
	cp, err := readside.Checkpoint(context.Background(), ce.sc.Pool, name)
	if err != nil {
		t.Fatal(err)
	}
	return cp
}

// waitFor polls cond every 10ms for up to within, failing with what.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, within)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitCaughtUp waits until every projection reaches pos.
func (ce *crashEnv) waitCaughtUp(t *testing.T, pos uint64) {
	t.Helper()
	for _, name := range projectionNames() {
		waitFor(t, 2*time.Minute, fmt.Sprintf("%s at %d", name, pos), func() bool { return ce.checkpoint(t, name) >= pos })
	}
}

// owner returns the owner of projection name in projection_status.
func (ce *crashEnv) owner(t *testing.T, name string) string {
	t.Helper()
	var owner string
	err := ce.sc.Pool.QueryRow(context.Background(), `SELECT owner FROM projection_status WHERE name = $1 AND state = 'running'`, name).Scan(&owner)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		t.Fatal(err)
	}
	return owner
}

// dump returns every row of the tables as text, sorted, table by table.
func (ce *crashEnv) dump(t *testing.T, tables []string) string {
	t.Helper()
	var b strings.Builder
	for _, tb := range tables {
		rows, err := ce.sc.Pool.Query(context.Background(), fmt.Sprintf(`SELECT t::text FROM %s t ORDER BY 1`, tb))
		if err != nil {
			t.Fatal(err)
		}
		texts, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "== %s (%d rows)\n%s\n", tb, len(texts), strings.Join(texts, "\n"))
	}
	return b.String()
}

// equalsRebuild checks that the live read models equal a rebuild of them
// from position 0: nothing applied twice, nothing missed.
func (ce *crashEnv) equalsRebuild(t *testing.T) {
	t.Helper()
	for _, p := range projectionSet() {
		live := ce.dump(t, p.Tables())
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		_, err := rebuild.Rebuild(ctx, ce.sc.Pool, ce.store, p, rebuild.Config{})
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(live, ce.dump(t, p.Tables())); diff != "" {
			t.Fatalf("%s differs from a rebuild (-live +rebuilt):\n%s", p.Name(), diff)
		}
	}
}

// freeze locks the standings table against writes (SHARE mode) until the
// returned transaction ends: the worker's next standings batch blocks in
// the middle, after it has locked and written its checkpoint row and
// before its writes to the standings rows.
func (ce *crashEnv) freeze(t *testing.T) pgx.Tx {
	t.Helper()
	ctx := context.Background()
	tx, err := ce.sc.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback(ctx) })
	for _, st := range []string{`SET LOCAL lock_timeout = '60s'`, `LOCK TABLE standings IN SHARE MODE`} {
		if _, err := tx.Exec(ctx, st); err != nil {
			t.Fatalf("%s: %v", st, err)
		}
	}
	return tx
}

// waitBlockedMidBatch waits until a session of the worker waits for a lock
// inside a transaction that has already written (it has a transaction id).
func (ce *crashEnv) waitBlockedMidBatch(t *testing.T, w *worker) {
	t.Helper()
	waitFor(t, time.Minute, "worker "+w.name+" blocked in the middle of a batch", func() bool {
		var n int
		err := ce.sc.Pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity
			WHERE application_name = $1 AND wait_event_type = 'Lock' AND backend_xid IS NOT NULL AND state = 'active'`, w.name).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		return n > 0
	})
}

// waitSessionsGone waits until the database has ended every session of
// the worker.
func (ce *crashEnv) waitSessionsGone(t *testing.T, w *worker) {
	t.Helper()
	waitFor(t, time.Minute, "sessions of "+w.name+" gone", func() bool {
		var n int
		if err := ce.sc.Pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_stat_activity WHERE application_name = $1`,
			w.name).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 0
	})
}

// TestProjectWorkerKilledMidBatch is the crash test of issue 5: a
// "kinerja project" process catching up a backlog of over 20,000 events is
// killed with SIGKILL in the middle of a batch; the batch takes no effect;
// a new process resumes from the checkpoint, catches up, follows live
// appends, and stops cleanly on SIGTERM; then every read model equals a
// rebuild from position 0: nothing counted twice or missed.
func TestProjectWorkerKilledMidBatch(t *testing.T) {
	t.Parallel() // its worker processes are its own, on a schema of its own
	ce := newCrashEnv(t)
	head := ce.appendWorld(t, projectiontest.Config{Seed: 21, Employees: 1200, Instansi: 3, Units: 8})
	if head < 20000 {
		t.Fatalf("backlog of %d events, want over 20,000", head)
	}
	first := startWorker(t, ce.sc, "w1-"+ce.sc.Name, 200)
	waitFor(t, 2*time.Minute, "standings catching up", func() bool { return ce.checkpoint(t, standings.Name) >= head/4 })
	frozen := ce.freeze(t)
	ce.waitBlockedMidBatch(t, first)
	cp := ce.checkpoint(t, standings.Name)
	if cp >= head {
		t.Fatalf("standings caught up (%d of %d) before the kill", cp, head)
	}
	first.kill9(t)
	if err := frozen.Rollback(context.Background()); err != nil {
		t.Fatal(err)
	}
	ce.waitSessionsGone(t, first)
	if got := ce.checkpoint(t, standings.Name); got != cp {
		t.Fatalf("checkpoint %d after the kill, want %d: the batch in flight took effect", got, cp)
	}
	t.Logf("killed mid-batch at standings checkpoint %d of %d", cp, head)

	second := startWorker(t, ce.sc, "w2-"+ce.sc.Name, 200)
	ce.waitCaughtUp(t, head)
	live := ce.appendWorld(t, projectiontest.Config{Seed: 22, Employees: 60, Year: 2026})
	ce.waitCaughtUp(t, live)
	if got := ce.owner(t, standings.Name); got != second.owner(t) {
		t.Errorf("standings owned by %q, want the second worker %q", got, second.owner(t))
	}
	second.terminate(t)
	for _, want := range []string{`"msg":"projection owned"`, `"msg":"projection ownership"`, `"msg":"projection worker running; stop it with SIGINT or SIGTERM"`} {
		if !strings.Contains(second.logs.String(), want) {
			t.Errorf("the worker's log lacks %s", want)
		}
	}
	ce.equalsRebuild(t)
}

// TestProjectWorkerTakeover runs two worker processes: the first owns both
// projections, the second stands by; the first is killed with SIGKILL
// while catching up, the second takes both over and continues; the read
// models equal a rebuild.
func TestProjectWorkerTakeover(t *testing.T) {
	t.Parallel()
	ce := newCrashEnv(t)
	head := ce.appendWorld(t, projectiontest.Config{Seed: 23, Employees: 600, Instansi: 2, Units: 6})
	first := startWorker(t, ce.sc, "wa-"+ce.sc.Name, 50)
	owned := func(w *worker) func() bool {
		return func() bool {
			return ce.owner(t, standings.Name) == w.owner(t) && ce.owner(t, promotion.Name) == w.owner(t)
		}
	}
	waitFor(t, time.Minute, "the first worker owns both projections", owned(first))
	second := startWorker(t, ce.sc, "wb-"+ce.sc.Name, 50)
	waitFor(t, time.Minute, "the second worker connected", func() bool { return strings.Contains(second.logs.String(), "projection worker running") })
	waitFor(t, time.Minute, "the first worker catching up", func() bool { return ce.checkpoint(t, standings.Name) > 0 })
	first.kill9(t)
	cp := ce.checkpoint(t, standings.Name)
	if cp >= head {
		t.Fatalf("standings caught up (%d of %d) before the kill", cp, head)
	}
	t.Logf("first worker killed at standings checkpoint %d of %d", cp, head)
	waitFor(t, time.Minute, "the second worker owns both projections", owned(second))
	ce.waitCaughtUp(t, head)
	live := ce.appendWorld(t, projectiontest.Config{Seed: 24, Employees: 40, Year: 2026})
	ce.waitCaughtUp(t, live)
	second.terminate(t)
	ce.equalsRebuild(t)
}
