package eventbus_test

import (
	"cmp"
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/eventbus"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/projections/history"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/promotion"
	"github.com/kinerja/kinerja/projections/standings"
	"github.com/kinerja/kinerja/projections/training"
	"github.com/kinerja/kinerja/projections/unitreport"
)

// benchEmployees gives a log of a little over 100,000 events.
const benchEmployees = 6000

// standings and promotion prepare their batches while the runtime reads ahead.
var (
	_ readside.Preparer = (*standings.Projection)(nil)
	_ readside.Preparer = (*promotion.Projection)(nil)
)

// benchBatch is the batch size of the catch-up benchmark: the subscriber's
// default, or KINERJA_BENCH_BATCH.
func benchBatch(b *testing.B) int {
	n, err := strconv.Atoi(cmp.Or(os.Getenv("KINERJA_BENCH_BATCH"), "0"))
	if err != nil {
		b.Fatalf("KINERJA_BENCH_BATCH: %v", err)
	}
	return n
}

// BenchmarkCatchUp measures how fast each projection catches up from
// position 0 on a log of over 100,000 events, through the whole runtime
// (subscriber, router, middleware, one transaction per batch of
// benchBatch events). Run:
//
//	go test -run '^$' -bench BenchmarkCatchUp -benchtime 3x ./adapters/eventbus/
//	KINERJA_BENCH_BATCH=500 go test -run '^$' -bench 'BenchmarkCatchUp/standings' -benchtime 3x ./adapters/eventbus/
func BenchmarkCatchUp(b *testing.B) {
	e := newEnv(b)
	events := projectiontest.Fill(b, e.store, benchEmployees)
	for _, p := range []readside.Projection{standings.New(), promotion.New(), unitreport.New(), training.New(), history.New()} {
		b.Run(p.Name(), func(b *testing.B) { benchCatchUp(b, e, p, events) })
	}
}

// benchCatchUp runs p from position 0 to the head b.N times and reports
// the events applied per second over all runs.
func benchCatchUp(b *testing.B, e *env, p readside.Projection, events int) {
	var elapsed time.Duration
	for range b.N {
		b.StopTimer()
		reset(b, e, p)
		r, err := eventbus.NewRunner(e.sc.Pool, e.store, e.runnerConfig(benchBatch(b)), p)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		started := time.Now()
		stop := start(b, r)
		waitCheckpoint(b, e.sc.Pool, p.Name(), e.head(b), 10*time.Minute)
		elapsed += time.Since(started)
		b.StopTimer()
		stop()
	}
	b.ReportMetric(float64(events*b.N)/elapsed.Seconds(), "events/s")
}

// reset empties the projection's tables and checkpoint.
func reset(b *testing.B, e *env, p readside.Projection) {
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
