package rebuild_test

import (
	"cmp"
	"context"
	"hash/fnv"
	"os"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/promotion"
	"github.com/kinerja/kinerja/projections/standings"
)

// BenchmarkRebuild measures blue/green rebuilds (batches of 5,000 events,
// read and decoded ahead) of standings and promotion from position 0 on a
// log of about KINERJA_BENCH_REBUILD_EVENTS events (default 100,000; the
// log is appended first, at several thousand events a second). Run, for
// the one-million-event figure:
//
//	KINERJA_BENCH_REBUILD_EVENTS=1000000 go test -run '^$' -bench BenchmarkRebuild -benchtime 1x -timeout 60m ./adapters/rebuild/
func BenchmarkRebuild(b *testing.B) {
	size, err := strconv.Atoi(cmp.Or(os.Getenv("KINERJA_BENCH_REBUILD_EVENTS"), "100000"))
	if err != nil || size < 1000 {
		b.Fatalf("KINERJA_BENCH_REBUILD_EVENTS %q: want a number of events, at least 1000", os.Getenv("KINERJA_BENCH_REBUILD_EVENTS"))
	}
	e := newEnv(b)
	// The generated world has about 17.9 events per employee.
	events := fillLog(b, e, max(1, size*10/179))
	for _, p := range []readside.Projection{standings.New(), promotion.New()} {
		b.Run(p.Name(), func(b *testing.B) {
			var elapsed time.Duration
			for range b.N {
				next := 0
				progress := func(pr rebuild.Progress) {
					if pr.Events >= next || pr.Swapped {
						b.Logf("%s: %d events in %s (%.0f/s)", p.Name(), pr.Events, pr.Elapsed.Round(time.Millisecond), pr.EventsPerSecond())
						next = pr.Events + 250_000
					}
				}
				prog, err := rebuild.Rebuild(context.Background(), e.sc.Pool, e.store, p,
					rebuild.Config{Logger: testLogger(), Progress: progress})
				if err != nil {
					b.Fatal(err)
				}
				elapsed += prog.Elapsed
			}
			b.ReportMetric(float64(events*b.N)/elapsed.Seconds(), "events/s")
			b.ReportMetric(elapsed.Seconds()/float64(b.N), "s/rebuild")
		})
	}
}

// fillLog appends a generated world of the given number of employees
// (about 18 events each), from many writers (each stream always from the
// same writer, so in order; the store commits their appends in groups), and
// returns the number of events.
func fillLog(b *testing.B, e *env, employees int) int {
	b.Helper()
	started := time.Now()
	world := projectiontest.Generate(projectiontest.Config{Seed: 3, Employees: employees, Instansi: 5, Units: 30})
	const writers = 128
	parts := make([][]projectiontest.Append, writers)
	n := 0
	for _, a := range world {
		h := fnv.New32a()
		h.Write([]byte(a.Stream))
		parts[h.Sum32()%writers] = append(parts[h.Sum32()%writers], a)
		n += len(a.Events)
	}
	world = nil
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
	b.Logf("log of %d events appended in %s", n, time.Since(started).Round(time.Second))
	return n
}
