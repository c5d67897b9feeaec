package eventstoretest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// Event returns a valid new event with a fresh id and a small payload.
func Event(typ string, n int) eventlog.NewEvent {
	return eventlog.NewEvent{
		ID:            eventlog.NewID(),
		Type:          typ,
		SchemaVersion: 1,
		Data:          []byte(fmt.Sprintf(`{"n":%d}`, n)),
		Metadata:      eventlog.Metadata{ActorID: "198609262015051001", ActorRole: "pegawai", CorrelationID: "corr-1"},
	}
}

// Events returns n valid new events.
func Events(n int) []eventlog.NewEvent {
	out := make([]eventlog.NewEvent, n)
	for i := range out {
		out[i] = Event("test.happened", i)
	}
	return out
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func mustAppend(t *testing.T, s Store, stream string, exp eventlog.ExpectedVersion, evs ...eventlog.NewEvent) eventlog.AppendResult {
	t.Helper()
	res, err := s.Append(ctxT(t), stream, exp, evs...)
	if err != nil {
		t.Fatalf("append to %s (expected %s): %v", stream, exp, err)
	}
	return res
}

func wantConflict(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, eventlog.ErrConcurrency) {
		t.Fatalf("want ErrConcurrency, got %v", err)
	}
}

func streamLen(t *testing.T, s Store, stream string) int {
	t.Helper()
	evs, err := s.ReadStream(ctxT(t), stream, 0, 0)
	if err != nil {
		t.Fatalf("read %s: %v", stream, err)
	}
	return len(evs)
}

func allEvents(t *testing.T, s Store) []eventlog.Event {
	t.Helper()
	var out []eventlog.Event
	var after uint64
	for {
		page, err := s.ReadAll(ctxT(t), after, 1000)
		if err != nil {
			t.Fatalf("read all: %v", err)
		}
		if len(page) == 0 {
			return out
		}
		out = append(out, page...)
		after = page[len(page)-1].Position
	}
}

func receive(t *testing.T, ch <-chan eventlog.Event, n int, within time.Duration) []eventlog.Event {
	t.Helper()
	var out []eventlog.Event
	deadline := time.After(within)
	for len(out) < n {
		select {
		case e, ok := <-ch:
			if !ok {
				t.Fatalf("subscription closed after %d of %d events", len(out), n)
			}
			out = append(out, e)
		case <-deadline:
			t.Fatalf("received %d of %d events within %s", len(out), n, within)
		}
	}
	return out
}
