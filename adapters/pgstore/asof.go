package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// ReadStreamAsOf returns the events of stream that the log held at asOf, in
// version order: those with position <= asOf.Position and recorded at or
// before asOf.Time (each bound only when set). Replaying them (for example
// with skp.Replay) gives the stream's state at that point. A stream that did
// not exist yet reads as empty.
func (s *Store) ReadStreamAsOf(ctx context.Context, stream string, asOf eventlog.AsOf) ([]eventlog.Event, error) {
	if err := eventlog.ValidateStream(stream); err != nil {
		return nil, err
	}
	var t *time.Time
	if !asOf.Time.IsZero() {
		t = &asOf.Time
	}
	evs, err := s.queryEvents(ctx, `SELECT `+eventColumns+` FROM events
		WHERE stream = $1 AND ($2::bigint = 0 OR position <= $2) AND ($3::timestamptz IS NULL OR recorded_at <= $3)
		ORDER BY version`, eventFormats, stream, asOf.Position, t)
	if err != nil {
		return nil, fmt.Errorf("read stream %s as of %s: %w", stream, asOf, err)
	}
	return evs, nil
}
