package projectiontest

import (
	"context"
	"hash/fnv"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// Appender is what Fill needs of an event store.
type Appender interface {
	Append(ctx context.Context, stream string, expected eventlog.ExpectedVersion, events ...eventlog.NewEvent) (eventlog.AppendResult, error)
}

// Fill appends a generated world of the given number of employees (about
// 18 events each) to st from many writers (each stream always from the same
// writer, so in order; the store commits their appends in groups), and
// returns the number of events. Benchmarks use it to fill a log.
func Fill(tb testing.TB, st Appender, employees int) int {
	tb.Helper()
	started := time.Now()
	world := Generate(Config{Seed: 3, Employees: employees, Instansi: 5, Units: 30})
	const writers = 128
	parts := make([][]Append, writers)
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
				if _, err := st.Append(context.Background(), a.Stream, eventlog.Any, a.Events...); err != nil {
					tb.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	tb.Logf("log of %d events appended in %s", n, time.Since(started).Round(time.Second))
	return n
}
