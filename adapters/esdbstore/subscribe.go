package esdbstore

import (
	"context"
	"errors"
	"sync"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// Subscription delivers events of the global log, in position order, from a
// start position on: first the stored ones (catch-up), then live ones. It
// is a catch-up subscription to $all with system events filtered out by the
// server; when the server drops it (or restarts), it resubscribes after the
// last event delivered, with backoff, so that no event is missed or
// delivered twice.
type Subscription struct {
	events chan eventlog.Event
	cancel context.CancelFunc
	done   chan struct{}
	mu     sync.Mutex
	err    error
	drops  int
}

// Events returns the channel of events. It is closed when the subscription
// ends (Close, context cancelled, a closed store, or an event that cannot
// be decoded, reported by Err).
func (s *Subscription) Events() <-chan eventlog.Event { return s.events }

// Err returns the error that ended the subscription, if any.
func (s *Subscription) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Drops returns how many times the subscription was dropped and resumed.
func (s *Subscription) Drops() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.drops
}

// Close ends the subscription and waits for its goroutine to stop.
func (s *Subscription) Close() {
	s.cancel()
	<-s.done
}

// Subscribe starts a subscription to events with position > after. It ends
// when ctx is cancelled or Close is called.
func (s *Store) Subscribe(ctx context.Context, after uint64) *Subscription {
	ctx, cancel := context.WithCancel(ctx)
	stop := context.AfterFunc(s.closed, cancel)
	sub := &Subscription{events: make(chan eventlog.Event, 256), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(sub.done)
		defer close(sub.events)
		defer stop()
		err := s.follow(ctx, sub, after)
		if ctx.Err() == nil {
			sub.mu.Lock()
			sub.err = err
			sub.mu.Unlock()
		}
	}()
	return sub
}

// follow runs subscriptions one after the other, each from the last
// position delivered, until ctx ends or an error that resubscribing cannot
// cure.
func (s *Store) follow(ctx context.Context, sub *Subscription, after uint64) error {
	for {
		last, err := s.followOnce(ctx, sub.events, after)
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if last > after {
			after = last
		}
		if !errors.Is(err, errConnection) && !errors.Is(err, ErrUnavailable) {
			return err
		}
		sub.mu.Lock()
		sub.drops++
		sub.mu.Unlock()
		if err := s.conn.waitBackoff(ctx); err != nil {
			return err
		}
	}
}

// followOnce runs one subscription after position after and returns the
// position of the last event it delivered.
func (s *Store) followOnce(ctx context.Context, out chan<- eventlog.Event, after uint64) (uint64, error) {
	h, err := s.conn.acquire()
	if err != nil {
		return after, err
	}
	defer s.conn.release(h)
	f, err := h.d.subscribeAll(ctx, after)
	if err != nil {
		return after, s.conn.outcome(ctx, h, err)
	}
	defer f.close()
	for {
		r, err := f.next()
		if err != nil {
			return after, err
		}
		if (after > 0 && r.Position <= after) || isSystem(r) {
			continue
		}
		e, err := decode(r)
		if err != nil {
			return after, err
		}
		select {
		case out <- e:
			after = e.Position
		case <-ctx.Done():
			return after, ctx.Err()
		}
	}
}
