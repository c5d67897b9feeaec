package main

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/kinerja/kinerja/adapters/accesslog"
	"github.com/prometheus/client_golang/prometheus"
)

// startAccessLog opens the access log (who read which personal data) over
// the database and starts its purge of entries older than
// cfg.AccessLogRetention. stop closes it, writing the entries still queued
// (for at most cfg.ShutdownTimeout), and stops the purge; call it after the
// HTTP server has shut down.
func startAccessLog(ctx context.Context, cfg Config, db *database, logger *slog.Logger) (*accesslog.Store, func(), error) {
	st, err := accesslog.New(ctx, db.pool, accesslog.Config{Logger: logger, Retention: cfg.AccessLogRetention})
	if err != nil {
		return nil, nil, fmt.Errorf("access log: %w", err)
	}
	pctx, cancel := context.WithCancel(ctx)
	purged := make(chan struct{})
	go func() { defer close(purged); st.RunPurger(pctx) }()
	stop := func() {
		cancel()
		<-purged
		cctx, done := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
		defer done()
		if err := st.Close(cctx); err != nil {
			logger.Warn("shutdown: access log entries still queued were dropped", "error", err)
		}
	}
	return st, stop, nil
}

// registerAll registers collectors on reg.
func registerAll(reg prometheus.Registerer, cs []prometheus.Collector) error {
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return fmt.Errorf("register metrics: %w", err)
		}
	}
	return nil
}

// parseRetention reads a retention: a Go duration such as 720h, or a whole
// number of days such as 365d.
func parseRetention(v string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(v, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 || n > 100*365 {
			return 0, fmt.Errorf("want a number of days such as 365d")
		}
		return time.Duration(n) * 24 * time.Hour, nil
	}
	return time.ParseDuration(v)
}
