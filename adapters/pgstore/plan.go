package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// storedID says where an already stored event id lives.
type storedID struct {
	stream   string
	version  uint64
	position uint64
}

// batchState is what a batch needs to decide: each stream's current version
// and which of the batch's event ids are already stored.
type batchState struct {
	head     uint64
	headHash []byte
	versions map[string]uint64
	ids      map[string]storedID
}

func loadBatchState(ctx context.Context, q batcher, batch []*appendRequest, lookupIDs, begin bool) (batchState, error) {
	streams := make([]string, 0, len(batch))
	var ids []string
	for _, r := range batch {
		streams = append(streams, r.stream)
		for _, c := range r.conditions {
			streams = append(streams, c.Stream)
		}
		for _, e := range r.events {
			ids = append(ids, e.ID)
		}
	}
	st := batchState{versions: map[string]uint64{}, ids: map[string]storedID{}}
	b := &pgx.Batch{}
	if begin {
		b.Queue(`BEGIN`)
	}
	// Generic plans of the lookups below guess 10 rows for an array parameter
	// and may choose a scan of the whole table; plan them with the real arrays.
	b.Queue(`SET LOCAL plan_cache_mode = force_custom_plan`)
	b.Queue(`SELECT position, hash FROM event_head WHERE id FOR UPDATE`)
	// One backward index probe per stream in the unpartitioned version table
	// (see migration 0033): max(version) with GROUP BY would scan every event
	// of a long stream.
	b.Queue(`SELECT s, v FROM unnest($1::text[]) AS s, LATERAL (SELECT version AS v FROM event_versions WHERE stream = s ORDER BY version DESC LIMIT 1) l`, dedupe(streams))
	if lookupIDs {
		// A join on unnest keeps this an index probe per id even under a
		// cached generic plan (id = ANY($1) was planned as a scan).
		b.Queue(`SELECT e.id::text, e.stream, e.version, e.position FROM unnest($1::uuid[]) AS u(id)
			JOIN event_ids i ON i.id = u.id JOIN events e ON e.position = i.position`, ids)
	}
	res := q.SendBatch(ctx, b)
	defer res.Close()
	if begin {
		if _, err := res.Exec(); err != nil {
			return st, fmt.Errorf("begin: %w", err)
		}
	}
	if _, err := res.Exec(); err != nil {
		return st, fmt.Errorf("plan mode: %w", err)
	}
	if err := res.QueryRow().Scan(&st.head, &st.headHash); err != nil {
		return st, fmt.Errorf("lock head: %w", err)
	}
	rows, err := res.Query()
	if err != nil {
		return st, fmt.Errorf("read stream versions: %w", err)
	}
	for rows.Next() {
		var s string
		var v uint64
		if err := rows.Scan(&s, &v); err != nil {
			return st, fmt.Errorf("read stream versions: %w", err)
		}
		st.versions[s] = v
	}
	if rows.Err() != nil {
		return st, fmt.Errorf("read stream versions: %w", rows.Err())
	}
	if !lookupIDs {
		return st, nil
	}
	rows, err = res.Query()
	if err != nil {
		return st, fmt.Errorf("read stored ids: %w", err)
	}
	for rows.Next() {
		var id string
		var s storedID
		if err := rows.Scan(&id, &s.stream, &s.version, &s.position); err != nil {
			return st, fmt.Errorf("read stored ids: %w", err)
		}
		st.ids[id] = s
	}
	if rows.Err() != nil {
		return st, fmt.Errorf("read stored ids: %w", rows.Err())
	}
	return st, nil
}

// planner assigns versions, positions and hashes to the accepted appends of
// a batch, in order, as if they had been committed one after another.
type planner struct {
	state    batchState
	position uint64
	hash     []byte
	now      time.Time
	rows     eventRows
}

func (p *planner) plan(r *appendRequest) appendResponse {
	if res, done, err := p.idempotent(r); done {
		return appendResponse{result: res, err: err}
	}
	current := p.state.versions[r.stream]
	if !r.expected.Matches(current) {
		return appendResponse{err: &eventlog.ConcurrencyError{Stream: r.stream, Expected: r.expected, Actual: current}}
	}
	if err := p.checkConditions(r); err != nil {
		return appendResponse{err: err}
	}
	for i, e := range r.events {
		p.position++
		version := current + uint64(i) + 1
		in := eventlog.HashInput{
			ID: e.ID, Stream: r.stream, Version: version, Position: p.position, Type: e.Type,
			SchemaVersion: e.SchemaVersion, RecordedAt: p.now, Data: e.Data, Metadata: r.metas[i],
		}
		h := eventlog.ChainHash(p.hash, in)
		w := &p.rows
		w.position, w.id, w.stream, w.version = append(w.position, int64(p.position)), append(w.id, e.ID), append(w.stream, r.stream), append(w.version, int64(version))
		w.typ, w.schema, w.data, w.meta = append(w.typ, e.Type), append(w.schema, int32(e.SchemaVersion)), append(w.data, string(e.Data)), append(w.meta, string(r.metas[i]))
		w.recorded, w.prevHash, w.hash = append(w.recorded, p.now), append(w.prevHash, p.hash), append(w.hash, h)
		p.hash = h
		p.state.ids[e.ID] = storedID{stream: r.stream, version: version, position: p.position}
	}
	newVersion := current + uint64(len(r.events))
	p.state.versions[r.stream] = newVersion
	return appendResponse{result: eventlog.AppendResult{Version: newVersion, Position: p.position}}
}

// idempotent recognises a retried append: every event id already stored,
// consecutively, in the same stream, at the place the append expected. It
// reports done=false when none of the ids is stored.
func (p *planner) idempotent(r *appendRequest) (eventlog.AppendResult, bool, error) {
	found := 0
	for _, e := range r.events {
		if _, ok := p.state.ids[e.ID]; ok {
			found++
		}
	}
	if found == 0 {
		return eventlog.AppendResult{}, false, nil
	}
	if found < len(r.events) {
		return eventlog.AppendResult{}, true, fmt.Errorf("%w: %w", eventlog.ErrDuplicateEvent, errPartialDuplicate)
	}
	first := p.state.ids[r.events[0].ID]
	for i, e := range r.events {
		s := p.state.ids[e.ID]
		if s.stream != r.stream || s.version != first.version+uint64(i) {
			return eventlog.AppendResult{}, true, fmt.Errorf("%w: event %s is stored in stream %s at version %d",
				eventlog.ErrDuplicateEvent, e.ID, s.stream, s.version)
		}
	}
	before := first.version - 1
	if v, exact := r.expected.ExactVersion(); exact && v != before {
		return eventlog.AppendResult{}, true, &eventlog.ConcurrencyError{Stream: r.stream, Expected: r.expected, Actual: p.state.versions[r.stream]}
	}
	last := p.state.ids[r.events[len(r.events)-1].ID]
	return eventlog.AppendResult{Version: last.version, Position: last.position, Existing: true}, true, nil
}

// checkConditions checks the conditions of r against the streams' versions
// with the batch's earlier appends applied, as if committed one by one.
func (p *planner) checkConditions(r *appendRequest) error {
	for _, c := range r.conditions {
		if current := p.state.versions[c.Stream]; !c.Expected.Matches(current) {
			return &eventlog.ConcurrencyError{Stream: c.Stream, Expected: c.Expected, Actual: current}
		}
	}
	return nil
}

func dedupe(ss []string) []string {
	seen := make(map[string]bool, len(ss))
	out := ss[:0:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
