package pgstore

import (
	"context"
	"fmt"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// Follow calls fn with every event of the global log with position > after,
// in position order: first the stored ones, then live ones as they commit.
// It returns when ctx ends (ctx's error), when fn returns an error (that
// error), or when reading the log fails (that error, wrapped).
func (s *Store) Follow(ctx context.Context, after uint64, fn func(eventlog.Event) error) error {
	sub := s.Subscribe(ctx, after)
	defer sub.Close()
	for e := range sub.Events() {
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := sub.Err(); err != nil {
		return fmt.Errorf("follow the log after %d: %w", after, err)
	}
	return ctx.Err()
}
