package esdbstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/esdbstore"
	"github.com/kinerja/kinerja/adapters/esdbstore/esdbtest"
	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// TestSubscriptionSurvivesDropsAndRestarts drops the subscription at random
// points (20 rounds) and restarts the server (every fifth round) while
// events are appended, and checks that every event arrives exactly once,
// in order.
func TestSubscriptionSurvivesDropsAndRestarts(t *testing.T) {
	srv := esdbtest.Start(t)
	st, err := esdbstore.Open(t.Context(), srv.URL(), esdbstore.Config{MinBackoff: 5 * time.Millisecond, MaxBackoff: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	sub := st.Subscribe(ctx, 0)
	defer sub.Close()
	var want []string
	var got []eventlog.Event
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 20 {
		srv.DropAfter(1 + rng.IntN(8))
		if round%5 == 4 {
			if err := srv.Restart(); err != nil {
				t.Fatal(err)
			}
		}
		for i := range 10 {
			ev := eventstoretest.Event("test.happened", i)
			if _, err := appendRetrying(ctx, st, fmt.Sprintf("skp-%d-2025", i%3), ev); err != nil {
				t.Fatalf("round %d: %v", round, err)
			}
			want = append(want, ev.ID)
		}
		for len(got) < len(want) {
			select {
			case e, ok := <-sub.Events():
				if !ok {
					t.Fatalf("round %d: subscription ended: %v", round, sub.Err())
				}
				got = append(got, e)
			case <-time.After(10 * time.Second):
				t.Fatalf("round %d: %d of %d events arrived", round, len(got), len(want))
			}
		}
	}
	for i, e := range got {
		if e.ID != want[i] || (i > 0 && e.Position <= got[i-1].Position) {
			t.Fatalf("event %d: id %s position %d; want id %s after position %d", i, e.ID, e.Position, want[i], got[max(i-1, 0)].Position)
		}
	}
	if sub.Drops() < 20 {
		t.Fatalf("%d drops resumed, want at least 20", sub.Drops())
	}
	select {
	case e := <-sub.Events():
		t.Fatalf("extra event %s at position %d", e.ID, e.Position)
	case <-time.After(100 * time.Millisecond):
	}
}

// appendRetrying appends ev, retrying while the server restarts; retries
// are idempotent by event id.
func appendRetrying(ctx context.Context, st *esdbstore.Store, stream string, ev eventlog.NewEvent) (eventlog.AppendResult, error) {
	for {
		res, err := st.Append(ctx, stream, eventlog.Any, ev)
		if err == nil || ctx.Err() != nil {
			return res, err
		}
		time.Sleep(10 * time.Millisecond)
	}
}
