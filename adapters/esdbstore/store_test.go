package esdbstore_test

import (
	"context"
	"os"
	"testing"

	"github.com/kinerja/kinerja/adapters/esdbstore"
	"github.com/kinerja/kinerja/adapters/esdbstore/esdbtest"
	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// openStore opens a Store on url and closes it when the test ends.
func openStore(t testing.TB, url string) *esdbstore.Store {
	t.Helper()
	st, err := esdbstore.Open(t.Context(), url, esdbstore.Config{})
	if err != nil {
		t.Fatalf("open %s: %v", url, err)
	}
	t.Cleanup(st.Close)
	return st
}

// harness returns a contract-suite harness over st.
func harness(st *esdbstore.Store) eventstoretest.Harness {
	return eventstoretest.Harness{Store: st, Subscribe: func(ctx context.Context, after uint64) <-chan eventlog.Event {
		return st.Subscribe(ctx, after).Events()
	}}
}

// TestContractFake runs the port's contract suite against the adapter on
// the in-process fake server, one fresh server per test.
func TestContractFake(t *testing.T) {
	eventstoretest.Run(t, func(t *testing.T) eventstoretest.Harness {
		return harness(openStore(t, esdbtest.Start(t).URL()))
	})
}

// TestContractReal runs the contract suite against the real server at
// KINERJA_TEST_ESDB_URL, when set (see the README). A real server cannot
// be emptied between tests: each test runs on an isolated view of it
// (its own stream names, the log from the head on).
func TestContractReal(t *testing.T) {
	url := os.Getenv("KINERJA_TEST_ESDB_URL")
	if url == "" {
		t.Skip("KINERJA_TEST_ESDB_URL not set: no real EventStoreDB to test against (the fake runs in TestContractFake)")
	}
	st := openStore(t, url)
	eventstoretest.Run(t, func(t *testing.T) eventstoretest.Harness { return isolatedHarness(t, st) })
}

// startFake starts the in-process fake server for the test.
func startFake(tb testing.TB) *esdbtest.Server { return esdbtest.Start(tb) }
