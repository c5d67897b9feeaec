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
	d       driver
	state   State
	backoff time.Duration
	next    time.Time // no new client before next
}

func newConn(url string, nd func(string) (driver, error), minBackoff, maxBackoff time.Duration) (*conn, error) {
	d, err := nd(url)
	if err != nil {
		return nil, err
	}
	return &conn{url: url, newDriver: nd, minBackoff: minBackoff, maxBackoff: maxBackoff, d: d, state: StateConnected, backoff: minBackoff}, nil
}

// driver returns the current client.
func (c *conn) driver() (driver, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.d == nil {
		return nil, fmt.Errorf("%w: store closed", ErrUnavailable)
	}
	return c.d, nil
}

// do runs op on the current client and handles its outcome: a connection
// error replaces the client (if it is still the current one and the
// backoff allows) and is returned wrapping ErrUnavailable.
func (c *conn) do(ctx context.Context, op func(d driver) error) error {
	d, err := c.driver()
	if err != nil {
		return err
	}
	err = op(d)
	if err == nil || !errors.Is(err, errConnection) || ctx.Err() != nil {
		if err == nil {
			c.healthy(d)
		}
		return err
	}
	c.failed(d)
	return fmt.Errorf("%w: %w", ErrUnavailable, err)
}

// healthy records a success of d.
func (c *conn) healthy(d driver) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.d == d && c.state != StateClosed {
		c.state, c.backoff = StateConnected, c.minBackoff
	}
}

// failed records a connection error of d and replaces d with a new client
// unless that was done less than the backoff ago.
func (c *conn) failed(d driver) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.d != d || c.state == StateClosed {
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
	old := c.d
	c.d = nd
	c.next = now.Add(c.backoff)
	c.backoff = min(2*c.backoff, c.maxBackoff)
	go old.close()
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

// State returns the connection state.
func (c *conn) currentState() State {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state
}

func (c *conn) close() {
	c.mu.Lock()
	d := c.d
	c.d, c.state = nil, StateClosed
	c.mu.Unlock()
	if d != nil {
		d.close()
	}
}
