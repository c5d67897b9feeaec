package usecases_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
)

// readLog records from which version each read of one stream started.
type readLog struct {
	command.EventStore
	stream string
	mu     sync.Mutex
	afters []uint64
}

func (r *readLog) ReadStream(ctx context.Context, stream string, after uint64, limit int) ([]eventlog.Event, error) {
	if stream == r.stream {
		r.mu.Lock()
		r.afters = append(r.afters, after)
		r.mu.Unlock()
	}
	return r.EventStore.ReadStream(ctx, stream, after, limit)
}

func (r *readLog) take() []uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.afters
	r.afters = nil
	return out
}

// TestCommandsReadOnlyTheTailOfTheirStream: a command on an SKP read the
// whole stream every time (through the year an SKP holds hundreds of
// events, and 60 concurrent writers re-read it on every retry). A service
// now reads only the events after those it holds, and still sees what
// another process appended in between.
func TestCommandsReadOnlyTheTailOfTheirStream(t *testing.T) {
	stream := skp.Stream(nipPegawai, 2025)
	var log *readLog
	f := newFixture(t, func(es command.EventStore) command.EventStore {
		log = &readLog{EventStore: es, stream: stream}
		return log
	})
	f.organisation()
	f.approved()
	// Another process: a second service on the same store.
	other, err := command.NewService(command.ServiceConfig{Store: f.store, Now: func() time.Time { return on("2025-01-02") }})
	if err != nil {
		t.Fatal(err)
	}
	log.take()
	first := f.must(f.svc.GiveFeedback(f.ctx, by(penilai, "2025-04-03"), nipPegawai, 2025, skp.Feedback{RHK: "rhk-1", Text: "satu"}))
	if afters := log.take(); len(afters) != 1 || afters[0] == 0 {
		t.Errorf("reads of the stream started after %v, want one read of the tail (after > 0)", afters)
	}
	mid := f.must(other.GiveFeedback(f.ctx, by(penilai, "2025-04-04"), nipPegawai, 2025, skp.Feedback{RHK: "rhk-1", Text: "dua"}))
	last := f.must(f.svc.GiveFeedback(f.ctx, by(penilai, "2025-04-05"), nipPegawai, 2025, skp.Feedback{RHK: "rhk-1", Text: "tiga"}))
	// It holds the events it read for the first command, not the one that
	// command appended: the read starts after those.
	if afters := log.take(); len(afters) != 1 || afters[0] != first.Version-1 {
		t.Errorf("reads after %v, want one from version %d", afters, first.Version-1)
	}
	if mid.Version != first.Version+1 || last.Version != mid.Version+1 {
		t.Fatalf("versions %d, %d, %d: the service did not see the other process's event", first.Version, mid.Version, last.Version)
	}
	var fb []skp.Event
	for _, e := range f.stream(stream) {
		if e.Type == skp.TypeFeedbackGiven {
			ev, err := skp.Decode(e.Type, e.SchemaVersion, e.Data)
			if err != nil {
				t.Fatal(err)
			}
			fb = append(fb, ev)
		}
	}
	if len(fb) != 3 || fb[2].(skp.FeedbackGiven).No != 3 {
		t.Fatalf("feedback %+v, want three, numbered on", fb)
	}
}
