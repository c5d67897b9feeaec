package pgstore

import (
	"context"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// Follow calls fn with every event of the global log with position > after,
// in position order: first the stored ones, then live ones as they commit
// (see eventlog.Follow for how it ends).
func (s *Store) Follow(ctx context.Context, after uint64, fn func(eventlog.Event) error) error {
	return eventlog.Follow(ctx, s.Subscribe(ctx, after), after, fn)
}
