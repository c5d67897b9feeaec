package pgstore

import (
	"context"
	"fmt"
	"time"
)

// PositionAt returns the global position of the last event recorded at or
// before t, or 0 when none was. Replaying the log up to it gives the read
// models as they stood at t. Recording times follow positions closely but
// come from the appending process's clock, so the answer is the highest
// position recorded by t, not the first one recorded after it minus one.
func (s *Store) PositionAt(ctx context.Context, t time.Time) (uint64, error) {
	var pos uint64
	err := s.pool.QueryRow(ctx, `SELECT COALESCE(max(position), 0) FROM events WHERE recorded_at <= $1`, t).Scan(&pos)
	if err != nil {
		return 0, fmt.Errorf("position at %s: %w", t.Format(time.RFC3339Nano), err)
	}
	return pos, nil
}
