package esdbtest_test

import (
	"slices"
	"testing"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/kinerja/kinerja/adapters/esdbstore/esdbtest"
)

// pump delivers a subscription's events on a channel until it drops; the
// subscription is closed when the test ends.
func pump(t *testing.T, sub *esdb.Subscription) <-chan *esdb.SubscriptionEvent {
	ch := make(chan *esdb.SubscriptionEvent, 1000)
	go func() {
		defer close(ch)
		for {
			ev := sub.Recv()
			ch <- ev
			if ev.SubscriptionDropped != nil {
				return
			}
		}
	}()
	t.Cleanup(func() { _ = sub.Close() })
	return ch
}

// marker is how collect records the caught-up message among event types.
const marker = "<caught-up>"

// collect returns the next n event types (the caught-up message counts
// as marker; checkpoints are skipped) and fails on a drop or timeout.
func collect(t *testing.T, ch <-chan *esdb.SubscriptionEvent, n int) []string {
	t.Helper()
	var got []string
	timeout := time.After(10 * time.Second)
	for len(got) < n {
		select {
		case ev := <-ch:
			switch {
			case ev == nil || ev.SubscriptionDropped != nil:
				t.Fatalf("subscription dropped after %v: %v", got, ev)
			case ev.EventAppeared != nil:
				got = append(got, ev.EventAppeared.OriginalEvent().EventType)
			case ev.CaughtUp != nil:
				got = append(got, marker)
			}
		case <-timeout:
			t.Fatalf("timed out after %v", got)
		}
	}
	return got
}

// quiet fails if anything but a checkpoint arrives within a short time.
func quiet(t *testing.T, ch <-chan *esdb.SubscriptionEvent) {
	t.Helper()
	deadline := time.After(100 * time.Millisecond)
	for {
		select {
		case ev := <-ch:
			if ev.CheckPointReached == nil {
				t.Fatalf("unexpected subscription event %+v", ev)
			}
		case <-deadline:
			return
		}
	}
}

func TestSubscribeToAllFiltered(t *testing.T) {
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	ctx := testContext(t)
	appendEvents(t, c, "a", event("A0", `{}`), event("A1", `{}`))
	sub, err := c.SubscribeToAll(ctx, esdb.SubscribeToAllOptions{From: esdb.Start{}, Filter: esdb.ExcludeSystemEventsFilter()})
	if err != nil {
		t.Fatal(err)
	}
	ch := pump(t, sub)
	if got := collect(t, ch, 3); !slices.Equal(got, []string{"A0", "A1", marker}) {
		t.Fatalf("history = %v", got)
	}
	srv.AppendSystemEvent("$stats-127.0.0.1:2113", "$statsCollected")
	appendEvents(t, c, "b", event("B0", `{}`))
	if got := collect(t, ch, 1); !slices.Equal(got, []string{"B0"}) {
		t.Fatalf("live = %v", got)
	}
	quiet(t, ch)
}

func TestSubscribeToAllFromPositionIsExclusive(t *testing.T) {
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	ctx := testContext(t)
	res := appendEvents(t, c, "a", event("A0", `{}`), event("A1", `{}`))
	appendEvents(t, c, "a", event("A2", `{}`))
	from := esdb.Position{Commit: res.CommitPosition, Prepare: res.PreparePosition}
	sub, err := c.SubscribeToAll(ctx, esdb.SubscribeToAllOptions{From: from})
	if err != nil {
		t.Fatal(err)
	}
	if got := collect(t, pump(t, sub), 2); !slices.Equal(got, []string{"A2", marker}) {
		t.Fatalf("events after A1 = %v", got)
	}
}

func TestSubscribeToAllFromEnd(t *testing.T) {
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	appendEvents(t, c, "a", event("A0", `{}`))
	sub, err := c.SubscribeToAll(testContext(t), esdb.SubscribeToAllOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ch := pump(t, sub)
	if got := collect(t, ch, 1); !slices.Equal(got, []string{marker}) {
		t.Fatalf("before live events = %v", got)
	}
	appendEvents(t, c, "a", event("A1", `{}`))
	if got := collect(t, ch, 1); !slices.Equal(got, []string{"A1"}) {
		t.Fatalf("live = %v", got)
	}
}

func TestSubscribeToAllStreamPrefixFilter(t *testing.T) {
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	appendEvents(t, c, "pegawai-1", event("P0", `{}`))
	appendEvents(t, c, "skp-1", event("S0", `{}`))
	appendEvents(t, c, "pegawai-2", event("P1", `{}`))
	filter := &esdb.SubscriptionFilter{Type: esdb.StreamFilterType, Prefixes: []string{"pegawai-"}}
	sub, err := c.SubscribeToAll(testContext(t), esdb.SubscribeToAllOptions{From: esdb.Start{}, Filter: filter})
	if err != nil {
		t.Fatal(err)
	}
	if got := collect(t, pump(t, sub), 3); !slices.Equal(got, []string{"P0", "P1", marker}) {
		t.Fatalf("filtered = %v", got)
	}
}

func TestSubscribeCheckpoints(t *testing.T) {
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	res := appendEvents(t, c, "a", event("A0", `{}`))
	filter := &esdb.SubscriptionFilter{Type: esdb.EventFilterType, Prefixes: []string{"nothing-matches"}}
	sub, err := c.SubscribeToAll(testContext(t), esdb.SubscribeToAllOptions{From: esdb.Start{}, Filter: filter, MaxSearchWindow: 1})
	if err != nil {
		t.Fatal(err)
	}
	ch := pump(t, sub)
	var last *esdb.Position
	for last == nil || last.Commit < res.CommitPosition {
		select {
		case ev := <-ch:
			if ev.EventAppeared != nil || ev.SubscriptionDropped != nil {
				t.Fatalf("unexpected %+v", ev)
			}
			if ev.CheckPointReached != nil {
				last = ev.CheckPointReached
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no checkpoint at %d; last %v", res.CommitPosition, last)
		}
	}
}

func TestSubscribeToStream(t *testing.T) {
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	ctx := testContext(t)
	cases := []struct {
		name string
		from esdb.StreamPosition
		want []string
	}{
		{"start", esdb.Start{}, []string{"E0", "E1", "E2", marker}},
		{"after a revision", esdb.Revision(0), []string{"E1", "E2", marker}},
		{"end", esdb.End{}, []string{marker}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			name := "s-" + tc.name
			appendEvents(t, c, name, event("E0", `{}`), event("E1", `{}`), event("E2", `{}`))
			appendEvents(t, c, "other", event("X", `{}`))
			sub, err := c.SubscribeToStream(ctx, name, esdb.SubscribeToStreamOptions{From: tc.from})
			if err != nil {
				t.Fatal(err)
			}
			ch := pump(t, sub)
			if got := collect(t, ch, len(tc.want)); !slices.Equal(got, tc.want) {
				t.Fatalf("history = %v, want %v", got, tc.want)
			}
			appendEvents(t, c, "other", event("Y", `{}`))
			appendEvents(t, c, name, event("Live", `{}`))
			if got := collect(t, ch, 1); !slices.Equal(got, []string{"Live"}) {
				t.Fatalf("live = %v", got)
			}
		})
	}
}

func TestSubscribeToStreamNotYetCreated(t *testing.T) {
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	sub, err := c.SubscribeToStream(testContext(t), "later", esdb.SubscribeToStreamOptions{From: esdb.Start{}})
	if err != nil {
		t.Fatal(err)
	}
	ch := pump(t, sub)
	collect(t, ch, 1)
	appendEvents(t, c, "later", event("L0", `{}`))
	if got := collect(t, ch, 1); !slices.Equal(got, []string{"L0"}) {
		t.Fatalf("live = %v", got)
	}
}
