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
	versions map[string]uint64
	ids      map[string]storedID
}

func loadBatchState(ctx context.Context, tx pgx.Tx, batch []*appendRequest) (batchState, error) {
	streams := make([]string, 0, len(batch))
	var ids []string
	for _, r := range batch {
		streams = append(streams, r.stream)
		for _, e := range r.events {
			ids = append(ids, e.ID)
		}
	}
	st := batchState{versions: map[string]uint64{}, ids: map[string]storedID{}}
	b := &pgx.Batch{}
	b.Queue(`SELECT stream, max(version) FROM events WHERE stream = ANY($1) GROUP BY stream`, streams)
	b.Queue(`SELECT id::text, stream, version, position FROM events WHERE id = ANY($1::uuid[])`, ids)
	res := tx.SendBatch(ctx, b)
	defer res.Close()
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
	rows     [][]any
}

func (p *planner) plan(r *appendRequest) appendResponse {
	if res, done, err := p.idempotent(r); done {
		return appendResponse{result: res, err: err}
	}
	current := p.state.versions[r.stream]
	if !r.expected.Matches(current) {
		return appendResponse{err: &eventlog.ConcurrencyError{Stream: r.stream, Expected: r.expected, Actual: current}}
	}
	for i, e := range r.events {
		p.position++
		version := current + uint64(i) + 1
		in := eventlog.HashInput{
			ID: e.ID, Stream: r.stream, Version: version, Position: p.position, Type: e.Type,
			SchemaVersion: e.SchemaVersion, RecordedAt: p.now, Data: e.Data, Metadata: r.metas[i],
		}
		h := eventlog.ChainHash(p.hash, in)
		p.rows = append(p.rows, []any{int64(p.position), e.ID, r.stream, int64(version), e.Type,
			int32(e.SchemaVersion), string(e.Data), string(r.metas[i]), p.now, p.hash, h})
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
	return eventlog.AppendResult{Version: last.version, Position: last.position}, true, nil
}
