package rebuild_test

import (
	"context"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
)

// TestRebuildKeepsStorageParameters checks that the rebuilt tables keep the
// live tables' storage parameters (standings' fillfactor, which leaves room
// for HOT updates), which CREATE TABLE … LIKE does not copy.
func TestRebuildKeepsStorageParameters(t *testing.T) {
	e := newEnv(t)
	e.appendAll(t, projectiontest.Generate(projectiontest.Config{Seed: 9, Employees: 5}))
	if _, err := rebuild.Rebuild(testCtx(t, time.Minute), e.sc.Pool, e.store, standings.New(), rebuild.Config{Logger: testLogger()}); err != nil {
		t.Fatal(err)
	}
	var opts []string
	err := e.sc.Pool.QueryRow(context.Background(), `SELECT reloptions FROM pg_class WHERE oid = 'standings'::regclass`).Scan(&opts)
	if err != nil || len(opts) != 1 || opts[0] != "fillfactor=70" {
		t.Fatalf("standings after a rebuild: reloptions %v (%v), want [fillfactor=70]", opts, err)
	}
}
