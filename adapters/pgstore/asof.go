package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// ErrBadAsOf is wrapped by ParseAsOf for a value that is neither a position
// nor a time.
var ErrBadAsOf = errors.New("as_of must be a global position (digits) or an RFC 3339 time")

// AsOf is a point in the life of the log: a global position, a time, or
// both (an event must then satisfy both). The zero AsOf means now.
type AsOf struct {
	// Position, if not 0, keeps events with a global position <= Position.
	Position uint64
	// Time, if not zero, keeps events recorded at or before Time.
	Time time.Time
}

// ParseAsOf reads an as-of value as given on a command line or in a query:
// digits are a global position, anything else must be an RFC 3339 time
// such as 2025-03-31T23:59:59+07:00.
func ParseAsOf(s string) (AsOf, error) {
	if p, err := strconv.ParseUint(s, 10, 64); err == nil {
		if p == 0 {
			return AsOf{}, fmt.Errorf("as_of %q: %w (positions start at 1)", s, ErrBadAsOf)
		}
		return AsOf{Position: p}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return AsOf{}, fmt.Errorf("as_of %q: %w", s, ErrBadAsOf)
	}
	return AsOf{Time: t.UTC()}, nil
}

// String returns the position, the time, or both, as ParseAsOf reads them.
func (a AsOf) String() string {
	switch {
	case a.Position != 0 && !a.Time.IsZero():
		return fmt.Sprintf("position %d and %s", a.Position, a.Time.UTC().Format(time.RFC3339Nano))
	case a.Position != 0:
		return strconv.FormatUint(a.Position, 10)
	case !a.Time.IsZero():
		return a.Time.UTC().Format(time.RFC3339Nano)
	}
	return "now"
}

// ReadStreamAsOf returns the events of stream that the log held at asOf, in
// version order: those with position <= asOf.Position and recorded at or
// before asOf.Time (each bound only when set). Replaying them (for example
// with skp.Replay) gives the stream's state at that point. A stream that did
// not exist yet reads as empty.
func (s *Store) ReadStreamAsOf(ctx context.Context, stream string, asOf AsOf) ([]eventlog.Event, error) {
	if err := eventlog.ValidateStream(stream); err != nil {
		return nil, err
	}
	var t *time.Time
	if !asOf.Time.IsZero() {
		t = &asOf.Time
	}
	rows, err := s.pool.Query(ctx, `SELECT `+eventColumns+` FROM events
		WHERE stream = $1 AND ($2::bigint = 0 OR position <= $2) AND ($3::timestamptz IS NULL OR recorded_at <= $3)
		ORDER BY version`, stream, asOf.Position, t)
	if err != nil {
		return nil, fmt.Errorf("read stream %s as of %s: %w", stream, asOf, err)
	}
	evs, err := scanEvents(rows)
	if err != nil {
		return nil, fmt.Errorf("read stream %s as of %s: %w", stream, asOf, err)
	}
	return evs, nil
}
