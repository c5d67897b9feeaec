package command

import (
	"context"
	"fmt"
	"sync"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// maxRefEntries bounds the reference cache; past it the cache starts over.
const maxRefEntries = 20000

// refCache keeps replayed aggregates that commands on other streams only
// read — the employee whose reporting line an SKP command checks, the period
// whose windows it checks — so that the next command need not decode their
// streams again. An entry is used only after a read of the stream's tail
// finds no event past the cached version, so it is never stale.
type refCache struct {
	mu      sync.Mutex
	entries map[string]refEntry
}

type refEntry struct {
	version uint64
	agg     any
}

func (c *refCache) get(stream string) (refEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[stream]
	return e, ok
}

func (c *refCache) put(stream string, e refEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxRefEntries {
		c.entries = make(map[string]refEntry)
	}
	c.entries[stream] = e
}

// drop forgets the entry of stream, so its next load reads it whole.
func (c *refCache) drop(stream string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.entries, stream)
}

// loadRef returns the aggregate of stream for reading only: from the cache
// when the stream has not moved past the cached version, else replayed from
// the store and cached. Callers must not run commands on it.
func loadRef[A any](ctx context.Context, s *Service, stream string, mustExist bool, replay func([]eventlog.Event) (A, error)) (A, error) {
	a, _, err := loadRefAt(ctx, s, stream, mustExist, replay)
	return a, err
}

// loadRefAt is loadRef that also returns the version of the stream the
// aggregate was replayed to (0 for a stream with no events).
func loadRefAt[A any](ctx context.Context, s *Service, stream string, mustExist bool, replay func([]eventlog.Event) (A, error)) (A, uint64, error) {
	if e, ok := s.refs.get(stream); ok {
		tail, err := s.cfg.Store.ReadStream(ctx, stream, e.version, 1)
		if err != nil {
			var zero A
			return zero, 0, fmt.Errorf("load %s: %w", stream, err)
		}
		if a, ok := e.agg.(A); ok && len(tail) == 0 {
			return a, e.version, nil
		}
	}
	stored, err := s.cfg.Store.ReadStream(ctx, stream, 0, 0)
	if err != nil {
		var zero A
		return zero, 0, fmt.Errorf("load %s: %w", stream, err)
	}
	if mustExist && len(stored) == 0 {
		var zero A
		return zero, 0, fmt.Errorf("%w: stream %s", ErrNotFound, stream)
	}
	a, err := replay(stored)
	if err != nil {
		var zero A
		return zero, 0, fmt.Errorf("load %s: %w", stream, err)
	}
	version := streamVersion(stored)
	if len(stored) > 0 {
		s.refs.put(stream, refEntry{version: version, agg: a})
	}
	return a, version, nil
}
