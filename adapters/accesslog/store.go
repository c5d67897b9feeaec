// Package accesslog keeps the access log in PostgreSQL (table access_log):
// who read which personal data. Requests hand entries to Record, which
// queues them; one background goroutine inserts them in batches (COPY), so
// a read waits neither for the database nor for another read's entry.
// Search serves auditors, Purge and RunPurger enforce the retention.
//
// Overflow policy: the queue is bounded (Config.QueueSize). When it is
// full, Record waits at most Config.MaxWait for room, then drops the entry,
// counts it in kinerja_access_log_dropped_total and logs a warning (at most
// one per Config.DropLogEvery). A batch that cannot be inserted after
// Config.Attempts attempts is dropped and counted the same way, so that a
// database outage cannot stall reads; the request logs still name every
// request's subject.
package accesslog

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/domain/access"
	"github.com/prometheus/client_golang/prometheus"
)

// ErrClosed is returned by Flush after Close.
var ErrClosed = errors.New("accesslog: closed")

// Config configures a Store. The zero value of each field takes its default
// (see SetDefaults).
type Config struct {
	// Logger receives warnings about dropped entries and failed inserts.
	Logger *slog.Logger
	// QueueSize bounds the entries waiting to be inserted. Default 10,000.
	QueueSize int
	// BatchSize bounds the entries of one insert. Default 500.
	BatchSize int
	// MaxWait is how long Record waits for room in a full queue before it
	// drops the entry. Default 20ms; negative means never wait.
	MaxWait time.Duration
	// Attempts is how often a batch is tried before it is dropped. Default 3.
	Attempts int
	// RetryDelay is the pause after the first failed attempt; it doubles
	// after each. Default 200ms.
	RetryDelay time.Duration
	// DropLogEvery bounds the warnings about dropped entries. Default 1 min.
	DropLogEvery time.Duration
	// Retention is how long entries are kept. Default 365 days.
	Retention time.Duration
	// PurgeEvery is how often RunPurger deletes expired entries. Default 1 h.
	PurgeEvery time.Duration
	// Now is the clock of the purge. Default time.Now.
	Now func() time.Time
}

// SetDefaults fills every zero field with its default.
func (c *Config) SetDefaults() {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	setInt(&c.QueueSize, 10_000)
	setInt(&c.BatchSize, 500)
	setInt(&c.Attempts, 3)
	setDur(&c.MaxWait, 20*time.Millisecond)
	setDur(&c.RetryDelay, 200*time.Millisecond)
	setDur(&c.DropLogEvery, time.Minute)
	setDur(&c.Retention, 365*24*time.Hour)
	setDur(&c.PurgeEvery, time.Hour)
	if c.Now == nil {
		c.Now = time.Now
	}
}

func setInt(p *int, def int) {
	if *p == 0 {
		*p = def
	}
}

func setDur(p *time.Duration, def time.Duration) {
	if *p == 0 {
		*p = def
	}
}

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	switch {
	case c.QueueSize < 1 || c.BatchSize < 1 || c.Attempts < 1:
		return fmt.Errorf("accesslog: QueueSize, BatchSize and Attempts must be positive")
	case c.RetryDelay < 0 || c.DropLogEvery < 0:
		return fmt.Errorf("accesslog: RetryDelay and DropLogEvery must not be negative")
	case c.Retention < time.Hour:
		return fmt.Errorf("accesslog: retention %s is shorter than an hour", c.Retention)
	case c.PurgeEvery < time.Second:
		return fmt.Errorf("accesslog: purge interval %s is shorter than a second", c.PurgeEvery)
	}
	return nil
}

// item is what the queue carries: an entry, or a flush marker whose done
// channel is closed once everything queued before it was handled.
type item struct {
	entry access.Entry
	done  chan struct{}
}

// Store is the access log over PostgreSQL.
type Store struct {
	cfg    Config
	pool   *pgxpool.Pool
	queue  chan item
	stop   chan struct{}
	exited chan struct{}
	cancel context.CancelFunc
	closed atomic.Bool
	once   sync.Once

	recorded, dropped, failures prometheus.Counter
	lastDropLog                 atomic.Int64
}

// New returns a Store over pool and starts its writer goroutine, which
// runs until Close. The writer's inserts keep ctx's values but not its
// cancellation: entries queued before shutdown are still written by Close.
func New(ctx context.Context, pool *pgxpool.Pool, cfg Config) (*Store, error) {
	cfg.SetDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if pool == nil {
		return nil, errors.New("accesslog: pool is nil")
	}
	wctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	s := &Store{cfg: cfg, pool: pool, queue: make(chan item, cfg.QueueSize), stop: make(chan struct{}),
		exited: make(chan struct{}), cancel: cancel}
	s.newMetrics()
	go s.write(wctx)
	return s, nil
}

// Record queues e for insertion (see the package doc for a full queue).
// Text fields are bounded first (access.Entry.Bound). After Close, entries
// are dropped.
func (s *Store) Record(e access.Entry) {
	if s.closed.Load() {
		s.drop(1, "the access log is closed")
		return
	}
	it := item{entry: e.Bound()}
	select {
	case s.queue <- it:
		return
	default:
	}
	if s.cfg.MaxWait > 0 {
		t := time.NewTimer(s.cfg.MaxWait)
		defer t.Stop()
		select {
		case s.queue <- it:
			return
		case <-t.C:
		}
	}
	s.drop(1, "the access log queue is full")
}

// Flush waits until every entry recorded before the call was inserted (or
// dropped), or ctx ends.
func (s *Store) Flush(ctx context.Context) error {
	if s.closed.Load() {
		return ErrClosed
	}
	done := make(chan struct{})
	select {
	case s.queue <- item{done: done}:
	case <-ctx.Done():
		return fmt.Errorf("accesslog: flush: %w", ctx.Err())
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("accesslog: flush: %w", ctx.Err())
	}
}

// Close stops accepting entries, inserts those still queued and stops the
// writer. If ctx ends first, the insert in progress is cancelled, the rest
// is dropped, and Close returns ctx's error. Call it after the HTTP server
// has shut down, so that no request records any more.
func (s *Store) Close(ctx context.Context) error {
	s.once.Do(func() {
		s.closed.Store(true)
		close(s.stop)
	})
	select {
	case <-s.exited:
		return nil
	case <-ctx.Done():
		s.cancel()
		<-s.exited
		return fmt.Errorf("accesslog: close: %w", ctx.Err())
	}
}

// drop counts n dropped entries and logs why, at most once per DropLogEvery.
func (s *Store) drop(n int, why string) {
	s.dropped.Add(float64(n))
	now := time.Now().UnixNano()
	last := s.lastDropLog.Load()
	if now-last < int64(s.cfg.DropLogEvery) || !s.lastDropLog.CompareAndSwap(last, now) {
		return
	}
	s.cfg.Logger.Warn("access log: entries dropped", "reason", why, "queue_size", s.cfg.QueueSize)
}
