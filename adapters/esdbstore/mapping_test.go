package esdbstore

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/kinerja/kinerja/domain/eventlog"
)

func TestToExpected(t *testing.T) {
	cases := map[expectation]esdb.ExpectedRevision{
		{kind: expectAny}:                   esdb.Any{},
		{kind: expectNoStream}:              esdb.NoStream{},
		{kind: expectExists}:                esdb.StreamExists{},
		{kind: expectRevision, revision: 0}: esdb.Revision(0),
		{kind: expectRevision, revision: 6}: esdb.Revision(6),
	}
	for in, want := range cases {
		if got := toExpected(in); got != want {
			t.Errorf("toExpected(%+v) = %#v, want %#v", in, got, want)
		}
	}
}

func TestEnvelopeRoundTrip(t *testing.T) {
	now := time.Date(2025, 3, 31, 16, 59, 59, 123456000, time.UTC)
	ev := eventlog.NewEvent{ID: eventlog.NewID(), Type: "skp.drafted", SchemaVersion: 3, Data: []byte(`{"a":1}`),
		Metadata: eventlog.Metadata{ActorID: "198609262015051001", Instansi: "dumai", Reason: "r"}}
	metas, err := eventlog.ValidateAppend("skp-x-2025", []eventlog.NewEvent{ev})
	if err != nil {
		t.Fatal(err)
	}
	wire, err := encodeEvents([]eventlog.NewEvent{ev}, metas, now)
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]any
	if err := json.Unmarshal(wire[0].Meta, &top); err != nil || top["instansi"] != "dumai" || top["schema_version"] != 3.0 {
		t.Fatalf("custom metadata %s lacks the instansi or schema version at the top level", wire[0].Meta)
	}
	got, err := decode(recorded{ID: ev.ID, Type: ev.Type, Stream: "skp-x-2025", Revision: 4, Position: 9000,
		Created: now.Add(time.Second), Data: wire[0].Data, Meta: wire[0].Meta})
	if err != nil {
		t.Fatal(err)
	}
	if got.Version != 5 || got.Position != 9000 || got.SchemaVersion != 3 || !got.RecordedAt.Equal(now) ||
		got.Metadata != ev.Metadata || string(got.RawMetadata) != string(metas[0]) {
		t.Fatalf("decoded %+v", got)
	}
}

func TestDecodeForeignAndSystem(t *testing.T) {
	created := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	got, err := decode(recorded{ID: "x", Type: "order.placed", Stream: "order-1", Created: created, Data: []byte(`{}`), Meta: []byte(`not json`)})
	if err != nil || got.SchemaVersion != 1 || !got.RecordedAt.Equal(created) || string(got.RawMetadata) != "{}" {
		t.Fatalf("foreign event decoded as %+v, %v", got, err)
	}
	for _, r := range []recorded{{Stream: "$settings", Type: "$settings"}, {Stream: "$ce-skp", Type: "$>"}, {Stream: "skp-x-2025", Type: "$metadata"}} {
		if !isSystem(r) {
			t.Errorf("%s/%s is not recognised as a system event", r.Stream, r.Type)
		}
	}
	if isSystem(recorded{Stream: "skp-x-2025", Type: "skp.drafted"}) {
		t.Error("a Kinerja event is taken for a system event")
	}
}

func TestIdempotent(t *testing.T) {
	stored := []eventlog.Event{{ID: "a", Version: 1, Position: 10}, {ID: "b", Version: 2, Position: 20}, {ID: "c", Version: 3, Position: 30}}
	evs := func(ids ...string) []eventlog.NewEvent {
		var out []eventlog.NewEvent
		for _, id := range ids {
			out = append(out, eventlog.NewEvent{ID: id})
		}
		return out
	}
	if _, done, _ := idempotent(stored, evs("x", "y")); done {
		t.Error("new ids taken for a re-append")
	}
	if res, done, err := idempotent(stored, evs("b", "c")); !done || err != nil || res != (eventlog.AppendResult{Version: 3, Position: 30, Existing: true}) {
		t.Errorf("re-append of b, c = %+v %v %v", res, done, err)
	}
	if _, done, err := idempotent(stored, evs("b", "x")); !done || !errors.Is(err, eventlog.ErrDuplicateEvent) {
		t.Errorf("partial duplicate = %v %v", done, err)
	}
	if _, done, err := idempotent(stored, evs("c", "a")); !done || !errors.Is(err, eventlog.ErrDuplicateEvent) {
		t.Errorf("stored ids out of order = %v %v", done, err)
	}
}
