package esdbstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// ErrUnavailable is wrapped by the errors of operations that failed because
// EventStoreDB could not be reached; the store reconnects in the background
// of the next operations.
var ErrUnavailable = errors.New("eventstoredb unavailable")

// State is the connection state of a Store, for /readyz.
type State string

// The connection states.
const (
	StateConnected    State = "connected"
	StateReconnecting State = "reconnecting"
	StateClosed       State = "closed"
)

// handle is one client and the operations running on it. A retired
// client is closed when its last operation ends: closing the gRPC client
// under a running call panics inside the client.
type handle struct {
	d       driver
	refs    int
	retired bool
}

// conn owns the current client. The gRPC client is closed for good when
// the server cannot be reached at its first use, so after a connection
// error conn replaces it with a new client, at most once per backoff
// interval (doubling from minBackoff to maxBackoff while errors continue).
type conn struct {
	url        string
	newDriver  func(url string) (driver, error)
	minBackoff time.Duration
	maxBackoff time.Duration

	mu      sync.Mutex
	cur     *handle // nil once closed
	state   State
	backoff time.Duration
	next    time.Time // no new client before next
}

func newConn(url string, nd func(string) (driver, error), minBackoff, maxBackoff time.Duration) (*conn, error) {
	d, err := nd(url)
	if err != nil {
		return nil, err
	}
	return &conn{url: url, newDriver: nd, minBackoff: minBackoff, maxBackoff: maxBackoff,
		cur: &handle{d: d}, state: StateConnected, backoff: minBackoff}, nil
}

// acquire returns the current client, counted as in use until release.
func (c *conn) acquire() (*handle, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur == nil {
		return nil, fmt.Errorf("%w: store closed", ErrUnavailable)
	}
	c.cur.refs++
	return c.cur, nil
}

// release ends a use of h, closing h if it was retired and this was its
// last use.
func (c *conn) release(h *handle) {
	c.mu.Lock()
	h.refs--
	closeIt := h.retired && h.refs == 0
	c.mu.Unlock()
	if closeIt {
		h.d.close()
	}
}

// retire takes h out of service; c.mu must be held. It is closed when its
// last use ends.
func (c *conn) retire(h *handle) {
	h.retired = true
	if h.refs == 0 {
		go h.d.close()
	}
}

// do runs op on the current client and handles its outcome: a connection
// error replaces the client (if it is still the current one and the
// backoff allows) and is returned wrapping ErrUnavailable.
func (c *conn) do(ctx context.Context, op func(d driver) error) error {
	h, err := c.acquire()
	if err != nil {
		return err
	}
	defer c.release(h)
	err = op(h.d)
	return c.outcome(ctx, h, err)
}

// outcome records the result of an operation on h and returns its error,
// wrapping ErrUnavailable for a connection error.
func (c *conn) outcome(ctx context.Context, h *handle, err error) error {
	switch {
	case err == nil:
		c.healthy(h)
		return nil
	case !errors.Is(err, errConnection) || ctx.Err() != nil:
		return err
	}
	c.failed(h)
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}

// healthy records a success of h.
func (c *conn) healthy(h *handle) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur == h {
		c.state, c.backoff = StateConnected, c.minBackoff
	}
}

// failed records a connection error of h and replaces h with a new client
// unless that was done less than the backoff ago.
func (c *conn) failed(h *handle) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur != h {
		return
	}
	c.state = StateReconnecting
	now := time.Now()
	if now.Before(c.next) {
		return
	}
	nd, err := c.newDriver(c.url)
	if err != nil {
		return // the URL parsed at Open; keep the old client and retry later.
	}
	c.retire(h)
	c.cur = &handle{d: nd}
	c.next = now.Add(c.backoff)
	c.backoff = min(2*c.backoff, c.maxBackoff)
}

// waitBackoff sleeps for the current backoff, or until ctx ends.
func (c *conn) waitBackoff(ctx context.Context) error {
	c.mu.Lock()
	d := c.backoff
	c.mu.Unlock()
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// currentState returns the connection state.
func (c *conn) currentState() State {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state
}

// close retires the current client; it is closed when its last operation
// (or subscription) ends.
func (c *conn) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur != nil {
		c.retire(c.cur)
	}
	c.cur, c.state = nil, StateClosed
}
