package standings

import (
	"testing"

	"github.com/kinerja/kinerja/migrations/pgtest"
)

// TestPredikatRankMatchesIndex checks that the rank expression the queries
// filter and sort by is the one the predikat index of migration 0010 is
// on, so that they use the index.
func TestPredikatRankMatchesIndex(t *testing.T) {
	sc := pgtest.New(t)
	if _, err := sc.Pool.Exec(t.Context(), `CREATE INDEX rank_check ON standings ((`+predikatRankSQL("annual_predikat")+`))`); err != nil {
		t.Fatal(err)
	}
	expr := func(index string) string {
		var s string
		if err := sc.Pool.QueryRow(t.Context(), `SELECT pg_get_expr(indexprs, indrelid) FROM pg_index WHERE indexrelid = $1::regclass`,
			index).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got, want := expr("rank_check"), expr("standings_instansi_year_predikat"); got != want {
		t.Fatalf("rank expression\n%s\nindex expression\n%s", got, want)
	}
}
