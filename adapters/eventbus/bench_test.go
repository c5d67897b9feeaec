package eventbus_test

import (
	"context"
	"hash/fnv"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/eventbus"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/projections/history"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/promotion"
	"github.com/kinerja/kinerja/projections/standings"
	"github.com/kinerja/kinerja/projections/training"
	"github.com/kinerja/kinerja/projections/unitreport"
)

// benchEmployees gives a log of a little over 100,000 events.
const benchEmployees = 6000

// standings prepares its batches while the runtime reads ahead.
var _ eventbus.Preparer = (*standings.Projection)(nil)

// benchBatch is the batch size of the catch-up benchmark.
var benchBatch = 500

// BenchmarkCatchUp measures how fast each projection catches up from
// position 0 on a log of over 100,000 events, through the whole runtime
// (subscriber, router, middleware, one transaction per batch of
// benchBatch events). Run:
//
//	go test -run '^$' -bench BenchmarkCatchUp -benchtime 3x ./adapters/eventbus/
//	go test -run '^$' -bench 'BenchmarkCatchUp/standings' -benchtime 3x ./adapters/eventbus/
func BenchmarkCatchUp(b *testing.B) {
	e := newEnv(b)
	events := fillLog(b, e)
	for _, p := range []eventbus.Projection{standings.New(), promotion.New(), unitreport.New(), training.New(), history.New()} {
		b.Run(p.Name(), func(b *testing.B) { benchCatchUp(b, e, p, events) })
	}
}

// benchCatchUp runs p from position 0 to the head b.N times.
func benchCatchUp(b *testing.B, e *env, p eventbus.Projection, events int) {
	for range b.N {
		b.StopTimer()
		reset(b, e, p)
		r, err := eventbus.NewRunner(e.sc.Pool, e.store, e.runnerConfig(benchBatch), p)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		started := time.Now()
		stop := start(b, r)
		waitCheckpoint(b, e.sc.Pool, p.Name(), e.head(b), 10*time.Minute)
		b.ReportMetric(float64(events)/time.Since(started).Seconds(), "events/s")
		b.StopTimer()
		stop()
	}
}

// BenchmarkRebuild measures a blue/green rebuild of standings (batches of
// 5,000 events) on the same log. Run:
//
//	go test -run '^$' -bench BenchmarkRebuild -benchtime 3x ./adapters/eventbus/
func BenchmarkRebuild(b *testing.B) {
	e := newEnv(b)
	events := fillLog(b, e)
	p := standings.New()
	b.ResetTimer()
	for range b.N {
		prog, err := eventbus.Rebuild(context.Background(), e.sc.Pool, e.store, p, eventbus.RebuildConfig{Logger: testLogger()})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(events)/prog.Elapsed.Seconds(), "events/s")
	}
}

// fillLog appends a generated world of benchEmployees employees, from 32
// writers (each stream always from the same writer, so in order), and
// returns the number of events.
func fillLog(b *testing.B, e *env) int {
	b.Helper()
	world := projectiontest.Generate(projectiontest.Config{Seed: 3, Employees: benchEmployees, Instansi: 5, Units: 30})
	const writers = 32
	parts := make([][]projectiontest.Append, writers)
	n := 0
	for _, a := range world {
		h := fnv.New32a()
		h.Write([]byte(a.Stream))
		parts[h.Sum32()%writers] = append(parts[h.Sum32()%writers], a)
		n += len(a.Events)
	}
	var wg sync.WaitGroup
	for _, part := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, a := range part {
				if _, err := e.store.Append(context.Background(), a.Stream, eventlog.Any, a.Events...); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	b.Logf("log of %d events", n)
	return n
}

// reset empties the projection's tables and checkpoint.
func reset(b *testing.B, e *env, p eventbus.Projection) {
	b.Helper()
	for _, t := range p.Tables() {
		if _, err := e.sc.Pool.Exec(context.Background(), `TRUNCATE `+t); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := e.sc.Pool.Exec(context.Background(), `DELETE FROM projection_checkpoints WHERE name = $1`, p.Name()); err != nil {
		b.Fatal(err)
	}
}
