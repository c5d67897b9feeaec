package eventbus

import (
	"context"
	"errors"
	"fmt"
	"github.com/kinerja/kinerja/adapters/readside"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/jackc/pgx/v5/pgxpool"
)

// RunnerConfig tunes a Runner. Zero fields take their defaults.
type RunnerConfig struct {
	// Subscriber tunes the subscriber of each projection.
	Subscriber SubscriberConfig
	// LockRetry is how often a process that does not own a projection tries
	// to take it over (default 3s).
	LockRetry time.Duration
	// LockCheck is how often the owner checks that its lock's session is
	// alive (default 2s).
	LockCheck time.Duration
	// Retry tunes the retries of a failing batch before it is poison.
	Retry RetryConfig
	// Owner names this process in projection_status (default host:pid).
	Owner string
	// Logger receives the runner's and Watermill's logs (default slog.Default()).
	Logger *slog.Logger
	// Middleware is added innermost, around the handler (for tests and
	// instrumentation).
	Middleware []message.HandlerMiddleware
	// Monitor, if set, is refreshed when a projection starts or stops.
	Monitor *Monitor
}

func (c *RunnerConfig) setDefaults() {
	if c.LockRetry == 0 {
		c.LockRetry = 3 * time.Second
	}
	if c.LockCheck == 0 {
		c.LockCheck = 2 * time.Second
	}
	if c.Owner == "" {
		host, _ := os.Hostname()
		c.Owner = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Subscriber.Logger == nil {
		c.Subscriber.Logger = c.Logger
	}
	c.Subscriber.setDefaults()
	c.Retry.setDefaults()
}

// Validate reports a configuration that cannot work.
func (c RunnerConfig) Validate() error {
	if c.LockRetry <= 0 || c.LockCheck <= 0 {
		return errors.New("eventbus: LockRetry and LockCheck must be positive")
	}
	if err := c.Retry.Validate(); err != nil {
		return err
	}
	return c.Subscriber.Validate()
}

// Runner runs projections, each under its PostgreSQL advisory lock: a
// projection runs in the one process that holds its lock; the others retry
// every LockRetry and take over when the owner's session ends.
type Runner struct {
	pool        *pgxpool.Pool
	log         Log
	cfg         RunnerConfig
	projections []readside.Projection
}

// NewRunner returns a Runner of projections over the log and the read-model
// database pool. Projection names must be unique.
func NewRunner(pool *pgxpool.Pool, log Log, cfg RunnerConfig, projections ...readside.Projection) (*Runner, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, p := range projections {
		if p.Name() == "" || seen[p.Name()] {
			return nil, fmt.Errorf("eventbus: projection name %q empty or duplicated", p.Name())
		}
		seen[p.Name()] = true
	}
	return &Runner{pool: pool, log: log, cfg: cfg, projections: projections}, nil
}

// Run runs every projection until ctx ends. A projection stopped by a poison
// event stays stopped (its lock held, so no other process retries it in a
// loop) until this process ends.
func (r *Runner) Run(ctx context.Context) error {
	var wg sync.WaitGroup
	for _, p := range r.projections {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.runOne(ctx, p)
		}()
	}
	wg.Wait()
	return nil
}

// runOne takes the lock of p whenever it can and runs p while it holds it.
func (r *Runner) runOne(ctx context.Context, p readside.Projection) {
	for ctx.Err() == nil {
		own, err := tryLock(ctx, r.pool, p.Name())
		if err != nil && ctx.Err() == nil {
			r.cfg.Logger.Warn("projection lock", "projection", p.Name(), "err", err)
		}
		if own == nil {
			sleep(ctx, r.cfg.LockRetry)
			continue
		}
		r.cfg.Logger.Info("projection owned", "projection", p.Name(), "owner", r.cfg.Owner)
		r.own(ctx, own, p)
		own.release(ctx)
		// Ownership ended by a lost lock or a failure: give the database
		// (and the other processes) a moment before trying again.
		sleep(ctx, r.cfg.LockRetry)
	}
}

// own runs p until ctx ends or the lock is lost. After a poison stop it keeps
// the lock and waits.
func (r *Runner) own(ctx context.Context, own *ownership, p readside.Projection) {
	octx, cancel := context.WithCancel(ctx)
	watching := make(chan struct{})
	go func() {
		defer close(watching)
		own.watch(octx, r.cfg.LockCheck, func() {
			r.cfg.Logger.Warn("projection lock lost", "projection", p.Name())
			cancel()
		})
	}()
	// The watcher has stopped using the lock's connection when own
	// returns, before the caller releases it.
	defer func() {
		cancel()
		<-watching
	}()
	if err := recordRunning(octx, r.pool, p.Name(), r.cfg.Owner); err != nil {
		r.cfg.Logger.Error("projection status", "projection", p.Name(), "err", err)
		return
	}
	r.refresh(octx)
	stopped := r.route(octx, p)
	r.refresh(octx)
	if stopped {
		<-octx.Done()
	}
}

// route runs p on its own Watermill router until ctx ends or a poison event
// stops it; it reports whether a poison event stopped it.
func (r *Runner) route(ctx context.Context, p readside.Projection) (stopped bool) {
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var once sync.Once
	stop := func(f Failure) {
		once.Do(func() {
			stopped = true
			r.cfg.Logger.Error("projection stopped by an event it cannot handle", "projection", f.Projection,
				"position", f.Position, "event_id", f.EventID, "event_type", f.EventType, "err", f.Err)
			if err := recordFailure(ctx, r.pool, f, r.cfg.Owner); err != nil {
				r.cfg.Logger.Error("projection status", "projection", p.Name(), "err", err)
			}
			cancel()
		})
	}
	router, err := r.newRouter(rctx, p, stop)
	if err != nil {
		r.cfg.Logger.Error("projection router", "projection", p.Name(), "err", err)
		sleep(ctx, r.cfg.LockRetry)
		return false
	}
	if err := router.Run(rctx); err != nil {
		r.cfg.Logger.Error("projection router", "projection", p.Name(), "err", err)
	}
	return stopped
}
