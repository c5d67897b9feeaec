package pgstore

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// notifier holds one LISTEN connection per Store and wakes every live
// subscription when a new event is announced.
type notifier struct {
	pool    *pgxpool.Pool
	channel string
	mu      sync.Mutex
	waiters map[chan struct{}]struct{}
	started bool
	cancel  context.CancelFunc
	done    chan struct{}
}

func newNotifier(pool *pgxpool.Pool, channel string) *notifier {
	return &notifier{pool: pool, channel: channel, waiters: map[chan struct{}]struct{}{}, done: make(chan struct{})}
}

// register returns a channel that receives a token whenever events may have
// been appended; the listener starts with the first registration.
func (n *notifier) register(ctx context.Context) chan struct{} {
	ch := make(chan struct{}, 1)
	n.mu.Lock()
	defer n.mu.Unlock()
	n.waiters[ch] = struct{}{}
	if !n.started {
		n.started = true
		lctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		n.cancel = cancel
		go n.listen(lctx)
	}
	return ch
}

func (n *notifier) unregister(ch chan struct{}) {
	n.mu.Lock()
	delete(n.waiters, ch)
	n.mu.Unlock()
}

func (n *notifier) wakeAll() {
	n.mu.Lock()
	for ch := range n.waiters {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	n.mu.Unlock()
}

func (n *notifier) close() {
	n.mu.Lock()
	started := n.started
	n.mu.Unlock()
	if started {
		n.cancel()
		<-n.done
	}
}

// listen keeps a LISTEN connection open, reconnecting after failures, and
// wakes subscribers on every notification and after every reconnect (events
// announced while disconnected are found by the wake-up read).
func (n *notifier) listen(ctx context.Context) {
	defer close(n.done)
	for ctx.Err() == nil {
		conn, err := n.pool.Acquire(ctx)
		if err == nil {
			_, err = conn.Exec(ctx, `LISTEN `+quoteIdent(n.channel))
		}
		if err == nil {
			n.wakeAll()
			for err == nil {
				_, err = conn.Conn().WaitForNotification(ctx)
				if err == nil {
					n.wakeAll()
				}
			}
			// The connection's LISTEN state is unknown after an error: drop it.
			_ = conn.Conn().Close(context.WithoutCancel(ctx))
		}
		if conn != nil {
			conn.Release()
		}
		select {
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond):
		}
	}
}

func quoteIdent(s string) string {
	out := []byte{'"'}
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			out = append(out, '"')
		}
		out = append(out, s[i])
	}
	return string(append(out, '"'))
}

// Subscription delivers events of the global log, in position order, from a
// start position on: first the stored ones (catch-up), then live ones.
type Subscription struct {
	events chan eventlog.Event
	cancel context.CancelFunc
	done   chan struct{}
	mu     sync.Mutex
	err    error
}

// Events returns the channel of events. It is closed when the subscription
// ends (Close, context cancelled, or a read error reported by Err).
func (s *Subscription) Events() <-chan eventlog.Event { return s.events }

// Err returns the error that ended the subscription, if any.
func (s *Subscription) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
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
	sub := &Subscription{events: make(chan eventlog.Event, 256), cancel: cancel, done: make(chan struct{})}
	wake := s.notifier.register(ctx)
	go func() {
		defer close(sub.done)
		defer close(sub.events)
		defer s.notifier.unregister(wake)
		err := s.follow(ctx, after, sub.events, wake)
		if ctx.Err() == nil {
			sub.mu.Lock()
			sub.err = err
			sub.mu.Unlock()
		}
	}()
	return sub
}

// catchUpPage is how many events a subscription reads at once.
const catchUpPage = DefaultReadLimit

// pageResult is one page read ahead by a subscription.
type pageResult struct {
	page []eventlog.Event
	err  error
}

// follow delivers the log from after on. While it delivers a full page it
// already reads the next one, so catching up costs the slower of reading
// and delivering rather than both.
func (s *Store) follow(ctx context.Context, after uint64, out chan<- eventlog.Event, wake <-chan struct{}) error {
	poll := time.NewTimer(s.cfg.PollInterval)
	defer poll.Stop()
	var ahead chan pageResult
	for {
		var page []eventlog.Event
		var err error
		if ahead != nil {
			r := <-ahead
			page, err, ahead = r.page, r.err, nil
		} else if live, ok := s.recent.after(after, catchUpPage); ok {
			page = live
		} else {
			page, err = s.ReadAll(ctx, after, catchUpPage)
		}
		if err != nil {
			return err
		}
		if len(page) == catchUpPage {
			ahead = make(chan pageResult, 1)
			go func(after uint64) {
				p, err := s.ReadAll(ctx, after, catchUpPage)
				ahead <- pageResult{p, err}
			}(page[len(page)-1].Position)
		}
		for _, e := range page {
			select {
			case out <- e:
				after = e.Position
			case <-ctx.Done():
				if ahead != nil {
					<-ahead
				}
				return ctx.Err()
			}
		}
		if ahead != nil {
			continue
		}
		poll.Reset(s.cfg.PollInterval)
		select {
		case <-wake:
		case <-poll.C:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
