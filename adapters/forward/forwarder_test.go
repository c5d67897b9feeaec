package forward_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/kinerja/kinerja/adapters/forward"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/projections/projectiontest"
)

// recorder is a publisher that keeps what it is given and fails the first
// failures publishes.
type recorder struct {
	mu       sync.Mutex
	failures int
	got      []received
}

func (r *recorder) Publish(topic string, msgs ...*message.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.failures > 0 {
		r.failures--
		return errors.New("broker unavailable")
	}
	for _, m := range msgs {
		r.got = append(r.got, received{UUID: m.UUID, Meta: m.Metadata, Payload: m.Payload})
	}
	return nil
}

func (r *recorder) Close() error { return nil }

func (r *recorder) received() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

// runForwarder runs f until the returned stop is called; stop returns Run's
// error.
func runForwarder(f *forward.Forwarder) (stop func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()
	return func() error { cancel(); return <-done }
}

// TestForwardFiltersRetriesAndHandsOver runs a forwarder with a type and an
// instansi filter over a publisher that fails at first: it publishes
// exactly the selected events, in order; a second forwarder of the same
// name waits while the first runs, takes over when it stops, and resumes
// from its checkpoint.
func TestForwardFiltersRetriesAndHandsOver(t *testing.T) {
	le := newLogEnv(t)
	head := le.appendWorld(t, projectiontest.Config{Seed: 5, Employees: 30, Instansi: 3, Units: 3})
	rec := &recorder{failures: 3}
	var progress []forward.Progress
	var pmu sync.Mutex
	cfg := forward.Config{Name: "filtered", Topic: "t", Filter: forward.Filter{Types: []string{"skp.*"}, Instansi: []string{"I01"}},
		RetryMin: time.Millisecond, RetryMax: 5 * time.Millisecond, LockRetry: 20 * time.Millisecond,
		CheckpointEvery: 10, CheckpointInterval: 20 * time.Millisecond, Resolver: forward.DerivedInstansi{Pool: le.sc.Pool},
		OnProgress: func(p forward.Progress) { pmu.Lock(); progress = append(progress, p); pmu.Unlock() }}
	first, err := forward.New(le.sc.Pool, le.store, rec, cfg)
	if err != nil {
		t.Fatal(err)
	}
	stopFirst := runForwarder(first)
	waitFor(t, time.Minute, "the first forwarder caught up", func() bool { return le.checkpoint(t, "filtered") == head })
	cfg.OnProgress = nil
	second, err := forward.New(le.sc.Pool, le.store, rec, cfg)
	if err != nil {
		t.Fatal(err)
	}
	stopSecond := runForwarder(second)
	head = le.appendWorld(t, projectiontest.Config{Seed: 6, Employees: 10, Instansi: 3, Year: 2026})
	waitFor(t, time.Minute, "the first forwarder following", func() bool { return le.checkpoint(t, "filtered") == head })
	if err := stopFirst(); err != nil {
		t.Fatal(err)
	}
	head = le.appendWorld(t, projectiontest.Config{Seed: 7, Employees: 10, Instansi: 3, Year: 2027})
	waitFor(t, time.Minute, "the second forwarder took over", func() bool { return le.checkpoint(t, "filtered") == head })
	if err := stopSecond(); err != nil {
		t.Fatal(err)
	}

	var want []eventlog.Event
	resolver := forward.DerivedInstansi{Pool: le.sc.Pool}
	for _, e := range le.all(t) {
		ins := e.Metadata.Instansi
		if ins == "" {
			if ins, err = resolver.InstansiOf(context.Background(), e); err != nil {
				t.Fatal(err)
			}
		}
		if strings.HasPrefix(e.Type, "skp.") && ins == "I01" {
			want = append(want, e)
		}
	}
	if len(want) == 0 {
		t.Fatal("the filter selects no event")
	}
	checkDelivery(t, want, rec.received())
	pmu.Lock()
	defer pmu.Unlock()
	if len(progress) == 0 || progress[len(progress)-1].Retries != 3 || progress[len(progress)-1].Skipped == 0 {
		t.Fatalf("progress %+v: want 3 retries and skipped events", progress)
	}
}
