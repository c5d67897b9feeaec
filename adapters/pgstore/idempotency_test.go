package pgstore

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

const idemActor = "198609262015051001"

func TestIdempotencyStoreReservesThenKeepsTheFirstResponse(t *testing.T) {
	sc := pgtest.New(t)
	s := NewIdempotencyStore(sc.Pool)
	ctx := context.Background()
	if _, found, err := s.Get(ctx, idemActor, "k1"); err != nil || found {
		t.Fatalf("unknown key: found %v, %v", found, err)
	}
	if r, err := s.Reserve(ctx, idemActor, "k1", []byte{1}, "/v1/a"); err != nil || !r.Owned {
		t.Fatalf("first Reserve = %+v, %v", r, err)
	}
	r, err := s.Reserve(ctx, idemActor, "k1", []byte{2}, "/v1/b")
	if err != nil || r.Owned || !r.Pending || r.Path != "/v1/a" || !cmp.Equal(r.Stored.RequestHash, []byte{1}) {
		t.Fatalf("Reserve of a pending key = %+v, %v; want the holder", r, err)
	}
	first := StoredResponse{RequestHash: []byte{1}, Status: 201, ETag: `"1"`, Body: []byte(`{"a":1}`)}
	if err := s.Complete(ctx, idemActor, "k1", first); err != nil {
		t.Fatal(err)
	}
	r, err = s.Reserve(ctx, idemActor, "k1", []byte{1}, "/v1/a")
	if err != nil || r.Owned || r.Pending || !cmp.Equal(r.Stored, first) {
		t.Fatalf("Reserve of a done key = %+v, %v; want the first response", r, err)
	}
	if r, err := s.Reserve(ctx, "other-actor", "k1", []byte{2}, "/v1/b"); err != nil || !r.Owned {
		t.Fatalf("another actor's Reserve = %+v, %v; keys are per actor", r, err)
	}
	if got, found, err := s.Get(ctx, idemActor, "k1"); err != nil || !found || !cmp.Equal(got, first) {
		t.Fatalf("Get = %+v, %v, %v", got, found, err)
	}
}

func TestIdempotencyStoreReleaseAndAbandon(t *testing.T) {
	sc := pgtest.New(t)
	s := NewIdempotencyStore(sc.Pool)
	ctx := context.Background()
	mustOwn := func(what string, hash byte) {
		t.Helper()
		if r, err := s.Reserve(ctx, idemActor, "k", []byte{hash}, "/v1/a"); err != nil || !r.Owned {
			t.Fatalf("%s: Reserve = %+v, %v", what, r, err)
		}
	}
	mustOwn("first", 1)
	if err := s.Release(ctx, idemActor, "k", []byte{1}); err != nil {
		t.Fatal(err)
	}
	mustOwn("after Release, any request", 2)
	if err := s.Abandon(ctx, idemActor, "k", []byte{2}); err != nil {
		t.Fatal(err)
	}
	if r, err := s.Reserve(ctx, idemActor, "k", []byte{3}, "/v1/a"); err != nil || r.Owned {
		t.Fatalf("after Abandon, another request: Reserve = %+v, %v; want refused", r, err)
	}
	mustOwn("after Abandon, the same request", 2)
}

func TestIdempotencyStoreLeaseRunsOut(t *testing.T) {
	sc := pgtest.New(t)
	s := NewIdempotencyStoreWith(sc.Pool, IdempotencyConfig{Lease: 100 * time.Millisecond})
	ctx := context.Background()
	if r, err := s.Reserve(ctx, idemActor, "k", []byte{1}, "/v1/a"); err != nil || !r.Owned {
		t.Fatalf("Reserve = %+v, %v", r, err)
	}
	if r, err := s.Reserve(ctx, idemActor, "k", []byte{1}, "/v1/a"); err != nil || r.Owned || !r.Pending {
		t.Fatalf("within the lease: Reserve = %+v, %v", r, err)
	}
	time.Sleep(150 * time.Millisecond)
	if r, err := s.Reserve(ctx, idemActor, "k", []byte{9}, "/v1/a"); err != nil || r.Owned {
		t.Fatalf("after the lease, another request: Reserve = %+v, %v; want refused", r, err)
	}
	if r, err := s.Reserve(ctx, idemActor, "k", []byte{1}, "/v1/a"); err != nil || !r.Owned {
		t.Fatalf("after the lease, the same request: Reserve = %+v, %v; want taken over", r, err)
	}
}

func TestIdempotencyStorePurgesExpiredKeys(t *testing.T) {
	sc := pgtest.New(t)
	s := NewIdempotencyStoreWith(sc.Pool, IdempotencyConfig{TTL: time.Hour})
	ctx := context.Background()
	for _, k := range []string{"old", "new"} {
		if _, err := s.Reserve(ctx, idemActor, k, []byte{1}, "/v1/a"); err != nil {
			t.Fatal(err)
		}
		if err := s.Complete(ctx, idemActor, k, StoredResponse{RequestHash: []byte{1}, Status: 201, Body: []byte("{}")}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := sc.Pool.Exec(ctx, `UPDATE idempotency_keys SET created_at = now() - interval '2 hours' WHERE key = 'old'`); err != nil {
		t.Fatal(err)
	}
	if _, found, err := s.Get(ctx, idemActor, "old"); err != nil || found {
		t.Fatalf("an expired key: found %v, %v", found, err)
	}
	n, err := s.Purge(ctx)
	if err != nil || n != 1 {
		t.Fatalf("Purge = %d, %v; want 1", n, err)
	}
	var left []string
	rows, _ := sc.Pool.Query(ctx, `SELECT key FROM idempotency_keys`)
	for rows.Next() {
		var k string
		_ = rows.Scan(&k)
		left = append(left, k)
	}
	if rows.Err() != nil || !cmp.Equal(left, []string{"new"}) {
		t.Fatalf("after Purge: %v, %v", left, rows.Err())
	}
}

func TestIdempotencyStoreRunPurgeRemovesExpiredKeysInTheBackground(t *testing.T) {
	sc := pgtest.New(t)
	s := NewIdempotencyStoreWith(sc.Pool, IdempotencyConfig{TTL: 50 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.RunPurge(ctx, 20*time.Millisecond, func(err error) { t.Error(err) })
	}()
	defer func() { cancel(); <-done }()
	if _, err := s.Reserve(ctx, idemActor, "k", []byte{1}, "/v1/a"); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(3 * time.Second)
	for {
		var n int
		if err := sc.Pool.QueryRow(ctx, `SELECT count(*) FROM idempotency_keys`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d keys still there after the TTL", n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
