package esdbstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// LedgerName is the ledger projection's permanent name (its checkpoint key).
const LedgerName = "esdb_ledger"

// ErrNoLedger is returned by the verifications of a Store opened without a
// ledger.
var ErrNoLedger = errors.New("no ledger attached: the EventStoreDB backend verifies against the esdb_ledger projection")

// Ledger is the tamper evidence of the EventStoreDB backend: a projection
// (readside.Projection) that keeps, in PostgreSQL table esdb_ledger, the
// SHA-256 chain over $all order of every event's position, id, stream,
// version, type, schema version, recorded-at time, data and metadata
// (eventlog.ChainHash, as the PostgreSQL backend chains its events). It is
// run like every projection; Verify then compares it with the events read
// back from EventStoreDB.
type Ledger struct {
	pool *pgxpool.Pool
}

// NewLedger returns the ledger kept in pool's database.
func NewLedger(pool *pgxpool.Pool) *Ledger { return &Ledger{pool: pool} }

// Name returns LedgerName.
func (*Ledger) Name() string { return LedgerName }

// Tables returns the ledger's table.
func (*Ledger) Tables() []string { return []string{"esdb_ledger"} }

// hashInput is what the chain covers of e.
func hashInput(e eventlog.Event) eventlog.HashInput {
	return eventlog.HashInput{ID: e.ID, Stream: e.Stream, Version: e.Version, Position: e.Position, Type: e.Type,
		SchemaVersion: e.SchemaVersion, RecordedAt: e.RecordedAt, Data: e.Data, Metadata: e.RawMetadata}
}

// Apply chains events onto the ledger's last row within tx.
func (*Ledger) Apply(ctx context.Context, tx pgx.Tx, events []eventlog.Event) error {
	if len(events) == 0 {
		return nil
	}
	prev, last, err := ledgerHead(ctx, tx)
	if err != nil {
		return err
	}
	rows := make([][]any, 0, len(events))
	for _, e := range events {
		if e.Position <= last {
			return fmt.Errorf("ledger: event %s at position %d is not after the ledger's head %d", e.ID, e.Position, last)
		}
		h := eventlog.ChainHash(prev, hashInput(e))
		rows = append(rows, []any{int64(e.Position), e.ID, e.Stream, int64(e.Version), prev, h})
		prev, last = h, e.Position
	}
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"esdb_ledger"}, []string{"position", "event_id", "stream", "version", "prev_hash", "hash"}, pgx.CopyFromRows(rows))
	if err != nil {
		return fmt.Errorf("ledger: %w", err)
	}
	return nil
}

// querier is a pool or a transaction.
type querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// ledgerHead returns the hash and position of the ledger's last row (the
// genesis hash and 0 for an empty ledger).
func ledgerHead(ctx context.Context, q querier) ([]byte, uint64, error) {
	var hash []byte
	var pos uint64
	err := q.QueryRow(ctx, `SELECT hash, position FROM esdb_ledger ORDER BY position DESC LIMIT 1`).Scan(&hash, &pos)
	if errors.Is(err, pgx.ErrNoRows) {
		return eventlog.GenesisHash, 0, nil
	}
	if err != nil {
		return nil, 0, fmt.Errorf("ledger head: %w", err)
	}
	return hash, pos, nil
}

// Head returns the position and hash of the ledger's last row: what an
// anchor of this backend signs.
func (l *Ledger) Head(ctx context.Context) (uint64, []byte, error) {
	hash, pos, err := ledgerHead(ctx, l.pool)
	return pos, hash, err
}

// HashAt returns the ledger's hash at position (the genesis hash for 0); the
// error wraps ErrNoEvent when the ledger has no row there.
func (l *Ledger) HashAt(ctx context.Context, position uint64) ([]byte, error) {
	if position == 0 {
		return eventlog.GenesisHash, nil
	}
	var hash []byte
	err := l.pool.QueryRow(ctx, `SELECT hash FROM esdb_ledger WHERE position = $1`, int64(position)).Scan(&hash)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("hash at position %d: %w", position, ErrNoEvent)
	}
	if err != nil {
		return nil, fmt.Errorf("hash at position %d: %w", position, err)
	}
	return hash, nil
}

// ErrNoEvent is returned by HashAt for a position that holds no event.
var ErrNoEvent = errors.New("no event at that position")

// HashAt returns the ledger's hash of the event at position; see
// Ledger.HashAt. Without a ledger it returns ErrNoLedger.
func (s *Store) HashAt(ctx context.Context, position uint64) ([]byte, error) {
	if s.cfg.Ledger == nil {
		return nil, ErrNoLedger
	}
	return s.cfg.Ledger.HashAt(ctx, position)
}
