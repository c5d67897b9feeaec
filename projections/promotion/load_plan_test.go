package promotion

import (
	"context"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/migrations/pgtest"
)

// TestGenericPlanFindsTheInstansiByIndex prepares load's query of an
// instansi's candidates and explains its generic plan (the plan a driver's
// cached statement gets after five executions), with sequential scans off
// so that an empty table does not hide it: the employees must be found by
// the index on instansi, not by reading every instansi's.
func TestGenericPlanFindsTheInstansiByIndex(t *testing.T) {
	sc := pgtest.New(t)
	ctx := context.Background()
	tx, err := sc.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	for _, sql := range []string{`SET LOCAL enable_seqscan = off`, `SET LOCAL plan_cache_mode = force_generic_plan`,
		`PREPARE candidates(text, text, text) AS ` + loadSQL(Filter{Instansi: "I"})} {
		if _, err := tx.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	plan := pgtest.Plan(t, tx, `EXPLAIN (COSTS OFF) EXECUTE candidates('I', '', '2026-03-15')`)
	if !strings.Contains(plan, "Index Cond: (instansi = $1)") {
		t.Errorf("the generic plan does not find the instansi's employees by index:\n%s", plan)
	}
}
