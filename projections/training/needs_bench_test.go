package training_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/training"
)

// BenchmarkNeeds measures GET /v1/training-needs's read: the needs of one
// instansi of a generated national world (a whole year per employee, by
// default 6,000 employees in three instansi; KINERJA_BENCH_EMPLOYEES sets
// the size), applied by the projector and analysed as autovacuum would.
// It reports the p50 and p99 latency in milliseconds. Run:
//
//	go test -run '^$' -bench BenchmarkNeeds -benchtime 20x ./projections/training/
func BenchmarkNeeds(b *testing.B) {
	ctx := context.Background()
	pool := pgtest.New(b).Pool
	projectiontest.BenchWorld(b, pool, training.New())
	for _, kind := range []string{"", training.KindPerilaku} {
		b.Run("kind="+kind, func(b *testing.B) {
			var took []time.Duration
			n := 0
			for b.Loop() {
				start := time.Now()
				needs, err := training.Needs(ctx, pool, training.Filter{Instansi: "I01", Kind: kind})
				if err != nil {
					b.Fatal(err)
				}
				took, n = append(took, time.Since(start)), len(needs)
			}
			projectiontest.ReportLatency(b, took)
			b.ReportMetric(float64(n), "needs")
		})
	}
}
