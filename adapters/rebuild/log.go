package rebuild

import (
	"context"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// Log is the global event log a rebuild or a replay reads: events after a
// position, in position order, and the head position.
type Log interface {
	ReadAll(ctx context.Context, after uint64, limit int) ([]eventlog.Event, error)
	Head(ctx context.Context) (uint64, []byte, error)
}
