package pgstore

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// BenchmarkAppendConditional measures appends of one event conditioned on
// two reference streams that hold (each writer's employee stream and a
// shared period stream), as an SKP command appends; compare its events/s
// with BenchmarkAppend's at the same writers and batch.
func BenchmarkAppendConditional(b *testing.B) {
	for _, writers := range []int{1, 8, 64} {
		b.Run(fmt.Sprintf("writers=%d/batch=1", writers), func(b *testing.B) {
			benchAppendConditional(b, writers)
		})
	}
}

func benchAppendConditional(b *testing.B, writers int) {
	sc := pgtest.New(b)
	s, err := New(benchPool(b, sc.URL, writers), Config{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	refs := func(w int) eventlog.AppendOptions {
		return eventlog.AppendOptions{Conditions: []eventlog.Condition{
			{Stream: fmt.Sprintf("employee-w%d", w), Expected: eventlog.Exact(1)},
			{Stream: "period-x-2025", Expected: eventlog.Exact(1)},
		}}
	}
	if _, err := s.Append(ctx, "period-x-2025", eventlog.NoStream, eventstoretest.Events(1)...); err != nil {
		b.Fatal(err)
	}
	for w := range writers {
		if _, err := s.Append(ctx, fmt.Sprintf("employee-w%d", w), eventlog.NoStream, eventstoretest.Events(1)...); err != nil {
			b.Fatal(err)
		}
	}

	b.ResetTimer()
	start := time.Now()
	runWriters(b, writers, b.N, func(ctx context.Context, w, i int) error {
		_, err := s.AppendWith(ctx, fmt.Sprintf("skp-w%d-2025", w), eventlog.Any, refs(w), eventstoretest.Events(1)...)
		return err
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
}
