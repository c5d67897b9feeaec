package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/adapters/esdbstore"
	"github.com/kinerja/kinerja/migrations"
)

// database is an open connection pool and, once opened, the event store
// over it.
type database struct {
	logger *slog.Logger
	pool   *pgxpool.Pool
	// reads is the read replica's pool of read-model queries, nil when
	// they go to pool (see openReads).
	reads *pgxpool.Pool
	store eventStore
	// ledger is the EventStoreDB backend's tamper-evidence ledger, run
	// with the projections; nil with the PostgreSQL backend.
	ledger *esdbstore.Ledger
	// applied names the migrations applied when the database was opened.
	applied []string
}

// openMigrated creates the database if it is missing, connects, applies
// pending migrations (logging each one) and opens the event store: the
// start-up of serve and migrate.
func openMigrated(ctx context.Context, cfg Config, logger *slog.Logger) (*database, error) {
	logger.Info("ensuring database exists", "database_url", redactURL(cfg.DatabaseURL))
	if err := migrations.EnsureDatabase(ctx, withoutPoolParams(cfg.DatabaseURL)); err != nil {
		return nil, fmt.Errorf("ensure database: %w", err)
	}
	db, err := connect(ctx, cfg, logger)
	if err != nil {
		return nil, err
	}
	applied, err := migrations.Apply(ctx, db.pool)
	for _, name := range applied {
		logger.Info("migration applied", "migration", name)
	}
	if errors.Is(err, migrations.ErrNewerSchema) {
		// A binary rolled back after a migration: a configuration
		// mistake (exit 2), before it migrates, writes or projects.
		db.close(slog.LevelDebug)
		return nil, &usageError{err: fmt.Errorf("%s: %w", redactURL(cfg.DatabaseURL), err), noHint: true}
	}
	if err != nil {
		db.close(slog.LevelDebug)
		return nil, fmt.Errorf("apply migrations: %w", err)
	}
	if len(applied) == 0 {
		logger.Info("database schema is up to date")
	}
	db.applied = applied
	if err := db.openStore(ctx, cfg); err != nil {
		db.close(slog.LevelDebug)
		return nil, err
	}
	return db, nil
}

// connect opens a connection pool on cfg.DatabaseURL and checks that the
// server answers. It creates and migrates nothing.
func connect(ctx context.Context, cfg Config, logger *slog.Logger) (*database, error) {
	pc, err := pgxpool.ParseConfig(cfg.DatabaseURL)
	if err != nil {
		return nil, fmt.Errorf("parse DATABASE_URL: %w", err)
	}
	if !strings.Contains(cfg.DatabaseURL, "pool_max_conns") {
		pc.MaxConns = max(pc.MaxConns, poolConnsFor(len(projectionSet())))
	}
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		return nil, fmt.Errorf("open pool on %s: %w", redactURL(cfg.DatabaseURL), err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to %s: %w", redactURL(cfg.DatabaseURL), err)
	}
	logger.Debug("connected to database", "max_conns", pc.MaxConns)
	return &database{logger: logger, pool: pool}, nil
}

// poolConnsFor is the least pool size for a process running n
// projections, and the size when DATABASE_URL sets none (pool_max_conns):
// each projection may hold three connections at once (its LISTEN
// connection, a read ahead and its batch's transaction), and requests need
// some too. pgxpool's default (the number of CPUs, at least 4) starves the
// projections on a small machine; fewer than this hang the process.
func poolConnsFor(n int) int32 { return int32(3*n + 8) }

// minConnsFor is the pool size below which a process running n projections
// hangs: the store's committer and two LISTEN connections hold three, and
// n projections that each hold one connection while waiting for a second
// need n+1 more to be sure one of them gets it.
func minConnsFor(n int) int32 { return int32(n + 4) }

// close closes the event store, which first commits the appends already
// queued, and then the pool, logging each step at level.
func (db *database) close(level slog.Level) {
	ctx := context.Background()
	if db.store != nil {
		db.logger.Log(ctx, level, "closing event store (committing queued appends)")
		db.store.Close()
	}
	db.closeReads(level)
	db.logger.Log(ctx, level, "closing database pool")
	db.pool.Close()
	db.logger.Log(ctx, level, "database closed")
}

// withoutPoolParams removes the pgxpool parameters (pool_max_conns and the
// like) from a database URL, for the plain connections that must not send
// them to the server.
func withoutPoolParams(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	for k := range q {
		if strings.HasPrefix(k, "pool_") {
			q.Del(k)
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// redactURL hides the passwords of a database URL for logs and messages
// (see migrations.RedactURL).
func redactURL(raw string) string { return migrations.RedactURL(raw) }
