package promotion_test

import (
	"context"
	"os"
	"slices"
	"strconv"
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
	employees := 6000
	if v, err := strconv.Atoi(os.Getenv("KINERJA_BENCH_EMPLOYEES")); err == nil && v > 0 {
		employees = v
	}
	sc := pgtest.New(b)
	ctx := context.Background()
	cfg := projectiontest.Config{Seed: 1, Employees: employees, Instansi: 3, Units: 30, National: true}
	projectiontest.Apply(b, sc.Pool, promotion.New(), projectiontest.Stored(projectiontest.Generate(cfg)), 2000)
	if _, err := sc.Pool.Exec(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	rules := promotion.Rules{InForce: performance.DefaultPolicy()}
	asOf := time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	var took []time.Duration
	n := 0
	for b.Loop() {
		start := time.Now()
		cs, err := promotion.Candidates(ctx, sc.Pool, rules, asOf, promotion.Filter{Instansi: "I01"})
		if err != nil {
			b.Fatal(err)
		}
		took, n = append(took, time.Since(start)), len(cs)
	}
	slices.Sort(took)
	ms := func(q float64) float64 { return float64(took[int(q*float64(len(took)-1))]) / 1e6 }
	b.ReportMetric(ms(0.5), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
	b.ReportMetric(float64(n), "candidates")
}
