package pgstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/eventlog"
)

const eventColumns = `id::text, stream, version, position, type, schema_version, data::text, metadata::text, recorded_at, prev_hash, hash`

// DefaultReadLimit is used when a read asks for no limit.
const DefaultReadLimit = 10000

// ReadStream returns stream's events with version > after, in order, at most
// limit (all when limit <= 0). A missing stream reads as empty.
func (s *Store) ReadStream(ctx context.Context, stream string, after uint64, limit int) ([]eventlog.Event, error) {
	if err := eventlog.ValidateStream(stream); err != nil {
		return nil, err
	}
	var out []eventlog.Event
	for {
		n := limit - len(out)
		if limit <= 0 || n > DefaultReadLimit {
			n = DefaultReadLimit
		}
		rows, err := s.pool.Query(ctx, `SELECT `+eventColumns+` FROM events WHERE stream = $1 AND version > $2 ORDER BY version LIMIT $3`, stream, after, n)
		if err != nil {
			return nil, fmt.Errorf("read stream %s: %w", stream, err)
		}
		page, err := scanEvents(rows)
		if err != nil {
			return nil, fmt.Errorf("read stream %s: %w", stream, err)
		}
		out = append(out, page...)
		if len(page) < n || (limit > 0 && len(out) >= limit) {
			return out, nil
		}
		after = page[len(page)-1].Version
	}
}

// ReadAll returns events of the global log with position > after, in
// position order, at most limit (DefaultReadLimit when limit <= 0).
func (s *Store) ReadAll(ctx context.Context, after uint64, limit int) ([]eventlog.Event, error) {
	if limit <= 0 {
		limit = DefaultReadLimit
	}
	rows, err := s.pool.Query(ctx, `SELECT `+eventColumns+` FROM events WHERE position > $1 ORDER BY position LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("read all after %d: %w", after, err)
	}
	evs, err := scanEvents(rows)
	if err != nil {
		return nil, fmt.Errorf("read all after %d: %w", after, err)
	}
	return evs, nil
}

// Head returns the global position and hash of the last committed event
// (0 and the genesis hash for an empty log).
func (s *Store) Head(ctx context.Context) (uint64, []byte, error) {
	var pos uint64
	var hash []byte
	if err := s.pool.QueryRow(ctx, `SELECT position, hash FROM event_head WHERE id`).Scan(&pos, &hash); err != nil {
		return 0, nil, fmt.Errorf("read head: %w", err)
	}
	return pos, hash, nil
}

func scanEvents(rows pgx.Rows) ([]eventlog.Event, error) {
	defer rows.Close()
	var out []eventlog.Event
	for rows.Next() {
		var e eventlog.Event
		var data, meta []byte
		var recorded time.Time
		if err := rows.Scan(&e.ID, &e.Stream, &e.Version, &e.Position, &e.Type, &e.SchemaVersion,
			&data, &meta, &recorded, &e.PrevHash, &e.Hash); err != nil {
			return nil, err
		}
		e.Data = json.RawMessage(data)
		e.RawMetadata = json.RawMessage(meta)
		if err := decodeMetadata(e.RawMetadata, &e.Metadata); err != nil {
			return nil, fmt.Errorf("event %d: metadata: %w", e.Position, err)
		}
		e.RecordedAt = recorded.UTC()
		out = append(out, e)
	}
	return out, rows.Err()
}
