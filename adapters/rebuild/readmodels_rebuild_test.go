package rebuild_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/projections/history"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/promotion"
	"github.com/kinerja/kinerja/projections/standings"
	"github.com/kinerja/kinerja/projections/training"
	"github.com/kinerja/kinerja/projections/unitreport"
	"github.com/kinerja/kinerja/projections/worklist"
)

// The unit report, training and history projections prepare their batches.
var (
	_ readside.Preparer = (*unitreport.Projection)(nil)
	_ readside.Preparer = (*training.Projection)(nil)
	_ readside.Preparer = (*history.Projection)(nil)
	_ readside.Preparer = (*worklist.Projection)(nil)
)

// TestEquivalenceReadModelsLiveAndRebuild runs all six read models live,
// in small batches, over a random world of two years appended partly before
// and partly while they run, then rebuilds them from position 0 in one
// pass (RebuildAll: the log read and decoded once for all, the projections
// written concurrently): the rebuilt tables equal the live ones. It runs on
// both event store backends.
func TestEquivalenceReadModelsLiveAndRebuild(t *testing.T) {
	for _, backend := range testBackends {
		t.Run(backend, func(t *testing.T) {
			t.Parallel() // each backend has its own schema (and fake server)
			equivalenceReadModels(t, newEnvOn(t, backend))
		})
	}
}

func equivalenceReadModels(t *testing.T, e *env) {
	world := projectiontest.Generate(projectiontest.Config{Seed: 42, Employees: 150, Instansi: 3})
	world = append(world, projectiontest.Generate(projectiontest.Config{Seed: 43, Employees: 150, Instansi: 3, Year: 2026})...)
	cut := len(world) * 2 / 5
	e.appendAll(t, world[:cut])
	ps := []readside.Projection{standings.New(), promotion.New(), unitreport.New(), training.New(), history.New(), worklist.New()}
	e.feed(t, 37, ps...)
	e.appendAll(t, world[cut:])
	for _, p := range ps {
		waitCheckpoint(t, e.sc.Pool, p.Name(), e.head(t), time.Minute)
	}
	wantRichReadModels(t, e)
	live := make([]string, len(ps))
	for i, p := range ps {
		live[i] = projectiontest.Dump(t, e.sc.Pool, p)
	}
	progs, err := rebuild.RebuildAll(testCtx(t, time.Minute), e.sc.Pool, e.store, ps, rebuild.Config{BatchSize: 700, Logger: testLogger()})
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range ps {
		if prog := progs[i]; !prog.Swapped || prog.Position != e.head(t) || prog.Projection != p.Name() || prog.CatchUp <= 0 {
			t.Errorf("%s: rebuild progress %+v, want swapped at %d", p.Name(), prog, e.head(t))
		}
		if diff := cmp.Diff(live[i], projectiontest.Dump(t, e.sc.Pool, p)); diff != "" {
			t.Fatalf("%s: rebuilt tables differ from live (-live +rebuilt):\n%s", p.Name(), diff)
		}
	}
}

// wantRichReadModels checks that the world reached every kind of fact the
// three read models hold.
func wantRichReadModels(t *testing.T, e *env) {
	t.Helper()
	for _, q := range []string{
		`SELECT count(*) FROM unitreport_org`, `SELECT count(*) FROM unitreport_overrides`,
		`SELECT count(*) FROM unitreport_realisations WHERE late`, `SELECT count(*) FROM unitreport_ratings WHERE window_no = 0`,
		`SELECT count(*) FROM unitreport_members WHERE year = 2026`, `SELECT count(*) FROM training_feedback`,
		`SELECT count(*) FROM training_windows WHERE closed_event_id IS NOT NULL`, `SELECT count(*) FROM history_changes WHERE kind = 'transferred'`,
		`SELECT count(*) FROM history_changes WHERE kind = 'reporting_line_assigned'`, `SELECT count(*) FROM history_years WHERE objection <> ''`,
		`SELECT count(*) FROM worklist_lines`, `SELECT count(*) FROM worklist_rated`, `SELECT count(*) FROM worklist_reports`,
	} {
		var n int
		if err := e.sc.Pool.QueryRow(context.Background(), q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Errorf("%s: 0, the world is too poor", q)
		}
	}
}
