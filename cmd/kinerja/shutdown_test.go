package main

import (
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// blockReadyz makes /readyz wait: it locks the event_head table of the test
// schema, so the readiness check's read of the head blocks until the
// returned transaction ends.
func blockReadyz(t *testing.T, sc *pgtest.Schema) pgx.Tx {
	t.Helper()
	ctx := context.Background()
	tx, err := sc.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tx.Rollback(ctx) })
	if _, err := tx.Exec(ctx, `LOCK TABLE event_head IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	return tx
}

// waitForLockWaiter waits until some session waits for the lock on the test
// schema's event_head.
func waitForLockWaiter(t *testing.T, sc *pgtest.Schema) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		err := sc.Pool.QueryRow(context.Background(),
			`SELECT count(*) FROM pg_locks WHERE relation = 'event_head'::regclass AND NOT granted`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the /readyz request never started waiting on the database")
}

// slowRequest starts GET /readyz while it is blocked and returns where its
// status code (or -1 on error) arrives.
func slowRequest(t *testing.T, s *server, sc *pgtest.Schema) <-chan int {
	t.Helper()
	codes := make(chan int, 1)
	go func() {
		resp, err := http.Get(s.base + "/readyz")
		if err != nil {
			t.Logf("in-flight request: %v", err)
			codes <- -1
			return
		}
		resp.Body.Close()
		codes <- resp.StatusCode
	}()
	waitForLockWaiter(t, sc)
	return codes
}

func TestServeShutdownLetsInFlightRequestsFinish(t *testing.T) {
	sc := pgtest.New(t)
	s := startServe(t, sc, map[string]string{"KINERJA_SHUTDOWN_TIMEOUT": "30s"})
	tx := blockReadyz(t, sc)
	codes := slowRequest(t, s, sc)

	s.cancel() // as SIGTERM does
	waitUntilRefused(t, s.base)
	select {
	case err := <-s.done:
		t.Fatalf("serve returned (%v) while a request was in flight", err)
	case <-time.After(100 * time.Millisecond):
	}
	if err := tx.Rollback(context.Background()); err != nil {
		t.Fatal(err)
	}
	if code := <-codes; code != http.StatusOK {
		t.Fatalf("the in-flight /readyz got %d, want 200", code)
	}
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("serve returned %v after a graceful shutdown", err)
		}
		s.done <- nil
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not return after the in-flight request finished")
	}
}

func TestServeShutdownIsBounded(t *testing.T) {
	sc := pgtest.New(t)
	s := startServe(t, sc, map[string]string{"KINERJA_SHUTDOWN_TIMEOUT": "200ms"})
	blockReadyz(t, sc) // held until the test ends
	codes := slowRequest(t, s, sc)

	s.cancel()
	select {
	case err := <-s.done:
		if err == nil || !strings.Contains(err.Error(), "in-flight requests still running after 200ms") {
			t.Fatalf("serve returned %v, want the shutdown timeout", err)
		}
		s.done <- nil
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not give up on the in-flight request")
	}
	if code := <-codes; code == http.StatusOK {
		t.Fatal("the request cut off by the shutdown timeout still got 200")
	}
}

// waitUntilRefused waits until nothing accepts connections at base.
func waitUntilRefused(t *testing.T, base string) {
	t.Helper()
	addr := strings.TrimPrefix(base, "http://")
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			return
		}
		c.Close()
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the server still accepts connections after shutdown began")
}
