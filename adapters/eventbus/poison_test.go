package eventbus_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/adapters/eventbus"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/domain/eventcodec"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
	"github.com/prometheus/client_golang/prometheus"
)

// counter is a trivial projection that records every position it applies.
type counter struct{}

func (counter) Name() string     { return "counter" }
func (counter) Tables() []string { return []string{"counted"} }
func (counter) Apply(ctx context.Context, tx pgx.Tx, events []eventlog.Event) error {
	pos := make([]int64, len(events))
	for i, e := range events {
		pos[i] = int64(e.Position)
	}
	_, err := tx.Exec(ctx, `INSERT INTO counted SELECT unnest($1::bigint[])`, pos)
	return err
}

func createCounted(t *testing.T, e *env) {
	t.Helper()
	if _, err := e.sc.Pool.Exec(context.Background(), `CREATE TABLE counted (position bigint PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
}

// upgraded is standings after the fix: it reads skp events of schema v9 as v1.
type upgraded struct{ *standings.Projection }

func (u upgraded) Apply(ctx context.Context, tx pgx.Tx, events []eventlog.Event) error {
	return u.Projection.Apply(ctx, tx, u.fix(events))
}

// Prepare must be fixed too: the runtime prefers it to Apply.
func (u upgraded) Prepare(events []eventlog.Event) (readside.Step, error) {
	return u.Projection.Prepare(u.fix(events))
}

func (upgraded) fix(events []eventlog.Event) []eventlog.Event {
	fixed := append([]eventlog.Event(nil), events...)
	for i := range fixed {
		if fixed[i].SchemaVersion == 9 {
			fixed[i].SchemaVersion = 1
		}
	}
	return fixed
}

// TestPoisonStopsOnlyThatProjection appends an SKP event of a schema version
// standings does not know: standings stops at that position and reports it
// (status, gauge), the counter projection goes on, and after the fix
// standings resumes from the failed event.
func TestPoisonStopsOnlyThatProjection(t *testing.T) {
	e := newEnv(t)
	createCounted(t, e)
	world := projectiontest.Generate(projectiontest.Config{Seed: 5, Employees: 10})
	e.appendAll(t, world)
	bad := poisonEvent(t, e)
	e.appendAll(t, projectiontest.Generate(projectiontest.Config{Seed: 6, Employees: 5, Year: 2026}))

	reg := prometheus.NewRegistry()
	mon, err := eventbus.NewMonitor(e.sc.Pool, e.store, reg, standings.Name, "counter")
	if err != nil {
		t.Fatal(err)
	}
	cfg := e.runnerConfig(64)
	cfg.Monitor = mon
	r, err := eventbus.NewRunner(e.sc.Pool, e.store, cfg, standings.New(), counter{})
	if err != nil {
		t.Fatal(err)
	}
	stop := start(t, r)
	waitCheckpoint(t, e.sc.Pool, "counter", e.head(t), 30*time.Second)
	st := waitStopped(t, mon, standings.Name)
	if st.FailedPosition != bad.Position || st.FailedEventID != bad.ID || st.FailedType != skp.TypeApproved ||
		!strings.Contains(st.Error, "unsupported event schema version") || st.Checkpoint != bad.Position-1 {
		t.Fatalf("status %+v, want stopped at %d (%s) with checkpoint %d", st, bad.Position, bad.ID, bad.Position-1)
	}
	if g := gauge(t, reg, "kinerja_projection_stopped", standings.Name); g != 1 {
		t.Errorf("stopped gauge = %v, want 1", g)
	}
	if g := gauge(t, reg, "kinerja_projection_lag_events", standings.Name); g != float64(e.head(t)-bad.Position+1) {
		t.Errorf("lag gauge = %v, want %d", g, e.head(t)-bad.Position+1)
	}
	stop()

	fixed, err := eventbus.NewRunner(e.sc.Pool, e.store, cfg, upgraded{standings.New()}, counter{})
	if err != nil {
		t.Fatal(err)
	}
	start(t, fixed)
	waitCheckpoint(t, e.sc.Pool, standings.Name, e.head(t), 30*time.Second)
	all, err := mon.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if all[0].State != "running" || all[0].FailedPosition != 0 || all[0].Lag != 0 {
		t.Errorf("status after the fix %+v, want running without lag", all[0])
	}
	var approved string
	if err := e.sc.Pool.QueryRow(context.Background(), `SELECT skp_status FROM standings WHERE nip = $1 AND year = 2025`, projectiontest.NIP(0)).Scan(&approved); err != nil || approved != "approved" {
		t.Errorf("the poison event's effect after the fix: status %q, %v", approved, err)
	}
}

// poisonEvent appends skp.approved with schema version 9 for employee 0
// and returns it as stored.
func poisonEvent(t *testing.T, e *env) eventlog.Event {
	t.Helper()
	ev := projectiontest.Encode(skp.Approved{NIP: projectiontest.NIP(0), Year: 2025, At: time.Now()}, projectiontest.HR)
	ev.SchemaVersion = 9
	res, err := e.store.Append(context.Background(), skp.Stream(projectiontest.NIP(0), 2025), eventlog.Any, ev)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.store.ReadAll(context.Background(), res.Position-1, 1)
	if err != nil || len(got) != 1 {
		t.Fatalf("read back poison event: %v", err)
	}
	if _, err := skp.Decode(got[0].Type, got[0].SchemaVersion, got[0].Data); !errors.Is(err, eventcodec.ErrUnsupportedVersion) {
		t.Fatalf("poison event decodes: %v", err)
	}
	return got[0]
}

// waitStopped waits until the monitor reports name stopped.
func waitStopped(t *testing.T, mon *eventbus.Monitor, name string) readside.ProjectionStatus {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		all, err := mon.Status(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range all {
			if s.Name == name && s.State == "stopped" {
				return s
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("projection %s not stopped", name)
	return readside.ProjectionStatus{}
}

// gauge returns the value of a gauge with the given projection label.
func gauge(t *testing.T, reg *prometheus.Registry, name, projection string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "projection" && l.GetValue() == projection {
					return m.GetGauge().GetValue()
				}
			}
		}
	}
	t.Fatalf("%s", fmt.Sprintf("gauge %s{projection=%q} not found", name, projection))
	return 0
}
