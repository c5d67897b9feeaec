package pgstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/eventlog"
)

type appendRequest struct {
	ctx      context.Context
	stream   string
	expected eventlog.ExpectedVersion
	// conditions must hold on other streams for the append to go ahead.
	conditions []eventlog.Condition
	events     []eventlog.NewEvent
	metas      [][]byte
	done       chan appendResponse
}

type appendResponse struct {
	result eventlog.AppendResult
	err    error
}

// lead commits the queued appends unless another caller is already doing
// so: the caller that finds no commit running becomes the committer of one
// batch of everything queued (its own append included), so an append meets
// no hand-over to another goroutine when the store is quiet. A caller that
// finds a commit running leaves its append to that batch or a later one and
// waits (see await). After its batch, a committer that sees appends still
// queued hands the lock on to one of the waiting callers; it looks at the
// queue after letting go of the lock, so an append queued while the lock
// was held is never left behind.
func (s *Store) lead() {
	if len(s.queue) == 0 || !s.commitMu.TryLock() {
		return
	}
	s.commitQueued()
	s.commitMu.Unlock()
	if len(s.queue) > 0 {
		select {
		case s.handoff <- struct{}{}:
		default: // a hand-over is already pending
		}
	}
}

// await waits for the answer to req, committing a batch whenever the last
// committer hands over.
func (s *Store) await(req *appendRequest) appendResponse {
	s.lead()
	for {
		select {
		case resp := <-req.done:
			return resp
		case <-s.handoff:
			s.lead()
		}
	}
}

// commitQueued takes the first waiting append, gathers every other append
// already queued (up to MaxBatchEvents), waiting briefly for the callers of
// the last batch to come back (see pace), and commits them together. The
// caller holds commitMu.
func (s *Store) commitQueued() {
	var first *appendRequest
	select {
	case first = <-s.queue:
	default:
		return
	}
	s.lastCtx = first.ctx
	batch := s.gather(first)
	if expect, linger := s.pace.wait(time.Now()); len(batch) < expect {
		batch = s.linger(batch, expect, linger)
	}
	start := time.Now()
	s.commitBatch(batch)
	s.pace.record(len(batch), len(s.queue), start)
}

func (s *Store) gather(first *appendRequest) []*appendRequest {
	batch := []*appendRequest{first}
	n := len(first.events)
	for n < s.cfg.MaxBatchEvents {
		select {
		case r := <-s.queue:
			batch = append(batch, r)
			n += len(r.events)
		default:
			return batch
		}
	}
	return batch
}

// linger adds appends to batch as they arrive until it holds expect of them,
// MaxBatchEvents events, or d has passed.
func (s *Store) linger(batch []*appendRequest, expect int, d time.Duration) []*appendRequest {
	n := 0
	for _, r := range batch {
		n += len(r.events)
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	for len(batch) < expect && n < s.cfg.MaxBatchEvents {
		select {
		case r := <-s.queue:
			batch = append(batch, r)
			n += len(r.events)
		case <-timer.C:
			return batch
		case <-s.stop:
			return batch
		}
	}
	return batch
}

// commitBatch commits a batch in one transaction. If the transaction fails
// as a whole, each append is retried alone so that one bad append cannot fail
// the others.
func (s *Store) commitBatch(batch []*appendRequest) {
	live := batch[:0]
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			r.done <- appendResponse{err: err}
			continue
		}
		live = append(live, r)
	}
	if len(live) == 0 {
		return
	}
	// The fast path does not look the event ids up: a stored id (a retried
	// append) makes the insert fail on the unique index, or the append fail
	// its expected version. Such appends are redone alone with the lookup,
	// which recognises the retry. Redoing alone after a failed transaction
	// also keeps one bad append from failing the others.
	redo, err := s.tryCommitPartitioned(live, false)
	if err != nil {
		redo = live
	}
	for _, r := range redo {
		_, err := s.tryCommitPartitioned([]*appendRequest{r}, true)
		if isStalePlan(err) {
			// A migration changed a table the id lookup reads; the
			// connection was dropped with its cached plans.
			_, err = s.tryCommitPartitioned([]*appendRequest{r}, true)
		}
		if err != nil {
			r.done <- appendResponse{err: err}
		}
	}
}

// tryCommitPartitioned is tryCommit that, when the events found no
// partition, creates the partitions and tries once more.
func (s *Store) tryCommitPartitioned(batch []*appendRequest, lookupIDs bool) ([]*appendRequest, error) {
	redo, err := s.tryCommit(batch, lookupIDs)
	if !isNoPartition(err) {
		return redo, err
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(batch[0].ctx), s.cfg.CommitTimeout)
	defer cancel()
	n := 0
	for _, r := range batch {
		n += len(r.events)
	}
	if _, perr := s.ensurePartitions(ctx, n); perr != nil {
		return nil, errors.Join(err, perr)
	}
	return s.tryCommit(batch, lookupIDs)
}

// tryCommit runs one group-commit transaction, looking up the stored event
// ids first when lookupIDs is set. On success it has answered every request
// but those it returns, which conflicted without the lookup; on error it has
// answered none.
func (s *Store) tryCommit(batch []*appendRequest, lookupIDs bool) ([]*appendRequest, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(batch[0].ctx), s.cfg.CommitTimeout)
	defer cancel()
	conn, err := s.commitConnection(ctx)
	if err != nil {
		return nil, err
	}
	responses, err := s.commitOwn(ctx, conn, batch, lookupIDs)
	if err != nil {
		// The connection may be inside a failed transaction or broken: drop
		// it rather than risk reusing it half-open.
		s.dropCommitConn(ctx)
		s.known = nil
		return nil, err
	}
	var redo []*appendRequest
	for i, r := range batch {
		if !lookupIDs && errors.Is(responses[i].err, eventlog.ErrConcurrency) {
			redo = append(redo, r)
			continue
		}
		r.done <- responses[i]
	}
	return redo, nil
}

// commitConnection returns the committer's own connection, opened outside
// the pool so that appends never queue behind readers for a pooled one.
func (s *Store) commitConnection(ctx context.Context) (*pgx.Conn, error) {
	if s.commitConn != nil && !s.commitConn.IsClosed() {
		return s.commitConn, nil
	}
	cfg := s.pool.Config().ConnConfig.Copy()
	// The one-statement commit's plan does not depend on its arrays' sizes
	// (one index probe per stream, one insert per row): plan it once. The
	// two-round-trip path asks for custom plans where they matter.
	cfg.RuntimeParams["plan_cache_mode"] = "force_generic_plan"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect committer: %w", err)
	}
	if err := prepareFast(ctx, conn); err != nil {
		_ = conn.Close(ctx)
		return nil, err
	}
	s.commitConn = conn
	return conn, nil
}

// dropCommitConn closes the committer's connection, if open.
func (s *Store) dropCommitConn(ctx context.Context) {
	if s.commitConn != nil {
		ctx, cancel := context.WithTimeout(ctx, time.Second)
		defer cancel()
		_ = s.commitConn.Close(ctx)
		s.commitConn = nil
	}
}

// commitOwn commits batch in one round trip when the committer knows the
// state of the log, and in two otherwise (or when what it knew is stale).
func (s *Store) commitOwn(ctx context.Context, conn *pgx.Conn, batch []*appendRequest, lookupIDs bool) ([]appendResponse, error) {
	if !lookupIDs {
		responses, done, err := s.fastCommit(ctx, conn, batch)
		if err != nil || done {
			return responses, err
		}
	}
	responses, p, loaded, err := s.writeBatchState(ctx, conn, batch, lookupIDs, true)
	if err != nil {
		return nil, err
	}
	s.learn(loaded, p)
	if p.rows.len() > 0 {
		s.recent.add(&p.rows)
		s.announcer.committed(ctx, p.position)
		s.partitionAhead(p.position)
	}
	return responses, nil
}

// batcher is what writeBatch sends its pipelines through: a connection, or
// a transaction a test holds open.
type batcher interface {
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// writeBatch decides every append of the batch against the locked head and
// the streams' current versions, then writes the accepted events. With own
// set, it begins and commits the transaction itself inside its pipelines, so
// a group commit costs two round trips: one locks the head and reads the
// state, one inserts the events, advances the head and commits. The
// commit is announced to listeners afterwards (see announcer).
func (s *Store) writeBatch(ctx context.Context, q batcher, batch []*appendRequest, lookupIDs, own bool) ([]appendResponse, error) {
	responses, _, _, err := s.writeBatchState(ctx, q, batch, lookupIDs, own)
	return responses, err
}

// writeBatchState is writeBatch that also returns the planner, which holds
// the state after the batch, and the head the state was loaded at.
func (s *Store) writeBatchState(ctx context.Context, q batcher, batch []*appendRequest, lookupIDs, own bool) ([]appendResponse, *planner, uint64, error) {
	state, err := loadBatchState(ctx, q, batch, lookupIDs, own)
	if err != nil {
		return nil, nil, 0, err
	}
	p := &planner{state: state, position: state.head, hash: state.headHash, now: nowMicro()}
	responses := make([]appendResponse, len(batch))
	for i, r := range batch {
		responses[i] = p.plan(r)
	}
	b := &pgx.Batch{}
	if p.rows.len() > 0 {
		b.Queue(insertSQL, p.rows.args()...)
		b.Queue(`UPDATE event_head SET position = $1, hash = $2 WHERE id`, p.position, p.hash)
	}
	if own {
		b.Queue(`COMMIT`)
	}
	if b.Len() == 0 {
		return responses, p, state.head, nil
	}
	if err := q.SendBatch(ctx, b).Close(); err != nil {
		return nil, nil, 0, fmt.Errorf("insert events: %w", err)
	}
	return responses, p, state.head, nil
}

// nowMicro is the recording time of a batch, at the database's precision.
func nowMicro() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

const insertSQL = `INSERT INTO events (position, id, stream, version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
SELECT p, i::uuid, s, v, ty, sv, d::json, m::json, r, ph, h
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[], $5::text[], $6::int[], $7::text[], $8::text[], $9::timestamptz[], $10::bytea[], $11::bytea[])
  AS t(p, i, s, v, ty, sv, d, m, r, ph, h)`

// eventRows holds the accepted events of a batch column by column, as the
// arrays insertSQL unnests.
type eventRows struct {
	position, version []int64
	id, stream, typ   []string
	schema            []int32
	data, meta        []string
	recorded          []time.Time
	prevHash, hash    [][]byte
}

func (r *eventRows) len() int { return len(r.position) }

// grow makes room for n more rows.
func (r *eventRows) grow(n int) {
	r.position, r.version = slices.Grow(r.position, n), slices.Grow(r.version, n)
	r.id, r.stream, r.typ = slices.Grow(r.id, n), slices.Grow(r.stream, n), slices.Grow(r.typ, n)
	r.schema, r.data, r.meta = slices.Grow(r.schema, n), slices.Grow(r.data, n), slices.Grow(r.meta, n)
	r.recorded, r.prevHash, r.hash = slices.Grow(r.recorded, n), slices.Grow(r.prevHash, n), slices.Grow(r.hash, n)
}

func (r *eventRows) args() []any {
	return []any{r.position, r.id, r.stream, r.version, r.typ, r.schema, r.data, r.meta, r.recorded, r.prevHash, r.hash}
}

var errPartialDuplicate = errors.New("some but not all event ids are already stored")
