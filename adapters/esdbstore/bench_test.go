package esdbstore_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/esdbstore"
	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
)

// The benchmarks run the PostgreSQL backend and the EventStoreDB backend
// on the in-process fake side by side. The fake is not EventStoreDB: its
// figures say what the adapter costs (round trips, lookups, locks), not
// what a real server sustains. Run:
//
//	go test -run '^$' -bench . -benchtime 2000x ./adapters/esdbstore/

// benchBackend is one backend under benchmark.
type benchBackend struct {
	name string
	open func(b *testing.B) (backendLog, *pgtest.Schema)
}

func benchBackends() []benchBackend {
	return []benchBackend{
		{"postgres", func(b *testing.B) (backendLog, *pgtest.Schema) {
			sc := pgtest.New(b)
			st, err := pgstore.New(sc.Pool, pgstore.Config{NotifyChannel: "kinerja_events_" + sc.Name})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(st.Close)
			return st, sc
		}},
		{"esdb-fake", func(b *testing.B) (backendLog, *pgtest.Schema) {
			sc := pgtest.New(b)
			st, err := esdbstore.Open(context.Background(), startFake(b).URL(), esdbstore.Config{})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(st.Close)
			return st, sc
		}},
	}
}

// BenchmarkAppend appends b.N events from 1, 16 and 64 writers, one or
// 100 events per append, each writer to its own stream at its exact
// version (as the use cases append).
func BenchmarkAppend(b *testing.B) {
	for _, be := range benchBackends() {
		for _, writers := range []int{1, 16, 64} {
			for _, batch := range []int{1, 100} {
				b.Run(fmt.Sprintf("%s/writers=%d/batch=%d", be.name, writers, batch), func(b *testing.B) {
					st, _ := be.open(b)
					calls := (b.N + batch - 1) / batch
					b.ResetTimer()
					start := time.Now()
					runWriters(b, writers, calls, func(ctx context.Context, w int, version uint64) error {
						_, err := st.Append(ctx, fmt.Sprintf("skp-w%d-2025", w), eventlog.Exact(version), eventstoretest.Events(batch)...)
						return err
					}, uint64(batch))
					b.ReportMetric(float64(calls*batch)/time.Since(start).Seconds(), "events/s")
				})
			}
		}
	}
}

// runWriters makes calls calls from writers goroutines; each writer passes
// its stream's version and advances it by step.
func runWriters(b *testing.B, writers, calls int, call func(ctx context.Context, w int, version uint64) error, step uint64) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			var version uint64
			for int(next.Add(1)) <= calls {
				if err := call(context.Background(), w, version); err != nil {
					b.Error(err)
					return
				}
				version += step
			}
		})
	}
	wg.Wait()
}

// BenchmarkCatchUp measures the standings projection catching up from
// position 0 over a generated world, through the Watermill runtime.
func BenchmarkCatchUp(b *testing.B) {
	world := projectiontest.Generate(projectiontest.Config{Seed: 42, Employees: 200, Instansi: 2})
	n := 0
	for _, a := range world {
		n += len(a.Events)
	}
	for _, be := range benchBackends() {
		b.Run(be.name, func(b *testing.B) {
			for range b.N {
				b.StopTimer()
				st, sc := be.open(b)
				for _, a := range world {
					if _, err := st.Append(context.Background(), a.Stream, eventlog.Any, a.Events...); err != nil {
						b.Fatal(err)
					}
				}
				head, _, err := st.Head(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := time.Now()
				p := standings.New()
				stop := runProjections(b, sc, st, p)
				waitCheckpointB(b, sc, p, head)
				b.ReportMetric(float64(n)/time.Since(start).Seconds(), "events/s")
				stop()
			}
		})
	}
}

// waitCheckpointB waits until p's checkpoint reaches head.
func waitCheckpointB(b *testing.B, sc *pgtest.Schema, p readside.Projection, head uint64) {
	for {
		cp, err := readside.Checkpoint(context.Background(), sc.Pool, p.Name())
		if err != nil {
			b.Fatal(err)
		}
		if cp >= head {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}
