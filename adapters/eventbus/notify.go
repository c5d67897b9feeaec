package eventbus

import (
	"context"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// notifier keeps one LISTEN connection and wakes every waiting subscription
// when the event store announces new events (pg_notify at commit). Polling
// by the subscriptions remains the safety net.
type notifier struct {
	pool    *pgxpool.Pool
	channel string
	mu      sync.Mutex
	waiters map[chan struct{}]struct{}
	cancel  context.CancelFunc
	done    chan struct{}
}

// newNotifier starts listening on channel until close is called.
func newNotifier(ctx context.Context, pool *pgxpool.Pool, channel string) *notifier {
	ctx, cancel := context.WithCancel(ctx)
	n := &notifier{pool: pool, channel: channel, waiters: map[chan struct{}]struct{}{}, cancel: cancel, done: make(chan struct{})}
	go n.listen(ctx)
	return n
}

// register returns a channel that receives a token whenever events may have
// been appended. Call unregister when done.
func (n *notifier) register() chan struct{} {
	ch := make(chan struct{}, 1)
	n.mu.Lock()
	n.waiters[ch] = struct{}{}
	n.mu.Unlock()
	return ch
}

func (n *notifier) unregister(ch chan struct{}) {
	n.mu.Lock()
	delete(n.waiters, ch)
	n.mu.Unlock()
}

func (n *notifier) wakeAll() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for ch := range n.waiters {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

func (n *notifier) close() {
	n.cancel()
	<-n.done
}

// listen holds a LISTEN connection, reconnecting after failures, and wakes
// the waiters on each notification and after each reconnect.
func (n *notifier) listen(ctx context.Context) {
	defer close(n.done)
	for ctx.Err() == nil {
		conn, err := n.pool.Acquire(ctx)
		if err == nil {
			_, err = conn.Exec(ctx, `LISTEN `+pgx.Identifier{n.channel}.Sanitize())
			for err == nil {
				n.wakeAll()
				_, err = conn.Conn().WaitForNotification(ctx)
			}
			// The LISTEN state of the connection is unknown now: drop it.
			_ = conn.Conn().Close(context.WithoutCancel(ctx))
			conn.Release()
		}
		select {
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond):
		}
	}
}
