package rebuild_test

import (
	"cmp"
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/adapters/rebuild"
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
	events := projectiontest.Fill(b, e.store, max(1, size*10/179))
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
