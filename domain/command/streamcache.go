package command

import (
	"context"
	"sync"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// maxCachedEvents bounds the events the stream cache holds in all (an event
// with its data and metadata is about a kilobyte: some 50 MB); past it the
// cache starts over.
const maxCachedEvents = 50_000

// streamCache keeps the events of the streams commands were last run on (an
// SKP is written to again and again through the year), so that the next
// command reads only the events appended since instead of the whole stream.
// A stream's events never change once stored, so the cached ones plus the
// tail read after them are the stream; a conflict showing the stream behind
// the cache drops its entry (the log went back: a restore from a backup).
type streamCache struct {
	mu      sync.Mutex
	entries map[string][]eventlog.Event
	events  int
}

func (c *streamCache) get(stream string) []eventlog.Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.entries[stream]
}

func (c *streamCache) put(stream string, evs []eventlog.Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || c.events+len(evs) > maxCachedEvents {
		c.entries, c.events = make(map[string][]eventlog.Event), 0
	}
	c.events += len(evs) - len(c.entries[stream])
	c.entries[stream] = evs
}

// dropIfBehind forgets the events of stream when the store's version of it,
// actual, is below the cached one: the log lost events it had (a restore
// from an older backup), and the cache must not stand in for them.
func (c *streamCache) dropIfBehind(stream string, actual uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	evs := c.entries[stream]
	if len(evs) > 0 && evs[len(evs)-1].Version > actual {
		c.events -= len(evs)
		delete(c.entries, stream)
	}
}

// readStream returns every event of stream: the cached ones and those
// stored after them. The slice is the caller's to append to; the events
// themselves are shared and must not be changed.
func (s *Service) readStream(ctx context.Context, stream string) ([]eventlog.Event, error) {
	cached := s.streams.get(stream)
	var after uint64
	if len(cached) > 0 {
		after = cached[len(cached)-1].Version
	}
	tail, err := s.cfg.Store.ReadStream(ctx, stream, after, 0)
	if err != nil {
		return nil, err
	}
	if len(cached) > 0 && len(tail) == 0 {
		return cached[:len(cached):len(cached)], nil
	}
	all := append(cached[:len(cached):len(cached)], tail...)
	if len(all) > 0 {
		s.streams.put(stream, all)
	}
	return all[:len(all):len(all)], nil
}

// streamQueue lets the commands of one stream run in this service one at a
// time, in the order they come: each decides on the version the one before
// it appended, instead of all deciding on the same one and all but one
// meeting a conflict to retry (60 concurrent writers of a long SKP spent
// their whole retry time re-deciding). Commands of other processes still
// meet conflicts, which run retries.
type streamQueue struct {
	mu      sync.Mutex
	entries map[string]*queueEntry
}

type queueEntry struct {
	turn  chan struct{} // holds a token while the stream is free
	users int           // commands holding or waiting for the turn
}

// acquire waits for stream's turn, or until ctx ends; release gives it on.
func (q *streamQueue) acquire(ctx context.Context, stream string) (release func(), err error) {
	q.mu.Lock()
	if q.entries == nil {
		q.entries = make(map[string]*queueEntry)
	}
	e := q.entries[stream]
	if e == nil {
		e = &queueEntry{turn: make(chan struct{}, 1)}
		e.turn <- struct{}{}
		q.entries[stream] = e
	}
	e.users++
	q.mu.Unlock()
	leave := func() {
		q.mu.Lock()
		if e.users--; e.users == 0 {
			delete(q.entries, stream)
		}
		q.mu.Unlock()
	}
	select {
	case <-e.turn:
		return func() { e.turn <- struct{}{}; leave() }, nil
	case <-ctx.Done():
		leave()
		return nil, ctx.Err()
	}
}
