package eventbus

import (
	"context"
	"errors"
	"fmt"
	"github.com/kinerja/kinerja/adapters/readside"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"
)

// RetryConfig tunes the retries of a failing batch (exponential backoff).
type RetryConfig struct {
	// MaxRetries is the number of retries after the first attempt (default 3).
	MaxRetries int
	// InitialInterval is the first wait (default 100ms).
	InitialInterval time.Duration
	// MaxInterval caps a wait (default 2s).
	MaxInterval time.Duration
}

func (c *RetryConfig) setDefaults() {
	if c.MaxRetries == 0 {
		c.MaxRetries = 3
	}
	if c.InitialInterval == 0 {
		c.InitialInterval = 100 * time.Millisecond
	}
	if c.MaxInterval == 0 {
		c.MaxInterval = 2 * time.Second
	}
}

// Validate reports a configuration that cannot work.
func (c RetryConfig) Validate() error {
	if c.MaxRetries < 0 || c.InitialInterval <= 0 || c.MaxInterval < c.InitialInterval {
		return fmt.Errorf("eventbus: retry MaxRetries %d, InitialInterval %s, MaxInterval %s out of range", c.MaxRetries, c.InitialInterval, c.MaxInterval)
	}
	return nil
}

// newRouter returns a router whose one handler applies p. The middleware,
// outermost first: correlation id, poison handling (stop, never skip), retry
// with backoff, panic recovery (so panics are retried and reported like
// errors), then cfg.Middleware.
func (r *Runner) newRouter(ctx context.Context, p readside.Projection, stop func(Failure)) (*message.Router, error) {
	wlog := watermill.NewSlogLogger(r.cfg.Logger.With("projection", p.Name()))
	router, err := message.NewRouter(message.RouterConfig{CloseTimeout: 30 * time.Second}, wlog)
	if err != nil {
		return nil, fmt.Errorf("router of %s: %w", p.Name(), err)
	}
	retry := middleware.Retry{
		MaxRetries: r.cfg.Retry.MaxRetries, InitialInterval: r.cfg.Retry.InitialInterval,
		MaxInterval: r.cfg.Retry.MaxInterval, Multiplier: 2, RandomizationFactor: 0.2,
		ResetContextOnRetry: true, Logger: wlog,
		ShouldRetry: func(p middleware.RetryParams) bool { return !errors.Is(p.Err, context.Canceled) },
	}
	router.AddMiddleware(middleware.CorrelationID, poisonMiddleware(p.Name(), stop), retry.Middleware, middleware.Recoverer)
	router.AddMiddleware(r.cfg.Middleware...)
	sub, err := NewSubscriber(ctx, r.pool, r.log, r.cfg.Subscriber)
	if err != nil {
		return nil, err
	}
	sub.prepareFor(p.Name(), p)
	router.AddConsumerHandler(p.Name(), p.Name(), sub, handlerFunc(r.pool, p))
	return router, nil
}

// refresh updates the monitor's gauges, if there is a monitor.
func (r *Runner) refresh(ctx context.Context) {
	if r.cfg.Monitor != nil {
		_, _ = r.cfg.Monitor.Status(ctx)
	}
}
