package standings_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
)

// BenchmarkApply measures the projector alone: a generated log of over
// 100,000 events held in memory, applied in transactions of 500 events to
// empty tables (asynchronous commit, as the runtime does), without the
// event store and the runtime. Run:
//
//	go test -run '^$' -bench BenchmarkApply -benchtime 3x ./projections/standings/
func BenchmarkApply(b *testing.B) {
	events := projectiontest.Stored(projectiontest.Generate(projectiontest.Config{Seed: 3, Employees: 6000, Instansi: 5, Units: 30}))
	sc := pgtest.New(b)
	p := standings.New()
	ctx := context.Background()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		for _, t := range p.Tables() {
			if _, err := sc.Pool.Exec(ctx, `TRUNCATE `+t); err != nil {
				b.Fatal(err)
			}
		}
		b.StartTimer()
		started := time.Now()
		for i := 0; i < len(events); i += 500 {
			batch := events[i:min(i+500, len(events))]
			if err := pgx.BeginFunc(ctx, sc.Pool, func(tx pgx.Tx) error {
				if _, err := tx.Exec(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
					return err
				}
				return p.Apply(ctx, tx, batch)
			}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(events))/time.Since(started).Seconds(), "events/s")
	}
}
