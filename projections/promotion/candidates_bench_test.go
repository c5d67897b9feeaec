package promotion_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/promotion"
)

// BenchmarkCandidates measures GET /v1/promotion-candidates's read: every
// candidate of one instansi of a generated national world (a whole year per
// employee, by default 6,000 employees in three instansi;
// KINERJA_BENCH_EMPLOYEES sets the size), decided under the default policy.
// It reports the p50 and p99 latency in milliseconds. Run:
//
//	go test -run '^$' -bench BenchmarkCandidates -benchtime 20x ./projections/promotion/
func BenchmarkCandidates(b *testing.B) {
	ctx := context.Background()
	pool := pgtest.New(b).Pool
	projectiontest.BenchWorld(b, pool, promotion.New())
	rules := promotion.Rules{InForce: performance.DefaultPolicy()}
	asOf := time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	var took []time.Duration
	n := 0
	for b.Loop() {
		start := time.Now()
		cs, err := promotion.Candidates(ctx, pool, rules, asOf, promotion.Filter{Instansi: "I01"})
		if err != nil {
			b.Fatal(err)
		}
		took, n = append(took, time.Since(start)), len(cs)
	}
	projectiontest.ReportLatency(b, took)
	b.ReportMetric(float64(n), "candidates")
}
