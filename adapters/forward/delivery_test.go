package forward_test

import (
	"encoding/hex"
	"encoding/json"
	"strconv"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/forward"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/projections/projectiontest"
)

// received is one message as a consumer got it from the broker.
type received struct {
	UUID    string
	Meta    map[string]string
	Payload []byte
}

// checkDelivery checks what a consumer received against the log: every
// event arrived; every message is self-contained and names its event
// truly; counting each UUID at its first arrival, the events came in log
// order (so in order per stream); the other messages are duplicates of
// earlier ones, recognised by their UUID.
func checkDelivery(t *testing.T, log []eventlog.Event, got []received) {
	t.Helper()
	byID := make(map[string]eventlog.Event, len(log))
	for _, e := range log {
		byID[e.ID] = e
	}
	seen := map[string]bool{}
	last := uint64(0)
	versions := map[string]uint64{}
	dups := 0
	for i, m := range got {
		e, ok := byID[m.UUID]
		if !ok {
			t.Fatalf("message %d has UUID %q, no event of the log", i, m.UUID)
		}
		checkMessage(t, e, m)
		if seen[m.UUID] {
			dups++
			continue
		}
		seen[m.UUID] = true
		if e.Position <= last || e.Version <= versions[e.Stream] {
			t.Fatalf("message %d: event %d (%s v%d) first arrived after event %d (stream at v%d): out of order",
				i, e.Position, e.Stream, e.Version, last, versions[e.Stream])
		}
		last, versions[e.Stream] = e.Position, e.Version
	}
	if len(seen) != len(log) {
		t.Fatalf("%d of %d events arrived", len(seen), len(log))
	}
	t.Logf("%d events arrived in order in %d messages (%d duplicates)", len(log), len(got), dups)
}

// checkMessage checks that m's metadata and payload are those of e.
func checkMessage(t *testing.T, e eventlog.Event, m received) {
	t.Helper()
	want := map[string]string{
		forward.MetaPosition: strconv.FormatUint(e.Position, 10), forward.MetaStream: e.Stream,
		forward.MetaVersion: strconv.FormatUint(e.Version, 10), forward.MetaType: e.Type,
		forward.MetaSchemaVersion: strconv.Itoa(e.SchemaVersion), forward.MetaHash: hex.EncodeToString(e.Hash),
		forward.MetaRecordedAt: e.RecordedAt.UTC().Format(time.RFC3339Nano),
	}
	for k, v := range want {
		if m.Meta[k] != v {
			t.Fatalf("event %d: metadata %s = %q, want %q", e.Position, k, m.Meta[k], v)
		}
	}
	if m.Meta[forward.MetaInstansi] == "" && e.Metadata.Instansi != "" {
		t.Fatalf("event %d: no instansi in the metadata", e.Position)
	}
	var env forward.Envelope
	if err := json.Unmarshal(m.Payload, &env); err != nil {
		t.Fatalf("event %d: payload is not an envelope: %v", e.Position, err)
	}
	if env.EventID != e.ID || env.Position != e.Position || env.Hash != hex.EncodeToString(e.Hash) ||
		env.PrevHash != hex.EncodeToString(e.PrevHash) || string(env.Data) != string(e.Data) {
		t.Fatalf("event %d: envelope %+v does not match the event", e.Position, env)
	}
}

// killAndCut is the scenario both brokers go through: a forwarder process
// forwards a backlog and is killed with SIGKILL part way; a second one
// resumes from the checkpoint while more events are appended, and the
// broker connection is cut under it; it catches up with the whole log and
// stops on SIGTERM. It returns the log.
func killAndCut(t *testing.T, le *logEnv, px *proxy, broker, topic string) []eventlog.Event {
	t.Helper()
	const name = "broker-test"
	head := le.appendWorld(t, projectiontest.Config{Seed: 41, Employees: 100, Instansi: 3, Units: 4})
	first := startForwarder(t, le, name, broker, topic, 2*time.Millisecond)
	waitFor(t, time.Minute, "the first forwarder part way", func() bool { return le.checkpoint(t, name) > head/4 })
	first.kill9(t)
	cp := le.checkpoint(t, name)
	if cp >= head {
		t.Fatalf("the first forwarder finished (%d of %d) before the kill", cp, head)
	}
	t.Logf("first forwarder killed at checkpoint %d of %d", cp, head)

	second := startForwarder(t, le, name, broker, topic, 2*time.Millisecond)
	head = le.appendWorld(t, projectiontest.Config{Seed: 42, Employees: 30, Instansi: 2, Year: 2026})
	waitFor(t, time.Minute, "the second forwarder resumed", func() bool { return le.checkpoint(t, name) > cp+(head-cp)/3 })
	before := px.connections()
	cut, at := px.cut(), le.checkpoint(t, name)
	if cut == 0 || at >= head {
		t.Fatalf("cut %d connections at checkpoint %d of %d: want a cut in the middle", cut, at, head)
	}
	t.Logf("cut %d broker connections at checkpoint %d of %d", cut, at, head)
	waitFor(t, 2*time.Minute, "the second forwarder caught up", func() bool { return le.checkpoint(t, name) == head })
	if px.connections() == before {
		t.Fatalf("the forwarder did not reconnect after the cut")
	}
	second.terminate(t)
	return le.all(t)
}
