package main

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/kinerja/kinerja/adapters/esdbstore"
	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/adapters/readside"
	usecase "github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// eventStore is what the commands need of an event store backend: the
// port, the global log the projections and replays read, the audit reads
// and the verification of the hash chain. pgstore.Store and
// esdbstore.Store both are one.
type eventStore interface {
	usecase.EventStore
	ReadAll(ctx context.Context, after uint64, limit int) ([]eventlog.Event, error)
	Head(ctx context.Context) (uint64, []byte, error)
	PositionAt(ctx context.Context, t time.Time) (uint64, error)
	ReadStreamAsOf(ctx context.Context, stream string, asOf eventlog.AsOf) ([]eventlog.Event, error)
	Search(ctx context.Context, f eventlog.AuditFilter) ([]eventlog.Event, error)
	Verify(ctx context.Context, progress func(done, total uint64)) (eventlog.VerifyReport, error)
	VerifyAnchored(ctx context.Context, position uint64, hash []byte, progress func(done, total uint64)) (eventlog.VerifyReport, error)
	Follow(ctx context.Context, after uint64, fn func(eventlog.Event) error) error
	Close()
}

var (
	_ eventStore = (*pgstore.Store)(nil)
	_ eventStore = (*esdbstore.Store)(nil)
)

// usesESDB reports whether cfg selects the EventStoreDB backend.
func usesESDB(cfg Config) bool { return cfg.EventStore != "postgres" }

// openStore opens the event store cfg selects: PostgreSQL over the pool,
// or EventStoreDB at the URL of KINERJA_EVENTSTORE with its ledger in the
// pool's database.
func (db *database) openStore(ctx context.Context, cfg Config) error {
	if !usesESDB(cfg) {
		st, err := pgstore.New(db.pool, pgstore.Config{})
		if err != nil {
			return fmt.Errorf("open event store: %w", err)
		}
		db.store = st
		return nil
	}
	ledger := esdbstore.NewLedger(db.pool)
	st, err := esdbstore.Open(ctx, cfg.EventStore, esdbstore.Config{Ledger: ledger, AfterAppend: db.notifyAppend})
	if err != nil {
		return fmt.Errorf("KINERJA_EVENTSTORE %s: %w", redactURL(cfg.EventStore), err)
	}
	db.logger.Info("event store: EventStoreDB", "url", redactURL(cfg.EventStore))
	db.store, db.ledger = st, ledger
	return nil
}

// notifyAppend wakes the projections after an append to EventStoreDB with
// the notification pgstore sends on commit (eventbus listens to it); a
// failure only delays them until their next poll.
func (db *database) notifyAppend(ctx context.Context, position uint64) {
	_, _ = db.pool.Exec(context.WithoutCancel(ctx), `SELECT pg_notify('kinerja_events', $1)`, fmt.Sprint(position))
}

// validateEventStore checks KINERJA_EVENTSTORE: "postgres" or a connection
// string the EventStoreDB client accepts (esdb:// or esdb+discover://).
func validateEventStore(v string) error {
	if v == "postgres" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "esdb" && u.Scheme != "esdb+discover") || u.Host == "" {
		return fmt.Errorf(`want "postgres" or an esdb:// (esdb+discover:// for a cluster) URL with a host`)
	}
	if err := esdbstore.CheckURL(v); err != nil {
		msg := err.Error()
		if p, ok := u.User.Password(); ok && p != "" {
			msg = strings.ReplaceAll(msg, p, "xxxxx")
		}
		return fmt.Errorf("%s", msg)
	}
	return nil
}

// chainHead returns what reads the head of the hash chain an anchor signs:
// the event store's head with PostgreSQL, the ledger's with EventStoreDB
// (whose own head may be ahead of the ledger, without a hash yet).
func (db *database) chainHead() httpapi.HeadReader {
	if db.ledger != nil {
		return db.ledger
	}
	return db.store
}

// withLedger returns ps with the EventStoreDB ledger added when the
// backend has one: every process that runs projections runs it too (its
// advisory lock lets one process at a time keep it). It is not in the
// registry: rebuilding or replaying it from the log it vouches for would
// defeat it.
func (db *database) withLedger(ps []readside.Projection) []readside.Projection {
	if db.ledger == nil {
		return ps
	}
	for _, p := range ps {
		if p.Name() == esdbstore.LedgerName {
			return ps
		}
	}
	return append(slices.Clone(ps), db.ledger)
}
