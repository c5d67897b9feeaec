package eventbus_test

import (
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/eventbus"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
)

// TestRunnerCatchesUpAndFollows runs standings over a log written before
// and while it runs.
func TestRunnerCatchesUpAndFollows(t *testing.T) {
	e := newEnv(t)
	world := projectiontest.Generate(projectiontest.Config{Seed: 1, Employees: 30})
	half := len(world) / 2
	e.appendAll(t, world[:half])
	r, err := eventbus.NewRunner(e.sc.Pool, e.store, e.runnerConfig(50), standings.New())
	if err != nil {
		t.Fatal(err)
	}
	start(t, r)
	e.appendAll(t, world[half:])
	waitCheckpoint(t, e.sc.Pool, standings.Name, e.head(t), 30*time.Second)
	var n int
	if err := e.sc.Pool.QueryRow(testCtx(t, time.Minute), `SELECT count(*) FROM standings`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 30 {
		t.Errorf("standings rows = %d, want 30", n)
	}
}
