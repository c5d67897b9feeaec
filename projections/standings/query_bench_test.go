package standings_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/standings"
)

// queryBenchEmployees is the size of the workforce of the query benchmark.
const queryBenchEmployees = 100_000

// BenchmarkStandingsQuery measures the queries HR runs on the standings of
// 100,000 employees over two years (200,000 rows): one province of 50,000
// employees and five regencies of 10,000, each with a tree of units (OPD,
// bidang, seksi). The rows are written straight into the tables (the
// projector's speed is BenchmarkApply's and BenchmarkCatchUp's business),
// then analysed and vacuumed as autovacuum would. Each sub-benchmark runs one
// kind of query with random parameters b.N times (half of them on the
// province) and reports the p50 and p99 latency of Query (count and page)
// in milliseconds. Run:
//
//	go test -run '^$' -bench BenchmarkStandingsQuery -benchtime 400x ./projections/standings/
func BenchmarkStandingsQuery(b *testing.B) {
	sc := pgtest.New(b)
	ctx := context.Background()
	seedStandings(b, sc.Pool)
	rng := rand.New(rand.NewPCG(1, 2))
	instansi := func() string {
		if rng.IntN(2) == 0 {
			return "PROV"
		}
		return fmt.Sprintf("KAB%d", rng.IntN(5))
	}
	predikats := []string{"sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang", "none"}
	kinds := []struct {
		name   string
		filter func() standings.Filter
	}{
		{"instansi-year", func() standings.Filter { return standings.Filter{Instansi: instansi(), Year: 2025} }},
		{"instansi-year-page", func() standings.Filter {
			return standings.Filter{Instansi: instansi(), Year: 2025, Offset: 50 * rng.IntN(40)}
		}},
		{"opd-subunits", func() standings.Filter {
			ins := instansi()
			return standings.Filter{Instansi: ins, Year: 2025, Unit: fmt.Sprintf("%s-%d", ins, rng.IntN(opdsOf(ins))), SubUnits: true}
		}},
		{"bidang-subunits", func() standings.Filter {
			ins := instansi()
			return standings.Filter{Instansi: ins, Year: 2025, Unit: fmt.Sprintf("%s-%d-%d", ins, rng.IntN(opdsOf(ins)), rng.IntN(4)), SubUnits: true}
		}},
		{"predikat", func() standings.Filter {
			return standings.Filter{Instansi: instansi(), Year: 2025, Predikat: predikats[rng.IntN(len(predikats))]}
		}},
		{"sort-predikat", func() standings.Filter {
			return standings.Filter{Instansi: instansi(), Year: 2025, Sort: "-predikat"}
		}},
		{"sort-unit", func() standings.Filter {
			return standings.Filter{Instansi: instansi(), Year: 2025, Sort: "unit", Offset: 50 * rng.IntN(10)}
		}},
		// Not served by an index (status and progress change with most SKP
		// events; indexing them would slow every catch-up): the worst case.
		{"status-sort-progress", func() standings.Filter {
			return standings.Filter{Instansi: instansi(), Year: 2025, SKPStatus: "approved", Sort: "-progress", Limit: 100}
		}},
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			lat := make([]time.Duration, 0, b.N)
			for range b.N {
				f := k.filter()
				started := time.Now()
				if _, err := standings.Query(ctx, sc.Pool, f); err != nil {
					b.Fatalf("%+v: %v", f, err)
				}
				lat = append(lat, time.Since(started))
			}
			reportLatency(b, lat)
		})
	}
}

// reportLatency reports the p50 and p99 of lat in milliseconds.
func reportLatency(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	at := func(q float64) float64 {
		return float64(lat[min(len(lat)-1, int(q*float64(len(lat))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
	b.ReportMetric(0, "ns/op")
}

// opdsOf returns the number of OPD (top-level units) of the instansi.
func opdsOf(instansi string) int {
	if instansi == "PROV" {
		return 40
	}
	return 25
}

// seedStandings writes queryBenchEmployees employees: 50,000 in PROV and
// 10,000 in each of KAB0…KAB4, each in a seksi or bidang of an OPD, with
// rows for 2024 and 2025 and a realistic spread of SKP status and predikat.
func seedStandings(b *testing.B, pool *pgxpool.Pool) {
	b.Helper()
	ctx := context.Background()
	stmts := []string{
		// Units: root, OPD <i>-<o>, bidang <i>-<o>-<b>, seksi <i>-<o>-<b>-<s>.
		`INSERT INTO standings_units (code, name, parent, instansi)
		SELECT i, 'Pemerintah ' || i, '', i FROM unnest(ARRAY['PROV','KAB0','KAB1','KAB2','KAB3','KAB4']) i`,
		`INSERT INTO standings_units (code, name, parent, instansi)
		SELECT i || '-' || o, 'OPD ' || o, i, i FROM unnest(ARRAY['PROV','KAB0','KAB1','KAB2','KAB3','KAB4']) i,
			generate_series(0, CASE WHEN i = 'PROV' THEN 39 ELSE 24 END) o`,
		`INSERT INTO standings_units (code, name, parent, instansi)
		SELECT u.code || '-' || bd, 'Bidang ' || bd, u.code, u.instansi FROM standings_units u, generate_series(0, 3) bd
		WHERE u.parent <> '' AND u.parent = u.instansi`,
		`INSERT INTO standings_units (code, name, parent, instansi)
		SELECT u.code || '-' || s, 'Seksi ' || s, u.code, u.instansi FROM standings_units u, generate_series(0, 2) s
		WHERE u.code ~ '^[A-Z0-9]+-[0-9]+-[0-9]+$'`,
		`INSERT INTO standings_periods (instansi, year, windows, closed_windows, closed)
		SELECT i, y, 4, CASE WHEN y = 2024 THEN 4 ELSE 2 END, y = 2024
		FROM unnest(ARRAY['PROV','KAB0','KAB1','KAB2','KAB3','KAB4']) i, generate_series(2024, 2025) y`,
		// Employees: n < 50,000 in PROV, the others in KAB((n-50000)/10000).
		`CREATE TEMP TABLE bench_emp AS
		SELECT n, '19900101' || lpad(n::text, 10, '0') AS nip,
			CASE WHEN n < 50000 THEN 'PROV' ELSE 'KAB' || ((n - 50000) / 10000) END AS instansi,
			initcap(md5(n::text)) AS name, hashint4(n) AS h
		FROM generate_series(0, ` + fmt.Sprint(queryBenchEmployees-1) + `) n`,
		`INSERT INTO standings (nip, year, name, employee_status, instansi, unit, jabatan_kind, jabatan_level, jabatan_name,
			golongan, skp_status, rhk_count, iki_count, realisations, late_realisations, feedback_count, windows_rated,
			annual_hasil, annual_perilaku, annual_predikat, objection, last_position, updated_at)
		SELECT e.nip, y, e.name, 'pns', e.instansi,
			e.instansi || '-' || (abs(e.h) % CASE WHEN e.instansi = 'PROV' THEN 40 ELSE 25 END) || '-' || (abs(e.h >> 8) % 4)
				|| CASE WHEN abs(e.h >> 12) % 4 = 0 THEN '' ELSE '-' || (abs(e.h >> 14) % 3) END,
			'pelaksana', '', 'Pengelola', 'III/a',
			(ARRAY['approved','approved','approved','approved','approved','approved','submitted','draft','returned','none'])[1 + abs(e.h >> 3) % 10],
			3, 5, abs(e.h >> 5) % 21, abs(e.h >> 7) % 3, abs(e.h >> 9) % 6, 2,
			'sesuai_ekspektasi', 'sesuai_ekspektasi', p.predikat, '', e.n * 2 + y - 2024, now()
		FROM bench_emp e, generate_series(2024, 2025) y,
			LATERAL (SELECT (ARRAY['sangat_baik','sangat_baik','baik','baik','baik','baik','baik','baik','baik','baik','baik',
				'baik','baik','butuh_perbaikan','butuh_perbaikan','butuh_perbaikan','kurang','sangat_kurang','',''])
				[1 + abs(e.h >> (y - 2020)) % 20] AS predikat) p`,
		`INSERT INTO standings_employees (nip, name, status, instansi, unit, jabatan_kind, jabatan_level, jabatan_name, golongan)
		SELECT nip, name, employee_status, instansi, unit, jabatan_kind, jabatan_level, jabatan_name, golongan FROM standings WHERE year = 2025`,
		`DROP TABLE bench_emp`,
		`VACUUM ANALYZE standings, standings_units, standings_periods, standings_employees`,
	}
	conn, err := pool.Acquire(ctx) // one session: the temporary table
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Release()
	started := time.Now()
	for _, st := range stmts {
		if _, err := conn.Exec(ctx, st); err != nil {
			b.Fatalf("%s: %v", st, err)
		}
	}
	b.Logf("seeded %d employees (%d rows) in %s", queryBenchEmployees, 2*queryBenchEmployees, time.Since(started).Round(time.Millisecond))
}
