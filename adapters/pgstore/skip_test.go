package pgstore

import (
	"context"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// TestNoSkipWithOpenTransaction holds transaction A open after it has
// written an event, while B appends through the store and a reader polls the
// global log. B must not become visible before A (B waits for A's head lock),
// so the reader never moves past A's position; after A commits the reader
// gets both events, each once, in order.
func TestNoSkipWithOpenTransaction(t *testing.T) {
	s, sc := newStore(t)
	ctx := context.Background()

	txA, err := sc.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer txA.Rollback(ctx)
	evA := eventstoretest.Event("test.a", 1)
	reqA := newRequest(ctx, "skp-a-2025", eventlog.Any, evA)
	respA, err := s.writeBatch(ctx, txA, []*appendRequest{reqA}, true, false)
	if err != nil || respA[0].err != nil {
		t.Fatalf("A write: %v %v", err, respA[0].err)
	}

	evB := eventstoretest.Event("test.b", 2)
	bDone := make(chan error, 1)
	go func() {
		_, err := s.Append(ctx, "skp-b-2025", eventlog.Any, evB)
		bDone <- err
	}()

	// Poll while A is open: the reader must see nothing, and B must not commit.
	var seen []eventlog.Event
	var after uint64
	poll := func() {
		page, err := s.ReadAll(ctx, after, 100)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			seen = append(seen, e)
			after = e.Position
		}
	}
	for i := 0; i < 20; i++ {
		poll()
		time.Sleep(10 * time.Millisecond)
	}
	select {
	case err := <-bDone:
		t.Fatalf("B committed while A held the head (err %v): a reader could skip A", err)
	default:
	}
	if len(seen) != 0 {
		t.Fatalf("reader saw %d events while A was uncommitted", len(seen))
	}

	if err := txA.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-bDone; err != nil {
		t.Fatalf("B append: %v", err)
	}
	poll()
	poll()
	if len(seen) != 2 || seen[0].ID != evA.ID || seen[1].ID != evB.ID {
		t.Fatalf("reader got %d events %v, want A then B once each", len(seen), ids(seen))
	}
	if seen[0].Position != 1 || seen[1].Position != 2 {
		t.Fatalf("positions %d, %d; want 1, 2", seen[0].Position, seen[1].Position)
	}
}

func newRequest(ctx context.Context, stream string, exp eventlog.ExpectedVersion, evs ...eventlog.NewEvent) *appendRequest {
	metas, err := eventlog.ValidateAppend(stream, evs)
	if err != nil {
		panic(err)
	}
	return &appendRequest{ctx: ctx, stream: stream, expected: exp, events: evs, metas: metas, done: make(chan appendResponse, 1)}
}

func ids(evs []eventlog.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.ID
	}
	return out
}
