package forward_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/forward"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// TestForwardDerivesInstansi forwards events stored without an instansi in
// their metadata: their instansi comes from their stream's first event,
// for the instansi filter and in the message.
func TestForwardDerivesInstansi(t *testing.T) {
	le := newLogEnv(t)
	ev := func(typ, data string) eventlog.NewEvent {
		return eventlog.NewEvent{ID: eventlog.NewID(), Type: typ, SchemaVersion: 1, Data: json.RawMessage(data)}
	}
	ctx := context.Background()
	for _, a := range []struct {
		stream string
		events []eventlog.NewEvent
	}{
		{"unit-A1", []eventlog.NewEvent{ev("unit.registered", `{"code":"A1","instansi":"I09"}`), ev("unit.renamed", `{"name":"x"}`)}},
		{"unit-B1", []eventlog.NewEvent{ev("unit.registered", `{"code":"B1","instansi":"I08"}`)}},
		{"unit-C1", []eventlog.NewEvent{ev("unit.registered", `{"code":"C1"}`)}},
	} {
		if _, err := le.store.Append(ctx, a.stream, eventlog.NoStream, a.events...); err != nil {
			t.Fatal(err)
		}
	}
	rec := &recorder{}
	f, err := forward.New(le.sc.Pool, le.store, rec, forward.Config{Name: "derived", Filter: forward.Filter{Instansi: []string{"I09"}},
		Resolver: forward.DerivedInstansi{Pool: le.sc.Pool}, CheckpointInterval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	stop := runForwarder(f)
	waitFor(t, time.Minute, "forwarded", func() bool { return le.checkpoint(t, "derived") == 4 })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	got := rec.received()
	if len(got) != 2 || got[0].Meta[forward.MetaInstansi] != "I09" || got[1].Meta[forward.MetaInstansi] != "I09" {
		t.Fatalf("received %+v, want the two events of unit-A1 with instansi I09", got)
	}
	var env forward.Envelope
	if err := json.Unmarshal(got[1].Payload, &env); err != nil || env.Instansi != "I09" || env.Type != "unit.renamed" {
		t.Fatalf("envelope %+v, %v", env, err)
	}
}
