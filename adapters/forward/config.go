package forward

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// DefaultTopic is the topic every event is published to unless Config.Topic
// says otherwise: one topic keeps the log's global order for consumers.
const DefaultTopic = "kinerja.events"

// Log is the global log a forwarder follows: Follow calls fn with every
// event with position > after, in position order, stored ones first and then
// live ones as they commit, until ctx ends or fn or the log fails
// (pgstore.Store and esdbstore.Store have it).
type Log interface {
	Follow(ctx context.Context, after uint64, fn func(eventlog.Event) error) error
}

// InstansiResolver returns the instansi of an event whose metadata names
// none (events stored before the metadata recorded it): "" when unknown.
type InstansiResolver interface {
	InstansiOf(ctx context.Context, e eventlog.Event) (string, error)
}

// Progress is what a forwarder reports each time it saves its checkpoint.
type Progress struct {
	// Position is the checkpoint: every event up to it is forwarded.
	Position uint64
	// Published counts the messages the broker confirmed, over all runs.
	Published uint64
	// PublishedBefore is Published when this run started (from the
	// checkpoint), so that Published - PublishedBefore is this run's.
	PublishedBefore uint64
	// Skipped counts the events the filters left out, in this run.
	Skipped uint64
	// Retries counts the failed publishes retried, in this run.
	Retries uint64
}

// Config tunes a Forwarder.
type Config struct {
	// Name is the forwarder's permanent identity: its checkpoint row and
	// its lock. Required.
	Name string
	// Topic is the topic messages are published to (DefaultTopic).
	Topic string
	// Target describes the broker (a URL without credentials); it is
	// recorded beside the checkpoint, with the topic.
	Target string
	// Retarget lets a forwarder whose checkpoint was saved for another
	// target or topic go on from it (the broker moved, its stream kept).
	// Without it such a run is refused with ErrTargetChanged: the new
	// target would never receive the events before the checkpoint.
	Retarget bool
	// Filter selects the events to publish.
	Filter Filter
	// Resolver gives the instansi of events whose metadata lacks it; nil
	// leaves it empty.
	Resolver InstansiResolver
	// CheckpointEvery saves the checkpoint after this many forwarded
	// events (500); CheckpointInterval at least this often while it moves (1s).
	CheckpointEvery    int
	CheckpointInterval time.Duration
	// RetryMin and RetryMax bound the backoff between failed publishes
	// (100ms, 5s).
	RetryMin, RetryMax time.Duration
	// LockRetry is how often a forwarder whose name another process holds
	// tries to take it over (5s).
	LockRetry time.Duration
	// Logger receives warnings and ownership changes (slog.Default()).
	Logger *slog.Logger
	// OnProgress, if set, is called after every checkpoint save.
	OnProgress func(Progress)
}

func (c *Config) setDefaults() {
	if c.Topic == "" {
		c.Topic = DefaultTopic
	}
	if c.CheckpointEvery == 0 {
		c.CheckpointEvery = 500
	}
	if c.CheckpointInterval == 0 {
		c.CheckpointInterval = time.Second
	}
	if c.RetryMin == 0 {
		c.RetryMin = 100 * time.Millisecond
	}
	if c.RetryMax == 0 {
		c.RetryMax = 5 * time.Second
	}
	if c.LockRetry == 0 {
		c.LockRetry = 5 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Validate reports a missing name or a bad setting.
func (c Config) Validate() error {
	if strings.TrimSpace(c.Name) == "" || len(c.Name) > 200 {
		return errors.New("forward: a forwarder needs a name of 1 to 200 characters")
	}
	if strings.TrimSpace(c.Topic) == "" {
		return errors.New("forward: empty topic")
	}
	if c.CheckpointEvery < 1 || c.CheckpointInterval <= 0 || c.RetryMin <= 0 || c.RetryMax < c.RetryMin || c.LockRetry <= 0 {
		return fmt.Errorf("forward: CheckpointEvery, CheckpointInterval, RetryMin, LockRetry must be positive and RetryMax >= RetryMin")
	}
	return c.Filter.Validate()
}
