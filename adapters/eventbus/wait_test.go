package eventbus_test

import (
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/eventbus"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
)

// TestWaitFor checks read-your-writes: a query waits for the projection to
// reach the position of a write, and gives up after its bound.
func TestWaitFor(t *testing.T) {
	e := newEnv(t)
	ctx := testCtx(t, time.Minute)
	cp, ok, err := eventbus.WaitFor(ctx, e.sc.Pool, standings.Name, 1, 30*time.Millisecond)
	if err != nil || ok || cp != 0 {
		t.Fatalf("before any event: %d %v %v, want 0 false nil", cp, ok, err)
	}
	r, err := eventbus.NewRunner(e.sc.Pool, e.store, e.runnerConfig(100), standings.New())
	if err != nil {
		t.Fatal(err)
	}
	start(t, r)
	e.appendAll(t, projectiontest.Generate(projectiontest.Config{Seed: 2, Employees: 5}))
	head := e.head(t)
	cp, ok, err = eventbus.WaitFor(ctx, e.sc.Pool, standings.Name, head, 10*time.Second)
	if err != nil || !ok || cp < head {
		t.Fatalf("after writes: %d %v %v, want %d true nil", cp, ok, err, head)
	}
}
