package esdbtest

import (
	"sync"
	"time"
)

// record is one event in the fake's log.
type record struct {
	id          [16]byte
	stream      string
	revision    uint64
	position    uint64 // commit and prepare position (the same value)
	eventType   string
	contentType string
	created     int64 // Unix time in 100 ns ticks, as EventStoreDB records it
	data        []byte
	meta        []byte
}

// proposed is one event of an append request.
type proposed struct {
	id          [16]byte
	eventType   string
	contentType string
	data        []byte
	meta        []byte
}

// expectation is an append's expected stream state.
type expectation struct {
	kind     expectKind
	revision uint64 // for expectRevision
}

type expectKind int

const (
	expectAny expectKind = iota
	expectNoStream
	expectStreamExists
	expectRevision
)

// appendResult is the outcome of store.append. current is the stream's
// last revision, -1 when the stream does not exist. position is nil when
// nothing was written or matched.
type appendResult struct {
	ok       bool
	current  int64
	position *uint64
}

// firstPosition is the position of the first record: a real log starts
// with the server's own records, so no event is ever at position 0.
const firstPosition = 4096

// recordOverhead is added to an event's size to advance the position, so
// positions have gaps like a real transaction file's byte offsets.
const recordOverhead = 128

// store is the in-memory event log, shared by all server incarnations of a
// Server so data survives Restart.
type store struct {
	mu      sync.Mutex
	log     []*record
	streams map[string][]*record
	ids     map[string]map[[16]byte]uint64 // stream -> event id -> revision
	next    uint64
	changed chan struct{} // closed and replaced after every write
}

func newStore() *store {
	return &store{
		streams: map[string][]*record{},
		ids:     map[string]map[[16]byte]uint64{},
		next:    firstPosition,
		changed: make(chan struct{}),
	}
}

// append writes evs to stream when exp holds, following EventStoreDB's
// idempotency rules: re-sending events that were already written at the
// expected place succeeds without writing them again.
func (s *store) append(stream string, exp expectation, evs []proposed, now time.Time) appendResult {
	s.mu.Lock()
	defer s.mu.Unlock()
	existing := s.streams[stream]
	current := int64(len(existing)) - 1
	switch exp.kind {
	case expectNoStream, expectRevision:
		want := int64(-1)
		if exp.kind == expectRevision {
			want = int64(exp.revision)
		}
		if current == want {
			return s.write(stream, evs, now)
		}
		if current > want && len(evs) > 0 {
			if res, ok := s.matchAt(stream, uint64(want+1), evs); ok {
				return res
			}
		}
		return appendResult{current: current}
	case expectStreamExists:
		if current < 0 {
			return appendResult{current: current}
		}
	}
	if len(evs) > 0 {
		if rev, found := s.ids[stream][evs[0].id]; found {
			// A retry of an earlier append succeeds; a batch that only
			// starts like one is refused (the server's "corrupted
			// idempotency" check reports a wrong expected version).
			if res, ok := s.matchAt(stream, rev, evs); ok {
				return res
			}
			return appendResult{current: current}
		}
	}
	return s.write(stream, evs, now)
}

// matchAt reports whether the events from revision from on have the ids
// of evs, in order; if so the result is the idempotent success.
func (s *store) matchAt(stream string, from uint64, evs []proposed) (appendResult, bool) {
	existing := s.streams[stream]
	if from+uint64(len(evs)) > uint64(len(existing)) {
		return appendResult{}, false
	}
	for i, ev := range evs {
		if existing[from+uint64(i)].id != ev.id {
			return appendResult{}, false
		}
	}
	last := existing[from+uint64(len(evs))-1]
	pos := last.position
	return appendResult{ok: true, current: int64(last.revision), position: &pos}, true
}

// write appends evs to stream and the global log; the caller holds s.mu.
func (s *store) write(stream string, evs []proposed, now time.Time) appendResult {
	existing := s.streams[stream]
	if len(evs) == 0 {
		return appendResult{ok: true, current: int64(len(existing)) - 1}
	}
	ids := s.ids[stream]
	if ids == nil {
		ids = map[[16]byte]uint64{}
		s.ids[stream] = ids
	}
	ticks := now.UnixNano() / 100
	for _, ev := range evs {
		r := &record{
			id: ev.id, stream: stream, revision: uint64(len(existing)), position: s.next,
			eventType: ev.eventType, contentType: ev.contentType, created: ticks,
			data: ev.data, meta: ev.meta,
		}
		s.next += recordOverhead + uint64(len(stream)+len(ev.eventType)+len(ev.data)+len(ev.meta))
		existing = append(existing, r)
		s.log = append(s.log, r)
		if _, dup := ids[ev.id]; !dup {
			ids[ev.id] = r.revision
		}
	}
	s.streams[stream] = existing
	close(s.changed)
	s.changed = make(chan struct{})
	last := existing[len(existing)-1]
	pos := last.position
	return appendResult{ok: true, current: int64(last.revision), position: &pos}
}

// streamEvents returns the stream's events and whether it exists, with a
// channel that is closed at the next write.
func (s *store) streamEvents(stream string) ([]*record, bool, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	evs, ok := s.streams[stream]
	return evs[:len(evs):len(evs)], ok, s.changed
}

// allEvents returns the global log with a channel that is closed at the
// next write.
func (s *store) allEvents() ([]*record, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.log[:len(s.log):len(s.log)], s.changed
}
