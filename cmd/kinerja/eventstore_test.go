package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/esdbstore"
	"github.com/kinerja/kinerja/adapters/esdbstore/esdbtest"
	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

func TestEventStoreSetting(t *testing.T) {
	for _, v := range []string{"esdb://127.0.0.1:2113?tls=false", "esdb+discover://a:2113,b:2113?tls=false", "esdb://admin:changeit@127.0.0.1:2113"} {
		if _, err := loadFrom(map[string]string{"KINERJA_EVENTSTORE": v}); err != nil {
			t.Errorf("KINERJA_EVENTSTORE=%s: %v", v, err)
		}
	}
	for _, v := range []string{"esdb://", "esdb://127.0.0.1:2113?tls=maybe", "esdb://u:hunter2@127.0.0.1:2113?keepAliveTimeout=soon", "http://127.0.0.1:2113"} {
		_, err := loadFrom(map[string]string{"KINERJA_EVENTSTORE": v})
		if err == nil || !strings.Contains(err.Error(), "invalid KINERJA_EVENTSTORE") || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("KINERJA_EVENTSTORE=%s: error %v, want one naming the variable without the password", v, err)
		}
	}
}

// TestServeUnreachableEventStoreDB checks that serve with an EventStoreDB
// that does not answer fails, naming the variable, instead of serving.
func TestServeUnreachableEventStoreDB(t *testing.T) {
	sc := pgtest.New(t)
	srv := esdbtest.Start(t)
	srv.Down()
	var out, errOut syncBuffer
	start := time.Now()
	err := run(context.Background(), []string{"serve", "-eventstore", srv.URL(), "-addr", "127.0.0.1:0"},
		mapEnv(map[string]string{"DATABASE_URL": sc.URL}), &out, &errOut)
	if err == nil || !strings.Contains(err.Error(), "KINERJA_EVENTSTORE") || !strings.Contains(err.Error(), "unavailable") {
		t.Fatalf("serve with an unreachable EventStoreDB returned %v", err)
	}
	t.Logf("failed after %s: %v", time.Since(start), err)
}

// TestAuditVerifyESDB checks "kinerja audit verify" on the EventStoreDB
// backend: it verifies the events against the ledger, and reports the
// first position where they differ.
func TestAuditVerifyESDB(t *testing.T) {
	sc := pgtest.New(t)
	srv := esdbtest.Start(t)
	ledger := esdbstore.NewLedger(sc.Pool)
	st, err := esdbstore.Open(t.Context(), srv.URL(), esdbstore.Config{Ledger: ledger})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := range 7 {
		if _, err := st.Append(t.Context(), fmt.Sprintf("skp-19860926201505100%d-2025", i/3), eventlog.Any, eventstoretest.Event("skp.realisation_reported", i)); err != nil {
			t.Fatal(err)
		}
	}
	evs, err := st.ReadAll(t.Context(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	tx, err := sc.Pool.Begin(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if err := ledger.Apply(t.Context(), tx, evs); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(t.Context()); err != nil {
		t.Fatal(err)
	}
	env := mapEnv(map[string]string{"DATABASE_URL": sc.URL, "KINERJA_EVENTSTORE": srv.URL()})
	var out, errOut syncBuffer
	if err := run(t.Context(), []string{"audit", "verify"}, env, &out, &errOut); err != nil || !strings.Contains(out.String(), "verified 7 events") {
		t.Fatalf("audit verify of an intact log: %v\n%s%s", err, out.String(), errOut.String())
	}
	// The ledger recorded other content for the fifth event than the log
	// now holds.
	if _, err := sc.Pool.Exec(t.Context(), `UPDATE esdb_ledger SET hash = sha256(hash) WHERE position = $1`, int64(evs[4].Position)); err != nil {
		t.Fatal(err)
	}
	out, errOut = syncBuffer{}, syncBuffer{}
	err = run(t.Context(), []string{"audit", "verify"}, env, &out, &errOut)
	want := fmt.Sprintf("chain broken at position %d", evs[4].Position)
	if err == nil || !strings.Contains(out.String(), want) || !strings.Contains(out.String(), "the 4 events before it are intact") {
		t.Fatalf("audit verify of a log that differs from the ledger: %v\n%s", err, out.String())
	}
}

// TestServeOnESDB serves with the EventStoreDB backend on the fake server:
// /readyz is ready and lists the ledger among the projections; with the
// server down it is not ready, and ready again once the server is back.
func TestServeOnESDB(t *testing.T) {
	sc := pgtest.New(t)
	srv := esdbtest.Start(t)
	s := startServe(t, sc, map[string]string{"KINERJA_EVENTSTORE": srv.URL()})
	ready := func() (int, string) {
		resp, body := get(t, s.base+"/readyz")
		b, _ := json.Marshal(body)
		return resp.StatusCode, string(b)
	}
	waitFor := func(status int, what string) string {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for {
			code, body := ready()
			if code == status {
				return body
			}
			if time.Now().After(deadline) {
				t.Fatalf("/readyz %d %s, want %d (%s)", code, body, status, what)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	if body := waitFor(200, "serving"); !strings.Contains(body, esdbstore.LedgerName) {
		t.Fatalf("/readyz does not list the ledger: %s", body)
	}
	srv.Down()
	waitFor(503, "EventStoreDB down")
	if err := srv.Up(); err != nil {
		t.Fatal(err)
	}
	waitFor(200, "EventStoreDB back")
}
