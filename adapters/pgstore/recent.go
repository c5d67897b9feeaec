package pgstore

import (
	"encoding/json"
	"sync"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// maxRecentEvents bounds the events a Store keeps of its last commits.
const maxRecentEvents = 10000

// recent keeps the rows of this store's last commits, as long as their
// positions follow each other, so that a live subscription of this store
// gets the events it was woken for without reading them back. It only ever
// holds committed rows, added in commit order; a commit that does not follow
// the last one (another process committed in between) starts it afresh, so
// whatever it answers is the log itself, without a gap.
type recent struct {
	mu      sync.Mutex
	batches []*eventRows
	events  int
}

// add records the rows of a commit.
func (r *recent) add(rows *eventRows) {
	if rows.len() == 0 {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if n := len(r.batches); n > 0 {
		last := r.batches[n-1]
		if uint64(rows.position[0]) != uint64(last.position[last.len()-1])+1 {
			r.batches, r.events = nil, 0
		}
	}
	r.batches = append(r.batches, rows)
	r.events += rows.len()
	for r.events > maxRecentEvents && len(r.batches) > 1 {
		r.events -= r.batches[0].len()
		r.batches = r.batches[1:]
	}
}

// after returns up to limit events with positions after pos when it holds
// the event at pos+1; otherwise it reports false and the log must be read.
func (r *recent) after(pos uint64, limit int) ([]eventlog.Event, bool) {
	r.mu.Lock()
	batches := r.batches
	r.mu.Unlock()
	if len(batches) == 0 || pos+1 < uint64(batches[0].position[0]) {
		return nil, false
	}
	var out []eventlog.Event
	for _, b := range batches {
		for i := range b.position {
			if p := uint64(b.position[i]); p > pos && len(out) < limit {
				e, err := b.event(i)
				if err != nil {
					return nil, false
				}
				out = append(out, e)
			}
		}
	}
	if len(out) == 0 {
		return nil, false
	}
	return out, true
}

// event returns row i as the log reads it back.
func (r *eventRows) event(i int) (eventlog.Event, error) {
	e := eventlog.Event{
		ID: r.id[i], Stream: r.stream[i], Version: uint64(r.version[i]), Position: uint64(r.position[i]),
		Type: r.typ[i], SchemaVersion: int(r.schema[i]), Data: json.RawMessage(r.data[i]),
		RawMetadata: json.RawMessage(r.meta[i]), RecordedAt: r.recorded[i],
		PrevHash: append([]byte(nil), r.prevHash[i]...), Hash: append([]byte(nil), r.hash[i]...),
	}
	return e, decodeMetadata(e.RawMetadata, &e.Metadata)
}
