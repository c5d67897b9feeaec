package pgstore

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

func TestIdempotencyStoreKeepsTheFirstResponse(t *testing.T) {
	sc := pgtest.New(t)
	s := NewIdempotencyStore(sc.Pool)
	ctx := context.Background()
	if _, found, err := s.Get(ctx, "198609262015051001", "k1"); err != nil || found {
		t.Fatalf("unknown key: found %v, %v", found, err)
	}
	first := StoredResponse{RequestHash: []byte{1}, Status: 201, ETag: `"1"`, Body: []byte(`{"a":1}`)}
	got, err := s.Put(ctx, "198609262015051001", "k1", first)
	if err != nil || !cmp.Equal(got, first) {
		t.Fatalf("first Put = %+v, %v", got, err)
	}
	second := StoredResponse{RequestHash: []byte{2}, Status: 200, ETag: `"2"`, Body: []byte(`{"b":2}`)}
	if got, err = s.Put(ctx, "198609262015051001", "k1", second); err != nil || !cmp.Equal(got, first) {
		t.Fatalf("second Put = %+v, %v; want the first response", got, err)
	}
	if got, err = s.Put(ctx, "other-actor", "k1", second); err != nil || !cmp.Equal(got, second) {
		t.Fatalf("another actor's Put = %+v, %v; keys are per actor", got, err)
	}
	if got, found, err := s.Get(ctx, "198609262015051001", "k1"); err != nil || !found || !cmp.Equal(got, first) {
		t.Fatalf("Get = %+v, %v, %v", got, found, err)
	}
}
