package standings_test

import (
	"testing"

	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
)

// TestBatchEqualsOneByOne applies a random world one event per transaction
// and in batches of 1,000: SKP events are applied in memory per batch after
// the master-data statements, and this must not change the result.
func TestBatchEqualsOneByOne(t *testing.T) {
	one, many := pgtest.New(t), pgtest.New(t)
	projectiontest.BatchEqualsOneByOne(t, standings.New(), one.Pool, many.Pool)
}

// TestUnknownSchemaVersionIsAnApplyError checks that an event the projector
// cannot decode is reported with its position, not skipped.
func TestUnknownSchemaVersionIsAnApplyError(t *testing.T) {
	sc := pgtest.New(t)
	events := projectiontest.Stored(projectiontest.Generate(projectiontest.Config{Seed: 1, Employees: 2}))
	events[5].SchemaVersion = 99
	projectiontest.FailsAt(t, sc.Pool, standings.New(), events, 5)
}
