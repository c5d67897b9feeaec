package main

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/jackc/pgx/v5/pgxpool"
)

// openReads opens the pool serve answers read-model queries from: a
// streaming replica named by KINERJA_READ_DATABASE_URL, or the write pool
// when it names the same database. The replica has the projections' tables
// and checkpoints by replication, so ?min_position= waits for the
// replica's own checkpoint: a write is visible on the replica once the
// projection has applied it on the primary and the replica has replayed
// that transaction.
func (db *database) openReads(ctx context.Context, cfg Config) error {
	if cfg.ReadDatabaseURL == "" || cfg.ReadDatabaseURL == cfg.DatabaseURL {
		return nil
	}
	pc, err := pgxpool.ParseConfig(cfg.ReadDatabaseURL)
	if err != nil {
		return fmt.Errorf("parse KINERJA_READ_DATABASE_URL: %w", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return fmt.Errorf("open read pool on %s: %w", redactURL(cfg.ReadDatabaseURL), err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return fmt.Errorf("KINERJA_READ_DATABASE_URL: connect to %s: %w", redactURL(cfg.ReadDatabaseURL), err)
	}
	db.logger.Info("read-model queries from a read replica", "read_database_url", redactURL(cfg.ReadDatabaseURL))
	db.reads = pool
	return nil
}

// readPool returns the pool of read-model queries.
func (db *database) readPool() *pgxpool.Pool {
	if db.reads != nil {
		return db.reads
	}
	return db.pool
}

// closeReads closes the read replica's pool, if one was opened.
func (db *database) closeReads(level slog.Level) {
	if db.reads != nil {
		db.logger.Log(context.Background(), level, "closing read replica pool")
		db.reads.Close()
	}
}
