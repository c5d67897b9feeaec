package pgstore

import (
	"context"
	"fmt"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// AppendWith writes events at the end of stream if its version satisfies
// expected and every condition of opts holds; see command.EventStore for the
// contract. The committer checks the conditions in the same transaction as
// the insert, under the head lock, so no append can move a condition stream
// between the check and the commit.
func (s *Store) AppendWith(ctx context.Context, stream string, expected eventlog.ExpectedVersion, opts eventlog.AppendOptions, events ...eventlog.NewEvent) (eventlog.AppendResult, error) {
	metas, err := eventlog.ValidateAppend(stream, events)
	if err == nil {
		err = eventlog.ValidateConditions(opts.Conditions)
	}
	if err != nil {
		return eventlog.AppendResult{}, fmt.Errorf("append to %s: %w", stream, err)
	}
	if err := ctx.Err(); err != nil {
		return eventlog.AppendResult{}, fmt.Errorf("append to %s: %w", stream, err)
	}
	req := &appendRequest{ctx: ctx, stream: stream, expected: expected, conditions: opts.Conditions,
		events: events, metas: metas, done: make(chan appendResponse, 1)}
	s.closeMu.RLock()
	if s.closed {
		s.closeMu.RUnlock()
		return eventlog.AppendResult{}, ErrClosed
	}
	select {
	case s.queue <- req:
		s.closeMu.RUnlock()
	case <-ctx.Done():
		s.closeMu.RUnlock()
		return eventlog.AppendResult{}, fmt.Errorf("append to %s: %w", stream, ctx.Err())
	}
	// Once queued, the outcome is decided by the committer (this caller, if
	// no commit is running): wait for it so the caller never mistakes a
	// committed append for a failed one.
	resp := s.await(req)
	if resp.err != nil {
		return eventlog.AppendResult{}, fmt.Errorf("append to %s: %w", stream, resp.err)
	}
	return resp.result, nil
}
