package rebuild_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/projections/history"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
)

// failingAt is a projection that applies like the one it wraps until an
// event at or after position at, and then fails.
type failingAt struct {
	readside.Projection
	at uint64
}

var errPoisoned = errors.New("poisoned")

func (f failingAt) Apply(ctx context.Context, tx pgx.Tx, events []eventlog.Event) error {
	if len(events) > 0 && events[len(events)-1].Position >= f.at {
		return fmt.Errorf("at %d: %w", f.at, errPoisoned)
	}
	return f.Projection.Apply(ctx, tx, events)
}

// TestRebuildAllStopsWhenOneProjectionFails rebuilds two projections in one
// pass where the second fails half-way: the error names it, neither is
// swapped in (the live tables are as they were), and the scratch schemas
// are gone. A rebuild that follows succeeds.
func TestRebuildAllStopsWhenOneProjectionFails(t *testing.T) {
	e := newEnv(t)
	e.appendAll(t, projectiontest.Generate(projectiontest.Config{Seed: 7, Employees: 80, Instansi: 2}))
	good, hist := standings.New(), history.New()
	e.feed(t, 200, good, hist)
	head := e.head(t)
	waitCheckpoint(t, e.sc.Pool, good.Name(), head, time.Minute)
	waitCheckpoint(t, e.sc.Pool, hist.Name(), head, time.Minute)
	before := projectiontest.Dump(t, e.sc.Pool, good)
	ctx := testCtx(t, time.Minute)
	_, err := rebuild.RebuildAll(ctx, e.sc.Pool, e.store, []readside.Projection{good, failingAt{hist, head / 2}},
		rebuild.Config{BatchSize: 100, Logger: testLogger()})
	if !errors.Is(err, errPoisoned) || !strings.Contains(err.Error(), hist.Name()) {
		t.Fatalf("RebuildAll = %v, want the poisoned history projection named", err)
	}
	if after := projectiontest.Dump(t, e.sc.Pool, good); after != before {
		t.Error("the standings tables changed though the pass failed")
	}
	var scratch int
	if err := e.sc.Pool.QueryRow(ctx, `SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'rb\_%' AND nspname LIKE '%' || $1`,
		e.sc.Name).Scan(&scratch); err != nil || scratch != 0 {
		t.Errorf("scratch schemas left: %d (%v)", scratch, err)
	}
	progs, err := rebuild.RebuildAll(ctx, e.sc.Pool, e.store, []readside.Projection{good, hist}, rebuild.Config{BatchSize: 100, Logger: testLogger()})
	if err != nil || !progs[0].Swapped || !progs[1].Swapped {
		t.Fatalf("the rebuild after: %+v, %v", progs, err)
	}
	if after := projectiontest.Dump(t, e.sc.Pool, good); after != before {
		t.Error("the rebuilt standings differ from the live ones")
	}
}
