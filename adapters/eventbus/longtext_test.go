package eventbus_test

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/eventbus"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/unit"
	"github.com/kinerja/kinerja/projections/history"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/promotion"
	"github.com/kinerja/kinerja/projections/standings"
	"github.com/kinerja/kinerja/projections/training"
	"github.com/kinerja/kinerja/projections/unitreport"
)

// TestLongTextInTheLogStopsNoProjection appends, straight through the store
// and so past the domain's limits, an employee registration whose name and
// jabatan name are 6,000 characters long and a unit renamed to 6,000
// characters, between two ordinary worlds. Every projection reaches the
// head, and standings holds the whole name.
func TestLongTextInTheLogStopsNoProjection(t *testing.T) {
	e := newEnv(t)
	world := projectiontest.Generate(projectiontest.Config{Seed: 7, Employees: 10})
	e.appendAll(t, world)
	long := incompressible(6000)
	reg := firstRegistration(t, world)
	reg.NIP, reg.Name, reg.Jabatan.Name = projectiontest.NIP(900), long, long
	e.appendAll(t, []projectiontest.Append{
		{Stream: employee.Stream(reg.NIP), Events: []eventlog.NewEvent{projectiontest.Encode(reg, projectiontest.HR)}},
		{Stream: "unit-" + reg.Unit, Events: []eventlog.NewEvent{projectiontest.Encode(
			unit.Renamed{Code: reg.Unit, To: long, At: reg.At.Add(time.Second), By: projectiontest.HR}, projectiontest.HR)}},
	})
	e.appendAll(t, projectiontest.Generate(projectiontest.Config{Seed: 8, Employees: 5, Year: 2026}))

	all := []readside.Projection{standings.New(), promotion.New(), unitreport.New(), training.New(), history.New()}
	r, err := eventbus.NewRunner(e.sc.Pool, e.store, e.runnerConfig(64), all...)
	if err != nil {
		t.Fatal(err)
	}
	start(t, r)
	head := e.head(t)
	for _, p := range all {
		waitCheckpoint(t, e.sc.Pool, p.Name(), head, 30*time.Second)
	}
	var name string
	err = e.sc.Pool.QueryRow(context.Background(), `SELECT name FROM standings WHERE nip = $1 ORDER BY year LIMIT 1`, reg.NIP).Scan(&name)
	if err != nil || name != long {
		t.Errorf("standings name of %s: %d characters, %v; want the whole name", reg.NIP, len(name), err)
	}
}

// firstRegistration returns the first employee registration of world.
func firstRegistration(t *testing.T, world []projectiontest.Append) employee.Registered {
	t.Helper()
	for _, a := range world {
		for _, ev := range a.Events {
			if ev.Type != employee.TypeRegistered {
				continue
			}
			var reg employee.Registered
			if err := json.Unmarshal(ev.Data, &reg); err != nil {
				t.Fatal(err)
			}
			return reg
		}
	}
	t.Fatal("no employee registration in the world")
	return employee.Registered{}
}

// incompressible returns n random letters: PostgreSQL compresses a repeated
// text to a few bytes, which would fit any index.
func incompressible(n int) string {
	rng := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + rng.IntN(26))
	}
	return string(b)
}
