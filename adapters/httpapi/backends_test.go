package httpapi

import (
	"testing"

	"github.com/kinerja/kinerja/adapters/esdbstore"
	"github.com/kinerja/kinerja/adapters/esdbstore/esdbtest"
	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// The event store backends the API tests can run on: PostgreSQL, and
// EventStoreDB on the in-process fake server.
const (
	backendPostgres = "postgres"
	backendESDB     = "esdb"
)

// testBackends is the matrix of tests that run on every backend.
var testBackends = []string{backendPostgres, backendESDB}

// testStore is what the API tests need of an event store.
type testStore interface {
	command.EventStore
	rebuild.ReplayLog
	AuditLog
	LiveLog
}

// openTestStore opens the backend's event store for the test; its read
// models, idempotency keys and access log stay in sc.
func openTestStore(t testing.TB, sc *pgtest.Schema, backend string) testStore {
	t.Helper()
	if backend == backendESDB {
		st, err := esdbstore.Open(t.Context(), esdbtest.Start(t).URL(), esdbstore.Config{Ledger: esdbstore.NewLedger(sc.Pool)})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(st.Close)
		return st
	}
	st, err := pgstore.New(sc.Pool, pgstore.Config{NotifyChannel: "kinerja_events_" + sc.Name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	return st
}
