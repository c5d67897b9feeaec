package command

import (
	"context"
	"errors"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// refReads records the reference streams one decision read and the version
// it read each at. The command's events are appended on condition that
// every one of them is still at that version when they commit, so that a
// decision is never committed on facts that changed in between (a rating by
// a supervisor HR has just replaced, a report into a window just closed).
type refReads struct {
	versions map[string]uint64
	order    []string
}

// reset forgets the reads of an earlier attempt.
func (r *refReads) reset() {
	r.versions, r.order = nil, nil
}

// record notes that the decision read stream at version. The first read of
// a stream counts: if a later read saw another version, the decision mixed
// two states and the condition on the first fails, so it is decided again.
func (r *refReads) record(stream string, version uint64) {
	if _, ok := r.versions[stream]; ok {
		return
	}
	if r.versions == nil {
		r.versions = make(map[string]uint64)
	}
	r.versions[stream] = version
	r.order = append(r.order, stream)
}

// conditions returns one exact-version condition per stream read, in the
// order first read; a stream read as empty must still be empty.
func (r *refReads) conditions() []eventlog.Condition {
	out := make([]eventlog.Condition, 0, len(r.order))
	for _, s := range r.order {
		out = append(out, eventlog.Condition{Stream: s, Expected: eventlog.Exact(r.versions[s])})
	}
	return out
}

// appendDecided appends the events of a command, conditional on the
// reference streams its decision read when there are any.
func (s *Service) appendDecided(ctx context.Context, c command, expected eventlog.ExpectedVersion, news []eventlog.NewEvent) (eventlog.AppendResult, error) {
	var conds []eventlog.Condition
	if c.conditions != nil {
		conds = c.conditions()
	}
	if len(conds) == 0 {
		return s.cfg.Store.Append(ctx, c.stream, expected, news...)
	}
	return s.cfg.Store.AppendWith(ctx, c.stream, expected, eventlog.AppendOptions{Conditions: conds}, news...)
}

// retryable reports whether a failed attempt of command c is decided again:
// a conflict on a reference stream always is (the caller's If-Match is about
// the command's own stream, which is checked again on reload), and the
// reference is then reloaded from the store, not the cache; a conflict on
// the command's own stream is only without If-Match.
func (s *Service) retryable(err error, m Meta, c command) bool {
	var ce *eventlog.ConcurrencyError
	if !errors.As(err, &ce) {
		return false
	}
	if ce.Stream != c.stream {
		s.refs.drop(ce.Stream)
		return true
	}
	s.streams.dropIfBehind(c.stream, ce.Actual) // the log went back: read it whole next time
	return m.IfMatch == nil
}
