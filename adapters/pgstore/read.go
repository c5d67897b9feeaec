package pgstore

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// eventColumns are the columns scanEvents reads, in its order. Queries
// pass eventFormats before their arguments so that every column comes in
// the binary format scanEvents decodes without pgx's per-value Scan.
const eventColumns = `id, stream, version, position, type, schema_version, data::text, metadata::text, recorded_at, prev_hash, hash`

var eventFormats = pgx.QueryResultFormats{1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}

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
		page, err := s.queryEvents(ctx, `SELECT `+eventColumns+` FROM events WHERE stream = $1 AND version > $2 ORDER BY version LIMIT $3`, eventFormats, stream, after, n)
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
	evs, err := s.queryEvents(ctx, `SELECT `+eventColumns+` FROM events WHERE position > $1 ORDER BY position LIMIT $2`, eventFormats, after, limit)
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

// queryEvents runs a query of eventColumns on the pool and reads its rows.
// A statement that a migration made stale (a column's type or collation
// changed under a plan cached on a connection) is refused once on each
// connection that cached it, and pgx then drops it from that connection's
// cache; the query is run again until it lands on a connection without the
// stale plan, at most once per connection of the pool, so that a process
// running while another applies a migration goes on reading the log.
func (s *Store) queryEvents(ctx context.Context, sql string, args ...any) ([]eventlog.Event, error) {
	for tries := int(s.pool.Config().MaxConns) + 1; ; tries-- {
		rows, err := s.pool.Query(ctx, sql, args...)
		if err == nil {
			var evs []eventlog.Event
			if evs, err = scanEvents(rows); err == nil {
				return evs, nil
			}
		}
		if tries <= 1 || !isStalePlan(err) {
			return nil, err
		}
	}
}

// isStalePlan reports whether err is PostgreSQL's refusal to run a cached
// plan whose result type a schema change altered ("cached plan must not
// change result type", raised by RevalidateCachedQuery).
func isStalePlan(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "0A000" &&
		(pgErr.Routine == "RevalidateCachedQuery" || strings.Contains(pgErr.Message, "cached plan must not change result type"))
}

// scanEvents reads the rows of a query of eventColumns. Rows in the binary
// format (eventFormats) are decoded here, with two allocations per event;
// anything else goes through pgx's Scan.
func scanEvents(rows pgx.Rows) ([]eventlog.Event, error) {
	defer rows.Close()
	var c eventChunks
	fast := binaryEventRows(rows.FieldDescriptions())
	for rows.Next() {
		e := c.next()
		var err error
		if fast {
			err = decodeEventRow(rows.RawValues(), e)
		} else {
			err = scanEventRow(rows, e)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return c.all(), nil
}

// eventChunks collects events in chunks that double from 16 up to 1,024
// events, so that a page of thousands is copied once at the end rather than
// at every doubling of one slice, and a read of a few events allocates
// little.
type eventChunks struct {
	chunks [][]eventlog.Event
	n      int
}

const (
	firstEventChunk = 16
	maxEventChunk   = 1024
)

func (c *eventChunks) next() *eventlog.Event {
	k := len(c.chunks)
	if k == 0 {
		c.chunks = append(c.chunks, make([]eventlog.Event, 0, firstEventChunk))
	} else if last := c.chunks[k-1]; len(last) == cap(last) {
		c.chunks = append(c.chunks, make([]eventlog.Event, 0, min(2*cap(last), maxEventChunk)))
	}
	last := &c.chunks[len(c.chunks)-1]
	*last = (*last)[:len(*last)+1]
	c.n++
	return &(*last)[len(*last)-1]
}

func (c *eventChunks) all() []eventlog.Event {
	switch len(c.chunks) {
	case 0:
		return nil
	case 1:
		return c.chunks[0]
	}
	out := make([]eventlog.Event, 0, c.n)
	for _, ch := range c.chunks {
		out = append(out, ch...)
	}
	return out
}

// eventOIDs are the types of eventColumns, in order.
var eventOIDs = [...]uint32{pgtype.UUIDOID, pgtype.TextOID, pgtype.Int8OID, pgtype.Int8OID, pgtype.TextOID, pgtype.Int4OID,
	pgtype.TextOID, pgtype.TextOID, pgtype.TimestamptzOID, pgtype.ByteaOID, pgtype.ByteaOID}

func binaryEventRows(fields []pgconn.FieldDescription) bool {
	if len(fields) != len(eventOIDs) {
		return false
	}
	for i, f := range fields {
		if f.Format != pgtype.BinaryFormatCode || f.DataTypeOID != eventOIDs[i] {
			return false
		}
	}
	return true
}

// postgresEpochMicros is where PostgreSQL's binary timestamps count from
// (2000-01-01 UTC), in microseconds of the Unix epoch.
const postgresEpochMicros = 946684800000000

// decodeEventRow decodes one row of eventColumns in the binary format. The
// event's strings (id, stream, type, metadata values) share one allocation
// and its byte slices (data, metadata, hashes) another.
func decodeEventRow(v [][]byte, e *eventlog.Event) error {
	for i, b := range v {
		if b == nil {
			return fmt.Errorf("column %d of an event is null", i)
		}
	}
	if len(v[0]) != 16 || len(v[2]) != 8 || len(v[3]) != 8 || len(v[5]) != 4 || len(v[8]) != 8 {
		return errors.New("malformed event row")
	}
	stream, typ, data, meta := v[1], v[4], v[6], v[7]
	// One string: the id in its text form, stream, type and the metadata
	// (whose values the flat decoder slices from it).
	sb := make([]byte, 0, 36+len(stream)+len(typ)+len(meta))
	sb = appendUUID(sb, v[0])
	sb = append(sb, stream...)
	sb = append(sb, typ...)
	sb = append(sb, meta...)
	str := string(sb)
	k := 36
	e.ID = str[:k]
	e.Stream, k = str[k:k+len(stream)], k+len(stream)
	e.Type, k = str[k:k+len(typ)], k+len(typ)
	metaStr := str[k:]
	// One byte slice: data, metadata, previous hash and hash, each capped so
	// that appending to one cannot overwrite the next.
	buf := make([]byte, 0, len(data)+len(meta)+len(v[9])+len(v[10]))
	take := func(b []byte) []byte {
		start := len(buf)
		buf = append(buf, b...)
		return buf[start:len(buf):len(buf)]
	}
	e.Data = json.RawMessage(take(data))
	e.RawMetadata = json.RawMessage(take(meta))
	e.PrevHash = take(v[9])
	e.Hash = take(v[10])
	e.Version = binary.BigEndian.Uint64(v[2])
	e.Position = binary.BigEndian.Uint64(v[3])
	e.SchemaVersion = int(int32(binary.BigEndian.Uint32(v[5])))
	micros := int64(binary.BigEndian.Uint64(v[8]))
	if micros == math.MaxInt64 || micros == math.MinInt64 {
		return fmt.Errorf("event %d: recorded_at is infinite", e.Position)
	}
	e.RecordedAt = time.UnixMicro(micros + postgresEpochMicros).UTC()
	if err := decodeMetadataString(metaStr, e.RawMetadata, &e.Metadata); err != nil {
		return fmt.Errorf("event %d: metadata: %w", e.Position, err)
	}
	return nil
}

// scanEventRow reads one row of eventColumns in whatever format it came.
func scanEventRow(rows pgx.Rows, e *eventlog.Event) error {
	var data, meta []byte
	var recorded time.Time
	if err := rows.Scan(&e.ID, &e.Stream, &e.Version, &e.Position, &e.Type, &e.SchemaVersion,
		&data, &meta, &recorded, &e.PrevHash, &e.Hash); err != nil {
		return err
	}
	e.Data = json.RawMessage(data)
	e.RawMetadata = json.RawMessage(meta)
	if err := decodeMetadata(e.RawMetadata, &e.Metadata); err != nil {
		return fmt.Errorf("event %d: metadata: %w", e.Position, err)
	}
	e.RecordedAt = recorded.UTC()
	return nil
}

// appendUUID appends the text form of a 16-byte UUID.
func appendUUID(dst, u []byte) []byte {
	const hexDigits = "0123456789abcdef"
	for i, b := range u {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			dst = append(dst, '-')
		}
		dst = append(dst, hexDigits[b>>4], hexDigits[b&0x0f])
	}
	return dst
}
