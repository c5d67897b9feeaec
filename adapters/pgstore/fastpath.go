package pgstore

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// maxKnownStreams bounds the stream versions the committer remembers.
const maxKnownStreams = 100000

// knownState is what the committer knows of the log after its own last
// commit: the head, and the versions of the streams it has read or written.
// It stays true exactly as long as the head has not moved since: every
// commit of any process advances the head under its lock.
type knownState struct {
	head     uint64
	headHash []byte
	versions map[string]uint64
}

// assume returns the state a batch would be planned against if the log is
// still as known: the known head, and for each stream of the batch its known
// version or, failing that, the version its first append or condition
// expects exactly. It also returns the guessed streams and versions, which
// the commit must check; the known ones hold as long as the head does. It
// reports false when some stream's version cannot be guessed (an append with
// Any or StreamExists to a stream not known).
func (k *knownState) assume(batch []*appendRequest) (batchState, []string, []int64, bool) {
	st := batchState{head: k.head, headHash: k.headHash, versions: map[string]uint64{}, ids: map[string]storedID{}}
	var streams []string
	var versions []int64
	guess := func(stream string, expected eventlog.ExpectedVersion) bool {
		if _, done := st.versions[stream]; done {
			return true
		}
		if v, known := k.versions[stream]; known {
			st.versions[stream] = v
			return true
		}
		v, ok := expected.ExactVersion()
		if !ok {
			return false
		}
		st.versions[stream] = v
		streams, versions = append(streams, stream), append(versions, int64(v))
		return true
	}
	for _, r := range batch {
		if !guess(r.stream, r.expected) {
			return st, nil, nil, false
		}
		for _, c := range r.conditions {
			if !guess(c.Stream, c.Expected) {
				return st, nil, nil, false
			}
		}
	}
	return st, streams, versions, true
}

// learn records the state after a commit. From a state loaded under the
// head lock at the known head, the other known versions still hold; from any
// other, they are forgotten.
func (s *Store) learn(loadedHead uint64, p *planner) {
	k := s.known
	if k == nil || k.head != loadedHead || len(k.versions) > maxKnownStreams {
		k = &knownState{versions: map[string]uint64{}}
		s.known = k
	}
	k.head, k.headHash = p.position, p.hash
	for stream, v := range p.state.versions {
		k.versions[stream] = v
	}
}

// fastSQL decides and writes a batch in one statement (one round trip, its
// own transaction): it locks the head and, only if the head and every
// stated stream version are still what the committer planned against,
// inserts the events and advances the head. The stream versions
// are read with the statement's snapshot, taken before the head lock was
// granted; that is sound because an unchanged head means no commit happened
// since the committer's own last one, which ended before the snapshot.
const fastSQL = `WITH head AS MATERIALIZED (
    SELECT position, hash FROM event_head WHERE id FOR UPDATE
), verdict AS MATERIALIZED (
    SELECT (SELECT position = $12 AND hash = $13 FROM head) AND NOT EXISTS (
        SELECT 1 FROM unnest($14::text[], $15::bigint[]) AS c(s, a)
        WHERE a <> coalesce((SELECT e.version FROM event_versions e WHERE e.stream = c.s ORDER BY e.version DESC LIMIT 1), 0)
    ) AS ok
), ins AS (
    INSERT INTO events (position, id, stream, version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
    SELECT p, i::uuid, s, v, ty, sv, d::json, m::json, r, ph, h
    FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::int[], $7::text[], $8::text[], $9::timestamptz[], $10::bytea[], $11::bytea[])
      AS t(p, i, s, v, ty, sv, d, m, r, ph, h)
    WHERE (SELECT ok FROM verdict)
    RETURNING 1
), upd AS (
    UPDATE event_head SET position = $16, hash = $17
    WHERE id AND cardinality($1::bigint[]) > 0 AND (SELECT ok FROM verdict)
    RETURNING 1
)
SELECT (SELECT ok FROM verdict), (SELECT count(*) FROM ins), (SELECT count(*) FROM upd)`

// fastCommit plans batch against the known state and commits it in one
// round trip. It reports false, having written nothing, when the state was
// not known or turned out stale; the caller then takes the two-round-trip
// path that reads the state under the head lock.
func (s *Store) fastCommit(ctx context.Context, conn *pgx.Conn, batch []*appendRequest) ([]appendResponse, bool, error) {
	if s.known == nil {
		return nil, false, nil
	}
	state, streams, versions, ok := s.known.assume(batch)
	if !ok {
		return nil, false, nil
	}
	now := nowMicro()
	p := planner{state: state, position: state.head, hash: state.headHash, now: now}
	events := 0
	for _, r := range batch {
		events += len(r.events)
	}
	p.rows.grow(events)
	responses := make([]appendResponse, len(batch))
	for i, r := range batch {
		responses[i] = p.plan(r)
	}
	ok, inserted, moved, err := execFast(ctx, conn, &p.rows, int64(state.head), state.headHash, streams, versions,
		int64(p.position), p.hash)
	if err != nil {
		return nil, false, fmt.Errorf("insert events: %w", err)
	}
	if !ok {
		s.known = nil
		return nil, false, nil
	}
	if inserted != int64(p.rows.len()) || (inserted > 0) != (moved == 1) {
		return nil, false, fmt.Errorf("insert events: %d of %d rows inserted, head moved %d times", inserted, p.rows.len(), moved)
	}
	s.learn(state.head, &p)
	if inserted > 0 {
		s.recent.add(&p.rows)
		s.announcer.committed(ctx, p.position)
		s.partitionAhead(p.position)
	}
	return responses, true, nil
}
