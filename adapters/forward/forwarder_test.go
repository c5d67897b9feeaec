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

// TestForwarderRefusesAnotherTarget: a forwarder name used first for one
// broker and then for another resumed from its checkpoint, so the second
// broker never received the events before it. It is refused, naming both,
// unless the run says --retarget; the same target goes on.
func TestForwarderRefusesAnotherTarget(t *testing.T) {
	le := newLogEnv(t)
	head := le.appendWorld(t, projectiontest.Config{Seed: 8, Employees: 5, Instansi: 1, Units: 1})
	cfg := forward.Config{Name: "siasn", Topic: "kinerja.events", Target: "nats://127.0.0.1:4222",
		CheckpointEvery: 10, CheckpointInterval: 20 * time.Millisecond, LockRetry: 20 * time.Millisecond}
	first, err := forward.New(le.sc.Pool, le.store, &recorder{}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	stop := runForwarder(first)
	waitFor(t, time.Minute, "the first forwarder caught up", func() bool { return le.checkpoint(t, "siasn") == head })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ target, topic string }{{"amqp://127.0.0.1:5672/", "kinerja.events"}, {"nats://127.0.0.1:4222", "other.events"}} {
		moved := cfg
		moved.Target, moved.Topic = c.target, c.topic
		f, err := forward.New(le.sc.Pool, le.store, &recorder{}, moved)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err = f.Run(ctx)
		cancel()
		if !errors.Is(err, forward.ErrTargetChanged) || !strings.Contains(err.Error(), "nats://127.0.0.1:4222 (topic kinerja.events)") {
			t.Errorf("a run for %s (topic %s): %v, want ErrTargetChanged naming the checkpoint's target", c.target, c.topic, err)
		}
	}
	// The same broker spelt with a trailing slash is the same target.
	same := cfg
	same.Target = "nats://127.0.0.1:4222/"
	f, err := forward.New(le.sc.Pool, le.store, &recorder{}, same)
	if err != nil {
		t.Fatal(err)
	}
	stop = runForwarder(f)
	head = le.appendWorld(t, projectiontest.Config{Seed: 10, Employees: 2, Instansi: 1, Units: 1, Year: 2027})
	waitFor(t, time.Minute, "the same broker with a slash runs", func() bool { return le.checkpoint(t, "siasn") == head })
	if err := stop(); err != nil {
		t.Errorf("the same broker with a trailing slash: %v", err)
	}
	moved := cfg
	moved.Target, moved.Retarget = "nats://10.0.0.2:4222", true
	rec := &recorder{}
	f, err = forward.New(le.sc.Pool, le.store, rec, moved)
	if err != nil {
		t.Fatal(err)
	}
	stop = runForwarder(f)
	head = le.appendWorld(t, projectiontest.Config{Seed: 9, Employees: 2, Instansi: 1, Units: 1, Year: 2026})
	waitFor(t, time.Minute, "the retargeted forwarder went on", func() bool { return le.checkpoint(t, "siasn") == head })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	// The new target is now the checkpoint's: the old one is refused.
	f, err = forward.New(le.sc.Pool, le.store, &recorder{}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := f.Run(ctx); !errors.Is(err, forward.ErrTargetChanged) {
		t.Errorf("the first target after the retarget: %v, want ErrTargetChanged", err)
	}
}
