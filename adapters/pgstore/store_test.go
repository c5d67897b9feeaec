package pgstore

import (
	"context"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// newStore returns a Store over a fresh schema. PollInterval is long so that
// live-subscription tests prove LISTEN/NOTIFY works rather than polling.
func newStore(t testing.TB) (*Store, *pgtest.Schema) {
	t.Helper()
	sc := pgtest.New(t)
	s, err := New(sc.Pool, Config{PollInterval: time.Minute, NotifyChannel: "kinerja_events_" + sc.Name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s, sc
}

func TestContract(t *testing.T) {
	eventstoretest.Run(t, func(t *testing.T) eventstoretest.Harness {
		s, _ := newStore(t)
		return eventstoretest.Harness{
			Store: s,
			Subscribe: func(ctx context.Context, after uint64) <-chan eventlog.Event {
				sub := s.Subscribe(ctx, after)
				t.Cleanup(sub.Close)
				return sub.Events()
			},
		}
	})
}

func TestPositionsAreGaplessAndHashChained(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		if _, err := s.Append(ctx, "skp-g-2025", eventlog.Any, eventstoretest.Events(3)...); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.ReadAll(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	prev := eventlog.GenesisHash
	for i, e := range all {
		if e.Position != uint64(i+1) {
			t.Fatalf("event %d has position %d: positions must be gapless from 1", i, e.Position)
		}
		if string(e.PrevHash) != string(prev) {
			t.Fatalf("event %d prev_hash does not link to the previous hash", e.Position)
		}
		want := eventlog.ChainHash(prev, eventlog.HashInput{ID: e.ID, Stream: e.Stream, Version: e.Version, Position: e.Position,
			Type: e.Type, SchemaVersion: e.SchemaVersion, RecordedAt: e.RecordedAt, Data: e.Data, Metadata: e.RawMetadata})
		if string(e.Hash) != string(want) {
			t.Fatalf("event %d hash is not SHA-256(prev_hash, canonical event)", e.Position)
		}
		prev = e.Hash
	}
	head, hash, err := s.Head(ctx)
	if err != nil || head != 15 || string(hash) != string(prev) {
		t.Fatalf("head = %d %x (%v), want 15 and the last hash", head, hash, err)
	}
}

// TestReappendSaysExisting: a re-append of stored event ids writes nothing
// and says so (Existing), with any expectation and with conditions, so that
// the command service reports a command another process already ran with
// the same idempotency key as replayed rather than as a new append.
func TestReappendSaysExisting(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	evs := eventstoretest.Events(2)
	first, err := s.Append(ctx, "skp-x-2025", eventlog.NoStream, evs...)
	if err != nil || first.Existing {
		t.Fatalf("append = %+v, %v; want a new append", first, err)
	}
	for _, exp := range []eventlog.ExpectedVersion{eventlog.NoStream, eventlog.Any, eventlog.Exact(0)} {
		again, err := s.Append(ctx, "skp-x-2025", exp, evs...)
		if err != nil || !again.Existing || again.Version != first.Version || again.Position != first.Position {
			t.Errorf("re-append (%v) = %+v, %v; want %+v with Existing", exp, again, err, first)
		}
	}
	again, err := s.AppendWith(ctx, "skp-x-2025", eventlog.NoStream,
		eventlog.AppendOptions{Conditions: []eventlog.Condition{{Stream: "employee-x", Expected: eventlog.NoStream}}}, evs...)
	if err != nil || !again.Existing {
		t.Errorf("re-append with a condition = %+v, %v; want Existing", again, err)
	}
}
