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
	projectiontest.BatchEqualsOneByOne(t, standings.New(), pgtest.New(t).Pool, pgtest.New(t).Pool)
}

// TestUndecodableEventIsAnApplyError checks that an event the projector
// cannot decode is reported with its position, not skipped.
func TestUndecodableEventIsAnApplyError(t *testing.T) {
	projectiontest.FailsOnUndecodable(t, pgtest.New(t).Pool, standings.New(), "unit")
}
