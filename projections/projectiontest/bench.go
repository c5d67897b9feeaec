package projectiontest

import (
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// BenchWorld applies a generated national world (a whole year per
// employee; by default 6,000 employees in three instansi,
// KINERJA_BENCH_EMPLOYEES sets the size) to p in the fresh schema of db and
// analyses it as autovacuum would.
func BenchWorld(b *testing.B, db *pgxpool.Pool, p Projector) {
	b.Helper()
	employees := 6000
	if v, err := strconv.Atoi(os.Getenv("KINERJA_BENCH_EMPLOYEES")); err == nil && v > 0 {
		employees = v
	}
	cfg := Config{Seed: 1, Employees: employees, Instansi: 3, Units: 30, National: true}
	Apply(b, db, p, Stored(Generate(cfg)), 2000)
	if _, err := db.Exec(b.Context(), `ANALYZE`); err != nil {
		b.Fatal(err)
	}
}

// ReportLatency reports the median and the 99th percentile of took, in
// milliseconds, as the metrics p50-ms and p99-ms.
func ReportLatency(b *testing.B, took []time.Duration) {
	b.Helper()
	if len(took) == 0 {
		return
	}
	took = slices.Sorted(slices.Values(took))
	ms := func(q float64) float64 { return float64(took[int(q*float64(len(took)-1))]) / 1e6 }
	b.ReportMetric(ms(0.5), "p50-ms")
	b.ReportMetric(ms(0.99), "p99-ms")
}
