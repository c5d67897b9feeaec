package rebuild_test

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/promotion"
	"github.com/kinerja/kinerja/projections/standings"
)

// TestEquivalenceLiveAndRebuild appends a random world (many employees,
// every event kind) partly before and partly while the live projection
// runs in small batches, then rebuilds from 0 while queries keep running:
// the rebuilt tables equal the live ones, and the live projection goes on
// from the swapped-in tables. It runs on both event store backends.
func TestEquivalenceLiveAndRebuild(t *testing.T) {
	for _, backend := range testBackends {
		t.Run(backend, func(t *testing.T) {
			t.Parallel()
			equivalenceLiveAndRebuild(t, newEnvOn(t, backend))
		})
	}
}

func equivalenceLiveAndRebuild(t *testing.T, e *env) {
	p := standings.New()
	world := projectiontest.Generate(projectiontest.Config{Seed: 42, Employees: 150, Instansi: 3})
	cut := len(world) * 3 / 5
	e.appendAll(t, world[:cut])
	promo := promotion.New()
	e.feed(t, 37, p, promo)
	e.appendAll(t, world[cut:])
	waitCheckpoint(t, e.sc.Pool, p.Name(), e.head(t), time.Minute)
	waitCheckpoint(t, e.sc.Pool, promo.Name(), e.head(t), time.Minute)
	livePromo := projectiontest.Dump(t, e.sc.Pool, promo)
	if _, err := rebuild.Rebuild(testCtx(t, time.Minute), e.sc.Pool, e.store, promo, rebuild.Config{Logger: testLogger()}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(livePromo, projectiontest.Dump(t, e.sc.Pool, promo)); diff != "" || !strings.Contains(livePromo, "promotion_annual") {
		t.Fatalf("promotion: rebuilt tables differ from live (-live +rebuilt):\n%s", diff)
	}
	live := projectiontest.Dump(t, e.sc.Pool, p)
	wantRich(t, e)
	indexes := indexNames(t, e)

	stopQueries := keepQuerying(t, e)
	var reports atomic.Int32
	prog, err := rebuild.Rebuild(testCtx(t, time.Minute), e.sc.Pool, e.store, p, rebuild.Config{
		BatchSize: 500, Logger: testLogger(), Progress: func(rebuild.Progress) { reports.Add(1) }})
	if err != nil {
		t.Fatal(err)
	}
	if n := stopQueries(); n == 0 {
		t.Error("no query ran during the rebuild")
	}
	if !prog.Swapped || prog.Position != e.head(t) || reports.Load() < 2 {
		t.Errorf("rebuild progress %+v after %d reports, want swapped at head %d", prog, reports.Load(), e.head(t))
	}
	if diff := cmp.Diff(live, projectiontest.Dump(t, e.sc.Pool, p)); diff != "" {
		t.Fatalf("rebuilt tables differ from live (-live +rebuilt):\n%s", diff)
	}
	if diff := cmp.Diff(indexes, indexNames(t, e)); diff != "" {
		t.Errorf("index names changed by the swap (-before +after):\n%s", diff)
	}

	more := projectiontest.Generate(projectiontest.Config{Seed: 43, Employees: 20, Year: 2026})
	e.appendAll(t, more)
	waitCheckpoint(t, e.sc.Pool, p.Name(), e.head(t), time.Minute)
	live = projectiontest.Dump(t, e.sc.Pool, p)
	if _, err := rebuild.Rebuild(testCtx(t, time.Minute), e.sc.Pool, e.store, p, rebuild.Config{Logger: testLogger()}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(live, projectiontest.Dump(t, e.sc.Pool, p)); diff != "" {
		t.Fatalf("after more events, rebuilt tables differ from live (-live +rebuilt):\n%s", diff)
	}
}

// keepQuerying queries standings in a loop until stop, which returns how
// many queries ran; a failing query fails the test.
func keepQuerying(t *testing.T, e *env) func() int64 {
	var n atomic.Int64
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ctx.Err() == nil {
			_, err := standings.Query(ctx, e.sc.Pool, standings.Filter{Year: 2025, Sort: "-predikat", Limit: 20})
			if err != nil && ctx.Err() == nil {
				t.Errorf("query during rebuild: %v", err)
				return
			}
			n.Add(1)
		}
	}()
	return func() int64 {
		cancel()
		wg.Wait()
		return n.Load()
	}
}

// wantRich checks that the world reached every stage of the year.
func wantRich(t *testing.T, e *env) {
	t.Helper()
	var rows, annual, objections, approved, periodic int
	err := e.sc.Pool.QueryRow(context.Background(), `SELECT count(*), count(*) FILTER (WHERE annual_predikat <> ''),
		count(*) FILTER (WHERE objection <> ''), count(*) FILTER (WHERE skp_status = 'approved'),
		count(*) FILTER (WHERE periodic_window IS NOT NULL) FROM standings`).Scan(&rows, &annual, &objections, &approved, &periodic)
	if err != nil {
		t.Fatal(err)
	}
	if rows < 150 || annual == 0 || objections == 0 || approved == 0 || periodic == 0 {
		t.Errorf("standings: %d rows, %d annual, %d objections, %d approved, %d periodic: the world is too poor", rows, annual, objections, approved, periodic)
	}
}

func indexNames(t *testing.T, e *env) []string {
	t.Helper()
	rows, err := e.sc.Pool.Query(context.Background(), `SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename LIKE 'standings%' ORDER BY 1`, e.sc.Name)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}
