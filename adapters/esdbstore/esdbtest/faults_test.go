package esdbtest_test

import (
	"errors"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/kinerja/kinerja/adapters/esdbstore/esdbtest"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// dropped waits for the subscription to drop and returns its error.
func dropped(t *testing.T, ch <-chan *esdb.SubscriptionEvent) error {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case ev := <-ch:
			if ev.SubscriptionDropped != nil {
				return ev.SubscriptionDropped.Error
			}
			if ev.EventAppeared != nil {
				t.Fatalf("event %s before the drop", ev.EventAppeared.OriginalEvent().EventType)
			}
		case <-timeout:
			t.Fatal("subscription not dropped")
		}
	}
}

func TestDropSubscriptions(t *testing.T) {
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	ctx := testContext(t)
	appendEvents(t, c, "a", event("A0", `{}`))
	subAll, err := c.SubscribeToAll(ctx, esdb.SubscribeToAllOptions{From: esdb.Start{}, Filter: esdb.ExcludeSystemEventsFilter()})
	if err != nil {
		t.Fatal(err)
	}
	subStream, err := c.SubscribeToStream(ctx, "a", esdb.SubscribeToStreamOptions{})
	if err != nil {
		t.Fatal(err)
	}
	allCh, streamCh := pump(t, subAll), pump(t, subStream)
	collect(t, allCh, 2)
	collect(t, streamCh, 1)
	srv.DropSubscriptions()
	for _, ch := range []<-chan *esdb.SubscriptionEvent{allCh, streamCh} {
		if err := dropped(t, ch); status.Code(err) != codes.Unavailable {
			t.Fatalf("drop error = %v, want Unavailable", err)
		}
	}
	// The client and new subscriptions keep working.
	again, err := c.SubscribeToAll(ctx, esdb.SubscribeToAllOptions{From: esdb.Start{}, Filter: esdb.ExcludeSystemEventsFilter()})
	if err != nil {
		t.Fatal(err)
	}
	if got := collect(t, pump(t, again), 2); !slices.Equal(got, []string{"A0", marker}) {
		t.Fatalf("resubscribed = %v", got)
	}
}

func TestDropAfter(t *testing.T) {
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	var evs []esdb.EventData
	for range 20 {
		evs = append(evs, event("E", `{}`))
	}
	appendEvents(t, c, "a", evs...)
	srv.DropAfter(7)
	sub, err := c.SubscribeToAll(testContext(t), esdb.SubscribeToAllOptions{From: esdb.Start{}, Filter: esdb.ExcludeSystemEventsFilter()})
	if err != nil {
		t.Fatal(err)
	}
	ch := pump(t, sub)
	collect(t, ch, 7)
	if err := dropped(t, ch); err == nil {
		t.Fatal("dropped without an error")
	}
}

func TestRestartKeepsData(t *testing.T) {
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	ctx := testContext(t)
	before := appendEvents(t, c, "a", event("A0", `{}`))
	sub, err := c.SubscribeToAll(ctx, esdb.SubscribeToAllOptions{From: esdb.Start{}, Filter: esdb.ExcludeSystemEventsFilter()})
	if err != nil {
		t.Fatal(err)
	}
	ch := pump(t, sub)
	collect(t, ch, 2)
	url := srv.URL()
	if err := srv.Restart(); err != nil {
		t.Fatal(err)
	}
	if srv.URL() != url {
		t.Fatalf("URL changed from %s to %s", url, srv.URL())
	}
	if err := dropped(t, ch); err == nil {
		t.Fatal("subscription survived the restart without an error")
	}
	fresh := newClient(t, srv)
	evs, err := drain(fresh.ReadStream(ctx, "a", esdb.ReadStreamOptions{}, 10))
	if err != nil || !slices.Equal(types(evs), []string{"A0"}) {
		t.Fatalf("after restart: %v, %v", types(evs), err)
	}
	// The old client recovers too, after at most a failed call or two.
	var after *esdb.WriteResult
	for deadline := time.Now().Add(10 * time.Second); ; {
		after, err = c.AppendToStream(ctx, "a", esdb.AppendToStreamOptions{ExpectedRevision: esdb.Revision(0)}, event("A1", `{}`))
		if err == nil || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("old client after restart: %v", err)
	}
	if after.CommitPosition <= before.CommitPosition {
		t.Fatalf("position went back from %d to %d", before.CommitPosition, after.CommitPosition)
	}
}

func TestDownRefusesCalls(t *testing.T) {
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	appendEvents(t, c, "a", event("A0", `{}`))
	srv.Down()
	_, err := c.AppendToStream(testContext(t), "a", esdb.AppendToStreamOptions{}, event("A1", `{}`))
	if err == nil {
		t.Fatal("append succeeded while the server was down")
	}
	if err := srv.Up(); err != nil {
		t.Fatal(err)
	}
	evs, err := drain(newClient(t, srv).ReadStream(testContext(t), "a", esdb.ReadStreamOptions{}, 10))
	if err != nil || !slices.Equal(types(evs), []string{"A0"}) {
		t.Fatalf("after Up: %v, %v", types(evs), err)
	}
}

func TestSetFault(t *testing.T) {
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	var calls atomic.Int32
	srv.SetFault(func(method string) error {
		if method != esdbtest.MethodAppend {
			return nil
		}
		calls.Add(1)
		return status.Error(codes.Unavailable, "injected")
	})
	_, err := c.AppendToStream(testContext(t), "a", esdb.AppendToStreamOptions{}, event("A0", `{}`))
	var esErr *esdb.Error
	if !errors.As(err, &esErr) || esErr.Code() != esdb.ErrorUnavailable || calls.Load() != 1 {
		t.Fatalf("err = %v after %d calls, want the injected Unavailable", err, calls.Load())
	}
	srv.SetFault(nil)
	appendEvents(t, c, "a", event("A0", `{}`))
}

// TestKeepalivePingsAllowed keeps a subscription idle for longer than the
// three client pings (every 10 s) after which gRPC's default server policy
// closes the connection with "too_many_pings".
func TestKeepalivePingsAllowed(t *testing.T) {
	if testing.Short() {
		t.Skip("waits 35 s for the client's keepalive pings")
	}
	t.Parallel()
	srv := esdbtest.Start(t)
	c := newClient(t, srv)
	sub, err := c.SubscribeToAll(t.Context(), esdb.SubscribeToAllOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ch := pump(t, sub)
	collect(t, ch, 1)
	select {
	case ev := <-ch:
		t.Fatalf("idle subscription got %+v", ev)
	case <-time.After(35 * time.Second):
	}
	appendEvents(t, c, "a", event("A0", `{}`))
	if got := collect(t, ch, 1); !slices.Equal(got, []string{"A0"}) {
		t.Fatalf("live after idle = %v", got)
	}
}
