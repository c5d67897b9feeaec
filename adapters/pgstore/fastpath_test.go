package pgstore

import (
	"context"
	"errors"
	"testing"

	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// TestOneRoundTripCommitSeesOtherStores checks that what a store's
// committer knows from its own commits is never trusted once another store
// (another process) has committed: a condition on a stream the other store
// moved fails, although no constraint of the table would catch it, and an
// append at the stream's new version goes ahead.
func TestOneRoundTripCommitSeesOtherStores(t *testing.T) {
	a, sc := newStore(t)
	b, err := New(sc.Pool, Config{NotifyChannel: "kinerja_events_" + sc.Name})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	opts := func(exp eventlog.ExpectedVersion) eventlog.AppendOptions {
		return eventlog.AppendOptions{Conditions: []eventlog.Condition{{Stream: "employee-a", Expected: exp}}}
	}
	// a learns employee-a at version 1 and skp-a-2025 at version 1.
	if _, err := a.Append(ctx, "employee-a", eventlog.NoStream, eventstoretest.Events(1)...); err != nil {
		t.Fatal(err)
	}
	if _, err := a.AppendWith(ctx, "skp-a-2025", eventlog.NoStream, opts(eventlog.Exact(1)), eventstoretest.Events(1)...); err != nil {
		t.Fatal(err)
	}
	// b moves employee-a to version 2.
	if _, err := b.Append(ctx, "employee-a", eventlog.Exact(1), eventstoretest.Events(1)...); err != nil {
		t.Fatal(err)
	}
	_, err = a.AppendWith(ctx, "skp-a-2025", eventlog.Exact(1), opts(eventlog.Exact(1)), eventstoretest.Events(1)...)
	if !errors.Is(err, eventlog.ErrConcurrency) {
		t.Fatalf("condition on a stream another store moved: want ErrConcurrency, got %v", err)
	}
	res, err := a.AppendWith(ctx, "skp-a-2025", eventlog.Exact(1), opts(eventlog.Exact(2)), eventstoretest.Events(1)...)
	if err != nil || res.Version != 2 || res.Position != 4 {
		t.Fatalf("append after the other store's: %+v %v, want version 2 at position 4", res, err)
	}
	if rep, err := a.Verify(ctx, nil); err != nil || !rep.OK || rep.Events != 4 {
		t.Fatalf("verify: %+v %v", rep, err)
	}
}

// TestOneRoundTripCommitChecksGuessedVersions checks the versions the
// committer guesses from the appends' expectations for streams it does not
// know: a wrong guess below the stream's version fails the append, where
// writing at the guessed version would leave a gap in the stream that no
// constraint of the table catches.
func TestOneRoundTripCommitChecksGuessedVersions(t *testing.T) {
	a, sc := newStore(t)
	b, err := New(sc.Pool, Config{NotifyChannel: "kinerja_events_" + sc.Name})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx := context.Background()
	if _, err := b.Append(ctx, "skp-x-2025", eventlog.NoStream, eventstoretest.Events(1)...); err != nil {
		t.Fatal(err)
	}
	// a knows the head now, but not skp-x-2025.
	if _, err := a.Append(ctx, "skp-y-2025", eventlog.NoStream, eventstoretest.Events(1)...); err != nil {
		t.Fatal(err)
	}
	_, err = a.Append(ctx, "skp-x-2025", eventlog.Exact(3), eventstoretest.Events(1)...)
	if !errors.Is(err, eventlog.ErrConcurrency) {
		t.Fatalf("append expecting version 3 of a stream at 1: want ErrConcurrency, got %v", err)
	}
	if n := len(mustRead(t, a, "skp-x-2025")); n != 1 {
		t.Fatalf("stream has %d events, want 1", n)
	}
}

func mustRead(t *testing.T, s *Store, stream string) []eventlog.Event {
	t.Helper()
	evs, err := s.ReadStream(context.Background(), stream, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}
