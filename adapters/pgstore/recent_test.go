package pgstore

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// TestLiveEventsEqualTheLog checks that a live subscription, which takes
// this store's own commits from memory, delivers exactly the events the log
// reads back, in order and without a gap, also when another store (another
// process) commits in between.
func TestLiveEventsEqualTheLog(t *testing.T) {
	a, sc := newStore(t)
	b, err := New(sc.Pool, Config{NotifyChannel: "kinerja_events_" + sc.Name})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sub := a.Subscribe(ctx, 0)
	defer sub.Close()
	evs := eventstoretest.Events(3)
	evs[1].Metadata = eventlog.Metadata{ActorID: "a<b>&\u00e9", Reason: `say "hi"`, Instansi: "pemkab-x"}
	evs[2].Data = []byte(` {"x": [1, 2.50, "\u00e9"]} `)
	appends := []struct {
		s      *Store
		stream string
		evs    []eventlog.NewEvent
	}{
		{a, "skp-a-2025", evs}, {a, "skp-a-2025", eventstoretest.Events(1)}, {b, "skp-b-2025", eventstoretest.Events(2)},
		{a, "skp-a-2025", eventstoretest.Events(2)}, {a, "skp-c-2025", eventstoretest.Events(1)},
	}
	var got []eventlog.Event
	for _, ap := range appends {
		res, err := ap.s.Append(ctx, ap.stream, eventlog.Any, ap.evs...)
		if err != nil {
			t.Fatal(err)
		}
		for uint64(len(got)) < res.Position {
			select {
			case e := <-sub.Events():
				got = append(got, e)
			case <-ctx.Done():
				t.Fatalf("got %d events, want %d", len(got), res.Position)
			}
		}
	}
	want, err := a.ReadAll(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("live events differ from the log (-log +live):\n%s", diff)
	}
}
