package worklist_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/worklist"
)

// benchWorld fills the worklist tables of db directly with a world of
// 100,000 employees in 10 instansi: each has a current line (pejabat
// penilai P<i/50>, so 2,000 officials of 50 evaluatees each; atasan
// A<i/250>) and an older line naming another official, an SKP of 2025
// (every tenth submitted, the others approved), realisation reported in
// Q1 for two thirds, Q1 rated for half, a feedback response for every
// seventh and an objection for every 97th.
func benchWorld(b *testing.B, db *pgxpool.Pool) {
	b.Helper()
	const n = 100000
	stmts := []string{
		`INSERT INTO worklist_employees (nip, name, instansi, unit)
			SELECT 'E' || i, 'Pegawai ' || i, 'I' || (i % 10), 'U' || (i / 50) FROM generate_series(0, ` + fmt.Sprint(n-1) + `) i`,
		`INSERT INTO worklist_lines (nip, position, penilai, atasan, effective_from, acting)
			SELECT 'E' || i, i, 'P' || (((i + 25) / 50) % 2000), 'A' || (i / 250), date '2024-01-01', false FROM generate_series(0, ` + fmt.Sprint(n-1) + `) i`,
		`INSERT INTO worklist_lines (nip, position, penilai, atasan, effective_from, acting)
			SELECT 'E' || i, 200000 + i, 'P' || (i / 50), 'A' || (i / 250), date '2025-01-01', i % 11 = 0 FROM generate_series(0, ` + fmt.Sprint(n-1) + `) i`,
		`INSERT INTO worklist_windows (instansi, year, window_no, label, start_day, end_day, deadline)
			SELECT 'I' || k, 2025, q, '2025-Q' || q, make_date(2025, 3 * q - 2, 1), (make_date(2025, 3 * q - 2, 1) + interval '3 months' - interval '1 day')::date,
				(make_date(2025, 3 * q - 2, 1) + interval '3 months' + interval '9 days')::date
			FROM generate_series(0, 9) k, generate_series(1, 4) q`,
		`INSERT INTO worklist_skps (nip, year, instansi, status, since, approved_once)
			SELECT 'E' || i, 2025, 'I' || (i % 10), CASE WHEN i % 10 = 0 THEN 'submitted' ELSE 'approved' END,
				timestamptz '2025-01-10' + (i % 20) * interval '1 day', i % 10 <> 0 FROM generate_series(0, ` + fmt.Sprint(n-1) + `) i`,
		`INSERT INTO worklist_reports (nip, year, window_no, first_at, last_at)
			SELECT 'E' || i, 2025, 1, timestamptz '2025-03-20', timestamptz '2025-03-25' FROM generate_series(0, ` + fmt.Sprint(n-1) + `) i WHERE i % 3 <> 0`,
		`INSERT INTO worklist_rated (nip, year, window_no, event_id)
			SELECT 'E' || i, 2025, 1, 'ev' || i FROM generate_series(0, ` + fmt.Sprint(n-1) + `) i WHERE i % 2 = 0`,
		`INSERT INTO worklist_responses (nip, year, feedback_no, responded_at, event_id)
			SELECT 'E' || i, 2025, 1, timestamptz '2025-04-01', 'fr' || i FROM generate_series(0, ` + fmt.Sprint(n-1) + `) i WHERE i % 7 = 0`,
		`INSERT INTO worklist_objections (nip, year, filed_at, deadline, event_id)
			SELECT 'E' || i, 2025, timestamptz '2025-04-02', timestamptz '2025-04-15', 'ob' || i FROM generate_series(0, ` + fmt.Sprint(n-1) + `) i WHERE i % 97 = 0`,
		`ANALYZE`,
	}
	for _, s := range stmts {
		if _, err := db.Exec(b.Context(), s); err != nil {
			b.Fatalf("%s: %v", s, err)
		}
	}
}

// BenchmarkWorklistQuery loads the worklist of officials with 50
// evaluatees (and 50 more by older lines) in a 100,000-employee world on
// a day when Q1 is over and overdue, and reports p50 and p99, and the p99
// of a bare SELECT 1 round trip in the same loop (the floor the machine's
// load sets); ns/op counts both.
func BenchmarkWorklistQuery(b *testing.B) {
	db := pgtest.New(b).Pool
	benchWorld(b, db)
	day := day(5, 2)
	var took, floor []time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if _, err := db.Exec(b.Context(), `SELECT 1`); err != nil {
			b.Fatal(err)
		}
		floor = append(floor, time.Since(start))
		start = time.Now()
		w, err := worklist.Load(b.Context(), db, worklist.Query{Official: fmt.Sprintf("P%d", (i*37)%2000), Day: day})
		took = append(took, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
		if len(w.Evaluatees) != 50 || w.Total == 0 {
			b.Fatalf("%s: %d evaluatees, %d tasks", w.Official, len(w.Evaluatees), w.Total)
		}
	}
	b.StopTimer()
	slices.Sort(took)
	slices.Sort(floor)
	pct := func(ds []time.Duration, p float64) float64 {
		return float64(ds[int(float64(len(ds)-1)*p)].Microseconds()) / 1000
	}
	b.ReportMetric(pct(took, 0.50), "p50-ms")
	b.ReportMetric(pct(took, 0.99), "p99-ms")
	b.ReportMetric(pct(floor, 0.50), "select1-p50-ms")
	b.ReportMetric(pct(floor, 0.99), "select1-p99-ms")
}
