package esdbstore

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// ErrBadURL is wrapped by Open for a connection string the client does not
// accept.
var ErrBadURL = errors.New("invalid EventStoreDB connection string")

// Config tunes a Store. Zero fields take their defaults.
type Config struct {
	// MinBackoff and MaxBackoff bound the pause between replacing a client
	// after connection errors, and between resubscriptions (default 100ms
	// and 5s).
	MinBackoff, MaxBackoff time.Duration
	// ConnectTimeout bounds Open's first round trip (default 10s).
	ConnectTimeout time.Duration
	// AfterAppend, if set, is called after every append that wrote events
	// with the position of its last event: serve wires it to the
	// PostgreSQL notification that wakes the projections.
	AfterAppend func(ctx context.Context, position uint64)
	// Ledger, if set, is the tamper-evidence ledger Verify checks the log
	// against, and whose hashes Head and HashAt report.
	Ledger *Ledger
	// Now is the clock of recorded-at times (default time.Now).
	Now func() time.Time
}

func (c *Config) setDefaults() {
	if c.MinBackoff <= 0 {
		c.MinBackoff = 100 * time.Millisecond
	}
	if c.MaxBackoff < c.MinBackoff {
		c.MaxBackoff = max(5*time.Second, c.MinBackoff)
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = 10 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Store is the EventStoreDB event store: the command.EventStore port, the
// global log over $all and its subscriptions, and the audit reads.
type Store struct {
	cfg   Config
	conn  *conn
	locks *streamLocks
	// closed ends when Close is called; subscriptions end with it.
	closed context.Context
	close  context.CancelFunc
}

// CheckURL reports whether the client accepts url, without connecting.
func CheckURL(url string) error {
	if _, err := parseURL(url); err != nil {
		return fmt.Errorf("%w: %w", ErrBadURL, err)
	}
	return nil
}

// Open returns a Store on the server or cluster of url (esdb://host:2113?tls=false,
// esdb+discover://… for a cluster) after one round trip to it. A bad URL
// returns an error wrapping ErrBadURL; a server that does not answer within
// cfg.ConnectTimeout, one wrapping ErrUnavailable.
func Open(ctx context.Context, url string, cfg Config) (*Store, error) {
	if err := CheckURL(url); err != nil {
		return nil, err
	}
	return open(ctx, url, cfg, newDriver)
}

func open(ctx context.Context, url string, cfg Config, nd func(string) (driver, error)) (*Store, error) {
	cfg.setDefaults()
	c, err := newConn(url, nd, cfg.MinBackoff, cfg.MaxBackoff)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrBadURL, err)
	}
	s := &Store{cfg: cfg, conn: c, locks: newStreamLocks()}
	s.closed, s.close = context.WithCancel(context.WithoutCancel(ctx))
	pctx, cancel := context.WithTimeout(ctx, cfg.ConnectTimeout)
	defer cancel()
	if err := s.Ping(pctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// Ping checks that the server answers a read of $all.
func (s *Store) Ping(ctx context.Context) error {
	err := s.conn.do(ctx, func(d driver) error {
		_, err := d.readAll(ctx, 0, 1, true)
		return err
	})
	if err != nil && !errors.Is(err, ErrUnavailable) {
		err = fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	if err != nil {
		return fmt.Errorf("eventstoredb ping: %w", err)
	}
	return nil
}

// State returns the state of the connection: connected, reconnecting (the
// last operation failed to reach the server) or closed.
func (s *Store) State() State { return s.conn.currentState() }

// Close ends the subscriptions and closes the client once the operations
// running on it end.
func (s *Store) Close() {
	s.close()
	s.conn.close()
}
