package eventstoretest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
)

func testEnvelopeRoundTrip(t *testing.T, h Harness) {
	e := eventlog.NewEvent{
		ID: eventlog.NewID(), Type: "skp.ratings_given", SchemaVersion: 2,
		Data: []byte(`{"hasil":"di_atas_ekspektasi","z":1,"a":[1,2]}`),
		Metadata: eventlog.Metadata{
			ActorID: "198609262015051001", ActorRole: "pejabat_penilai", OnBehalfOf: "x",
			CorrelationID: "c", CausationID: "d", RequestID: "r", IdempotencyKey: "k",
			Reason: "why", Client: "test", PolicyVersion: "p1",
		},
	}
	before := time.Now().Add(-time.Minute)
	res := mustAppend(t, h.Store, "skp-rt-2025", eventlog.NoStream, e)
	got, err := h.Store.ReadStream(ctxT(t), "skp-rt-2025", 0, 0)
	if err != nil || len(got) != 1 {
		t.Fatalf("read: %v (%d events)", err, len(got))
	}
	g := got[0]
	if g.ID != e.ID || g.Type != e.Type || g.SchemaVersion != 2 || g.Stream != "skp-rt-2025" || g.Version != 1 || g.Position != res.Position {
		t.Fatalf("envelope = %+v", g)
	}
	var a, b any
	_ = json.Unmarshal(g.Data, &a)
	_ = json.Unmarshal(e.Data, &b)
	if !jsonEqual(a, b) {
		t.Fatalf("data = %s, want %s", g.Data, e.Data)
	}
	if g.Metadata != e.Metadata {
		t.Fatalf("metadata = %+v, want %+v", g.Metadata, e.Metadata)
	}
	if g.RecordedAt.Before(before) || g.RecordedAt.After(time.Now().Add(time.Minute)) {
		t.Fatalf("recorded at %s is not the server clock", g.RecordedAt)
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return bytes.Equal(x, y)
}

func testReadStream(t *testing.T, h Harness) {
	mustAppend(t, h.Store, "skp-rs-2025", eventlog.NoStream, Events(5)...)
	mustAppend(t, h.Store, "skp-other-2025", eventlog.NoStream, Events(2)...)
	got, err := h.Store.ReadStream(ctxT(t), "skp-rs-2025", 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Version != 3 || got[1].Version != 4 {
		t.Fatalf("ReadStream(after 2, limit 2) = %d events %v", len(got), versions(got))
	}
	missing, err := h.Store.ReadStream(ctxT(t), "skp-missing-2025", 0, 0)
	if err != nil || len(missing) != 0 {
		t.Fatalf("missing stream: %d events, %v; want none, no error", len(missing), err)
	}
	if _, err := h.Store.ReadStream(ctxT(t), "no stream name", 0, 0); !errors.Is(err, eventlog.ErrInvalidStream) {
		t.Fatalf("invalid name: want ErrInvalidStream, got %v", err)
	}
}

func versions(evs []eventlog.Event) []uint64 {
	var v []uint64
	for _, e := range evs {
		v = append(v, e.Version)
	}
	return v
}

func testReadAll(t *testing.T, h Harness) {
	mustAppend(t, h.Store, "skp-ra-2025", eventlog.NoStream, Events(3)...)
	mustAppend(t, h.Store, "skp-rb-2025", eventlog.NoStream, Events(3)...)
	all := allEvents(t, h.Store)
	if len(all) != 6 {
		t.Fatalf("log has %d events, want 6", len(all))
	}
	for i := 1; i < len(all); i++ {
		if all[i].Position <= all[i-1].Position {
			t.Fatalf("positions not increasing at %d: %d then %d", i, all[i-1].Position, all[i].Position)
		}
	}
	page, err := h.Store.ReadAll(ctxT(t), all[1].Position, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != 3 || page[0].ID != all[2].ID || page[2].ID != all[4].ID {
		t.Fatalf("ReadAll(after %d, 3) returned the wrong page", all[1].Position)
	}
}

func testBadInput(t *testing.T, h Harness) {
	big := Event("test.big", 0)
	big.Data = []byte(`{"x":"` + strings.Repeat("a", eventlog.MaxDataBytes) + `"}`)
	notJSON := Event("test.bad", 0)
	notJSON.Data = []byte(`{not json`)
	array := Event("test.bad", 0)
	array.Data = []byte(`[1,2]`)
	badID := Event("test.bad", 0)
	badID.ID = "nope"
	cases := []struct {
		name   string
		stream string
		ev     eventlog.NewEvent
		want   error
	}{
		{"empty stream", "", Event("test.ok", 0), eventlog.ErrInvalidStream},
		{"stream without id", "skp", Event("test.ok", 0), eventlog.ErrInvalidStream},
		{"stream with space", "skp-a b", Event("test.ok", 0), eventlog.ErrInvalidStream},
		{"reserved $ stream", "$all-x", Event("test.ok", 0), eventlog.ErrInvalidStream},
		{"type without dot", "skp-x-2025", Event("happened", 0), eventlog.ErrInvalidEventType},
		{"type Go-ish", "skp-x-2025", Event("skp.RatingsGiven", 0), eventlog.ErrInvalidEventType},
		{"payload over 1 MiB", "skp-x-2025", big, eventlog.ErrPayloadTooLarge},
		{"non-JSON data", "skp-x-2025", notJSON, eventlog.ErrInvalidData},
		{"JSON array data", "skp-x-2025", array, eventlog.ErrInvalidData},
		{"bad event id", "skp-x-2025", badID, eventlog.ErrInvalidEventID},
	}
	for _, c := range cases {
		_, err := h.Store.Append(ctxT(t), c.stream, eventlog.Any, c.ev)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: want %v, got %v", c.name, c.want, err)
		}
	}
	if _, err := h.Store.Append(ctxT(t), "skp-x-2025", eventlog.Any); !errors.Is(err, eventlog.ErrNoEvents) {
		t.Errorf("no events: want ErrNoEvents, got %v", err)
	}
	if n := len(allEvents(t, h.Store)); n != 0 {
		t.Fatalf("bad input wrote %d events", n)
	}
}

func testCancelledContext(t *testing.T, h Harness) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := h.Store.Append(ctx, "skp-cc-2025", eventlog.Any, Events(1)...)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
	if n := len(allEvents(t, h.Store)); n != 0 {
		t.Fatalf("cancelled append wrote %d events", n)
	}
}

func testSubscriptionLive(t *testing.T, h Harness) {
	ctx, cancel := context.WithCancel(ctxT(t))
	defer cancel()
	mustAppend(t, h.Store, "skp-sl-2025", eventlog.NoStream, Events(2)...)
	ch := h.Subscribe(ctx, 0)
	got := receive(t, ch, 2, 5*time.Second)
	start := time.Now()
	mustAppend(t, h.Store, "skp-sl-2025", eventlog.Exact(2), Events(1)...)
	got = append(got, receive(t, ch, 1, 5*time.Second)...)
	t.Logf("live event delivered %s after its append returned", time.Since(start))
	for i, e := range got {
		if e.Version != uint64(i+1) {
			t.Fatalf("subscription event %d has version %d", i, e.Version)
		}
	}
}

func testSubscriptionFromPosition(t *testing.T, h Harness) {
	ctx, cancel := context.WithCancel(ctxT(t))
	defer cancel()
	mustAppend(t, h.Store, "skp-sp-2025", eventlog.NoStream, Events(5)...)
	all := allEvents(t, h.Store)
	ch := h.Subscribe(ctx, all[1].Position)
	got := receive(t, ch, 3, 5*time.Second)
	if got[0].ID != all[2].ID || got[2].ID != all[4].ID {
		t.Fatalf("subscription after position %d started at the wrong event", all[1].Position)
	}
	mustAppend(t, h.Store, "skp-sp-2025", eventlog.Exact(5), Events(1)...)
	live := receive(t, ch, 1, 5*time.Second)
	if live[0].Version != 6 {
		t.Fatalf("live event has version %d, want 6", live[0].Version)
	}
}
