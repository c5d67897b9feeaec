package eventbus

import (
	"context"
	"errors"
	"fmt"
	"github.com/kinerja/kinerja/adapters/readside"
	"log/slog"
	"sync"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// Log is the global event log as the subscriber reads it. ReadAll returns
// events with position > after in position order, at most limit; positions
// are gapless and a reader never misses one that commits later.
type Log interface {
	ReadAll(ctx context.Context, after uint64, limit int) ([]eventlog.Event, error)
	Head(ctx context.Context) (uint64, []byte, error)
}

// ErrSubscriberClosed is returned by Subscribe after Close.
var ErrSubscriberClosed = errors.New("eventbus subscriber closed")

// SubscriberConfig tunes a Subscriber. Zero fields take their defaults.
type SubscriberConfig struct {
	// BatchSize caps the events in one message (default 2000). A projection
	// that is behind catches up in messages of this size; one that is live
	// gets what was committed since its last message.
	BatchSize int
	// PollInterval is how often a caught-up subscription re-reads the log
	// without a notification (default 1s).
	PollInterval time.Duration
	// NotifyChannel is the LISTEN/NOTIFY channel on which the event store
	// announces commits (default "kinerja_events", pgstore's default).
	NotifyChannel string
	// RedeliveryDelay is the pause before a nacked batch is sent again
	// (default 50ms).
	RedeliveryDelay time.Duration
	// Logger receives the subscriber's logs (default slog.Default()).
	Logger *slog.Logger
}

func (c *SubscriberConfig) setDefaults() {
	if c.BatchSize == 0 {
		c.BatchSize = 2000
	}
	if c.PollInterval == 0 {
		c.PollInterval = time.Second
	}
	if c.NotifyChannel == "" {
		c.NotifyChannel = "kinerja_events"
	}
	if c.RedeliveryDelay == 0 {
		c.RedeliveryDelay = 50 * time.Millisecond
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Validate reports a configuration that cannot work.
func (c SubscriberConfig) Validate() error {
	if c.BatchSize < 1 || c.PollInterval <= 0 || c.RedeliveryDelay < 0 {
		return fmt.Errorf("eventbus: BatchSize %d, PollInterval %s, RedeliveryDelay %s out of range", c.BatchSize, c.PollInterval, c.RedeliveryDelay)
	}
	return nil
}

// Subscriber is the global event log as a Watermill message.Subscriber. The
// topic is a projection name; a subscription starts after that projection's
// checkpoint and delivers batches in order, one unacked message at a time.
type Subscriber struct {
	pool     *pgxpool.Pool
	log      Log
	cfg      SubscriberConfig
	notifier *notifier
	mu       sync.Mutex
	closed   bool
	// projections are the projections known by topic, whose batches are
	// prepared while read ahead (see Preparer).
	projections map[string]readside.Projection
	cancels     []context.CancelFunc
	wg          sync.WaitGroup
}

// NewSubscriber returns a Subscriber reading log and the checkpoints in pool.
// It listens for commit notifications until Close; ctx bounds its life.
func NewSubscriber(ctx context.Context, pool *pgxpool.Pool, log Log, cfg SubscriberConfig) (*Subscriber, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Subscriber{pool: pool, log: log, cfg: cfg}
	s.notifier = newNotifier(ctx, pool, cfg.NotifyChannel)
	return s, nil
}

// Subscribe starts delivering the log to the projection named topic, from
// its checkpoint on. The channel is closed when ctx ends or on Close.
func (s *Subscriber) Subscribe(ctx context.Context, topic string) (<-chan *message.Message, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrSubscriberClosed
	}
	ctx, cancel := context.WithCancel(ctx)
	s.cancels = append(s.cancels, cancel)
	out := make(chan *message.Message)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer close(out)
		d := &delivery{s: s, topic: topic, out: out, size: s.cfg.BatchSize}
		d.run(ctx)
	}()
	return out, nil
}

// prepareFor makes the subscriber prepare the batches of topic for p while
// it reads ahead, if p is a Preparer.
func (s *Subscriber) prepareFor(topic string, p readside.Projection) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.projections == nil {
		s.projections = map[string]readside.Projection{}
	}
	s.projections[topic] = p
}

// projection returns the projection known for topic, or nil.
func (s *Subscriber) projection(topic string) readside.Projection {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.projections[topic]
}

// Close ends every subscription and the notification listener.
func (s *Subscriber) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	for _, c := range s.cancels {
		c()
	}
	s.mu.Unlock()
	s.wg.Wait()
	s.notifier.close()
	return nil
}
