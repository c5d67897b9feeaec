package rebuild_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/projections/history"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/promotion"
	"github.com/kinerja/kinerja/projections/standings"
	"github.com/kinerja/kinerja/projections/training"
	"github.com/kinerja/kinerja/projections/unitreport"
	"github.com/kinerja/kinerja/projections/worklist"
)

// TestReplaysDiffScopesEveryTable replays every read model for I00 and
// deletes, from each live table without an instansi column (the ratings,
// realisations, changes… keyed by nip, the unit predikat keyed by code),
// one row of I00 and one of I01: the diff of I00 finds exactly its own
// rows missing, scoped through the projection's employees or units, and
// is not equal; no table is left uncompared.
func TestReplaysDiffScopesEveryTable(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t, 2*time.Minute)
	e.appendAll(t, projectiontest.Generate(projectiontest.Config{Seed: 11, Employees: 16, National: true}))
	ps := []readside.Projection{standings.New(), promotion.New(), unitreport.New(), training.New(), history.New(), worklist.New()}
	for _, p := range ps {
		e.applyLive(t, p)
	}
	r, err := rebuild.NewReplays(e.sc.Pool, e.store, rebuild.ReplaysConfig{Projections: ps, Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dropAllReplays(e) })
	info, err := r.Build(ctx, rebuild.ReplayOwner{Instansi: "I00"}, eventlog.AsOf{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	deleted := map[string]int64{}
	for _, p := range ps {
		for _, table := range p.Tables() {
			deleted[table] = deleteOneRowOf(t, e, p.Name(), table, "I00")
			deleteOneRowOf(t, e, p.Name(), table, "I01")
		}
	}
	for _, name := range []string{"history_periodic", "promotion_annual", "unitreport_ratings", "training_ratings", "unitreport_org"} {
		if deleted[name] == 0 {
			t.Fatalf("no row of I00 in %s to delete: the world is too small", name)
		}
	}
	for _, p := range ps {
		rep, err := r.Diff(ctx, "I00", info.Schema, p.Name(), rebuild.DiffOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var total int64
		for _, td := range rep.Tables {
			total += deleted[td.Table]
			if td.Unscoped || td.OnlyReplay != int(deleted[td.Table]) || td.OnlyLive+td.Differing != 0 {
				t.Errorf("%s: only in the replay %d, only live %d, differing %d, unscoped %t; want %d only in the replay",
					td.Table, td.OnlyReplay, td.OnlyLive, td.Differing, td.Unscoped, deleted[td.Table])
			}
		}
		if rep.Equal != (total == 0) || len(rep.NotCompared) != 0 {
			t.Errorf("%s: equal %t, not compared %v; %d rows of I00 deleted", p.Name(), rep.Equal, rep.NotCompared, total)
		}
	}
}

// deleteOneRowOf deletes one live row of instansi from the table of the
// projection named and returns how many it deleted (0 when it has none).
// A table without an instansi column finds its rows through the
// projection's employees by nip, or through its units by code.
func deleteOneRowOf(t *testing.T, e *env, projection, table, instansi string) int64 {
	t.Helper()
	ctx := context.Background()
	var cols []string
	rows, err := e.sc.Pool.Query(ctx, `SELECT column_name::text FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1`, table)
	if err == nil {
		cols, err = pgx.CollectRows(rows, pgx.RowTo[string])
	}
	if err != nil {
		t.Fatal(err)
	}
	where := `instansi = $1`
	switch {
	case slices.Contains(cols, "instansi"):
		return 0 // scoped by its own column, as before
	case slices.Contains(cols, "nip"):
		where = `nip IN (SELECT nip FROM ` + projection + `_employees WHERE instansi = $1)`
	case slices.Contains(cols, "code"):
		where = `code IN (SELECT code FROM ` + projection + `_units WHERE instansi = $1)`
	default:
		t.Fatalf("table %s has neither instansi, nip nor code", table)
	}
	tag, err := e.sc.Pool.Exec(ctx, `DELETE FROM `+table+` WHERE ctid IN (SELECT ctid FROM `+table+` WHERE `+where+` LIMIT 1)`, instansi)
	if err != nil {
		t.Fatal(err)
	}
	return tag.RowsAffected()
}

// dropAllReplays drops every replay of the test's schema.
func dropAllReplays(e *env) {
	list, _ := rebuild.ListReplays(context.Background(), e.sc.Pool)
	for _, info := range list {
		_ = rebuild.DropReplay(context.Background(), e.sc.Pool, info.Schema)
	}
}
