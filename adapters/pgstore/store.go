// Package pgstore is Kinerja's PostgreSQL event store. It implements the
// command.EventStore port plus the global-log reads and live subscriptions
// the projections use.
//
// Appends from concurrent callers are grouped into a single transaction
// (group commit) by whichever caller finds no commit running. Each transaction locks the
// one event_head row, so global positions are gapless and committed in
// position order, even across processes: a catch-up reader that has seen
// position n can never later find a position below n appear.
package pgstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// ErrClosed is returned by Append after Close.
var ErrClosed = errors.New("event store closed")

// Config tunes a Store. The zero value of each field takes its default.
type Config struct {
	// MaxBatchEvents caps the events in one group-commit transaction.
	MaxBatchEvents int
	// QueueSize is how many appends may wait for the committer.
	QueueSize int
	// CommitTimeout bounds one group-commit transaction.
	CommitTimeout time.Duration
	// NotifyChannel is the LISTEN/NOTIFY channel that announces new events.
	NotifyChannel string
	// PollInterval is how often a live subscription re-reads the log when no
	// notification came (a safety net; notifications are the fast path).
	PollInterval time.Duration
}

func (c *Config) setDefaults() {
	if c.MaxBatchEvents == 0 {
		c.MaxBatchEvents = 5000
	}
	if c.QueueSize == 0 {
		c.QueueSize = 1024
	}
	if c.CommitTimeout == 0 {
		c.CommitTimeout = 30 * time.Second
	}
	if c.NotifyChannel == "" {
		c.NotifyChannel = "kinerja_events"
	}
	if c.PollInterval == 0 {
		c.PollInterval = time.Second
	}
}

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	switch {
	case c.MaxBatchEvents < 1:
		return fmt.Errorf("pgstore: MaxBatchEvents %d < 1", c.MaxBatchEvents)
	case c.QueueSize < 1:
		return fmt.Errorf("pgstore: QueueSize %d < 1", c.QueueSize)
	case c.CommitTimeout <= 0 || c.PollInterval <= 0:
		return errors.New("pgstore: CommitTimeout and PollInterval must be positive")
	}
	return nil
}

// Store is the PostgreSQL event store.
type Store struct {
	pool     *pgxpool.Pool
	cfg      Config
	queue    chan *appendRequest
	handoff  chan struct{}
	stop     chan struct{}
	closeMu  sync.RWMutex
	closed   bool
	notifier *notifier
	// announcer announces commits to listeners.
	announcer *announcer
	// recent keeps this store's last commits for its live subscriptions.
	recent recent
	// commitMu is held by the caller that commits (see lead); it guards
	// the fields below.
	commitMu   sync.Mutex
	commitConn *pgx.Conn
	// lastCtx is the context of the last committed append, kept to close
	// the commit connection with its values.
	lastCtx context.Context
	// known is what the committer knows of the log after its own last
	// commit (nil when nothing is known).
	known *knownState
	// pace paces the group commits.
	pace pace
	// parts keeps partitions of events ahead of the head.
	parts partitions
}

// New returns a Store over pool. Call Close to stop it.
func New(pool *pgxpool.Pool, cfg Config) (*Store, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Store{
		pool:    pool,
		cfg:     cfg,
		queue:   make(chan *appendRequest, cfg.QueueSize),
		handoff: make(chan struct{}, 1),
		stop:    make(chan struct{}),
	}
	s.notifier = newNotifier(pool, cfg.NotifyChannel)
	s.announcer = newAnnouncer(pool, cfg.NotifyChannel, s.notifier)
	return s, nil
}

// Close stops accepting appends, lets queued appends finish, closes the
// commit connection and stops the notification listener.
func (s *Store) Close() {
	s.closeMu.Lock()
	if s.closed {
		s.closeMu.Unlock()
		return
	}
	s.closed = true
	close(s.stop)
	s.closeMu.Unlock()
	s.commitMu.Lock()
	for len(s.queue) > 0 {
		s.commitQueued()
	}
	if s.lastCtx != nil {
		s.dropCommitConn(context.WithoutCancel(s.lastCtx))
	}
	s.commitMu.Unlock()
	s.parts.wg.Wait()
	s.announcer.close()
	s.notifier.close()
}

// Append writes events at the end of stream if its version satisfies
// expected; see command.EventStore for the contract.
func (s *Store) Append(ctx context.Context, stream string, expected eventlog.ExpectedVersion, events ...eventlog.NewEvent) (eventlog.AppendResult, error) {
	return s.AppendWith(ctx, stream, expected, eventlog.AppendOptions{}, events...)
}
