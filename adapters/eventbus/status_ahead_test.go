package eventbus_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/adapters/eventbus"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
	"github.com/prometheus/client_golang/prometheus"
)

// TestCheckpointPastTheHeadIsReported: after the log lost its tail (a
// restore from an older backup), a projection whose checkpoint was past
// the head showed lag 0 and "idle"/"running", and silently skipped the
// events appended at the positions it had seen. The monitor reports it as
// ahead_of_log, with what to do, and sets the stopped gauge.
func TestCheckpointPastTheHeadIsReported(t *testing.T) {
	e := newEnv(t)
	e.appendAll(t, projectiontest.Generate(projectiontest.Config{Seed: 3, Employees: 2}))
	ctx := context.Background()
	head, _, err := e.store.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.sc.Pool.Exec(ctx, `INSERT INTO projection_checkpoints (name, position, writer_schema) VALUES ($1, $2, $3)`,
		standings.Name, head+5, readside.WriterSchema); err != nil {
		t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	mon, err := eventbus.NewMonitor(e.sc.Pool, e.store, reg, standings.Name)
	if err != nil {
		t.Fatal(err)
	}
	all, err := mon.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st := all[0]
	if st.State != readside.StateAheadOfLog || st.Lag != 0 || !strings.Contains(st.Error, "past the log's head") {
		t.Errorf("status %+v, want ahead_of_log with what to do", st)
	}
	if got := gauge(t, reg, "kinerja_projection_stopped", standings.Name); got != 1 {
		t.Errorf("stopped gauge %v, want 1", got)
	}
}
