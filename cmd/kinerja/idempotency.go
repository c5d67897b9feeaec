package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/kinerja/kinerja/adapters/pgstore"
)

// newIdempotencyStore returns the store of Idempotency-Keys, next to the
// events, keeping keys for cfg.IdempotencyTTL.
func newIdempotencyStore(cfg Config, db *database) *pgstore.IdempotencyStore {
	return pgstore.NewIdempotencyStoreWith(db.pool, pgstore.IdempotencyConfig{TTL: cfg.IdempotencyTTL})
}

// purgeInterval is how often expired keys are removed: a quarter of the
// TTL, between 10 seconds and an hour.
func purgeInterval(ttl time.Duration) time.Duration {
	return min(max(ttl/4, 10*time.Second), time.Hour)
}

// startIdempotencyPurge removes expired Idempotency-Keys in the background
// until ctx ends; the returned function waits for it to stop.
func startIdempotencyPurge(ctx context.Context, cfg Config, db *database, logger *slog.Logger) (wait func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		newIdempotencyStore(cfg, db).RunPurge(ctx, purgeInterval(cfg.IdempotencyTTL), func(err error) {
			logger.WarnContext(ctx, "purge of expired idempotency keys failed", "error", err.Error())
		})
	}()
	return func() { <-done }
}
