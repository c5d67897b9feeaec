package esdbstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// Append writes events at the end of stream if its version satisfies
// expected; see command.EventStore for the contract.
func (s *Store) Append(ctx context.Context, stream string, expected eventlog.ExpectedVersion, events ...eventlog.NewEvent) (eventlog.AppendResult, error) {
	return s.AppendWith(ctx, stream, expected, eventlog.AppendOptions{}, events...)
}

// AppendWith is Append with conditions on other streams. EventStoreDB has
// no transaction over several streams: the conditions are read just before
// the append while this process holds the locks of the stream and of every
// condition stream, so they are atomic with the write against every append
// made through this Store (and every Store of this process that shares
// it), but not against a writer in another process. See the README.
func (s *Store) AppendWith(ctx context.Context, stream string, expected eventlog.ExpectedVersion, opts eventlog.AppendOptions, events ...eventlog.NewEvent) (eventlog.AppendResult, error) {
	metas, err := eventlog.ValidateAppend(stream, events)
	if err == nil {
		err = eventlog.ValidateConditions(opts.Conditions)
	}
	if err == nil {
		err = ctx.Err()
	}
	if err != nil {
		return eventlog.AppendResult{}, fmt.Errorf("append to %s: %w", stream, err)
	}
	streams := []string{stream}
	for _, c := range opts.Conditions {
		streams = append(streams, c.Stream)
	}
	unlock, err := s.locks.lock(ctx, streams...)
	if err != nil {
		return eventlog.AppendResult{}, fmt.Errorf("append to %s: %w", stream, err)
	}
	defer unlock()
	a := &appender{s: s, stream: stream, expected: expected, conds: opts.Conditions, events: events, metas: metas}
	res, wrote, err := a.run(ctx)
	if err != nil {
		return eventlog.AppendResult{}, fmt.Errorf("append to %s: %w", stream, err)
	}
	if wrote && s.cfg.AfterAppend != nil {
		s.cfg.AfterAppend(ctx, res.Position)
	}
	return res, nil
}

// appender is one append in progress, run under its streams' locks.
type appender struct {
	s        *Store
	stream   string
	expected eventlog.ExpectedVersion
	conds    []eventlog.Condition
	events   []eventlog.NewEvent
	metas    [][]byte
}

// maxAnyRetries bounds the retries of an append with a non-exact
// expectation that lost a race to a writer in another process.
const maxAnyRetries = 5

// run decides and writes the append. wrote is false for an idempotent
// re-append.
func (a *appender) run(ctx context.Context) (res eventlog.AppendResult, wrote bool, err error) {
	if v, exact := a.expected.ExactVersion(); exact {
		return a.runExact(ctx, v)
	}
	for range maxAnyRetries {
		res, wrote, err = a.runAny(ctx)
		if !errors.Is(err, errWrongVersion) {
			return res, wrote, err
		}
	}
	current, err := a.s.version(ctx, a.stream)
	if err != nil {
		return res, false, err
	}
	return res, false, &eventlog.ConcurrencyError{Stream: a.stream, Expected: a.expected, Actual: current}
}

// runExact appends at version v: a conflict is either an idempotent
// re-append (the ids stored at v) or a concurrency error.
func (a *appender) runExact(ctx context.Context, v uint64) (eventlog.AppendResult, bool, error) {
	if len(a.conds) > 0 {
		// The append's own expectation is checked before the conditions.
		current, err := a.s.version(ctx, a.stream)
		if err != nil {
			return eventlog.AppendResult{}, false, err
		}
		if current != v {
			res, err := a.conflict(ctx, v)
			return res, false, err
		}
		if err := a.s.checkConditions(ctx, a.conds); err != nil {
			return eventlog.AppendResult{}, false, err
		}
	}
	res, err := a.write(ctx, v)
	if errors.Is(err, errWrongVersion) {
		res, err := a.conflict(ctx, v)
		return res, false, err
	}
	return res, err == nil, err
}

// runAny looks the event ids up in the stream (EventStoreDB's own
// deduplication is a best-effort cache), checks the expectation and the
// conditions, and appends at the version it read, so that a writer in
// another process in between makes it retry rather than append twice.
func (a *appender) runAny(ctx context.Context) (eventlog.AppendResult, bool, error) {
	stored, err := a.s.ReadStream(ctx, a.stream, 0, 0)
	if err != nil {
		return eventlog.AppendResult{}, false, err
	}
	if res, done, err := idempotent(stored, a.events); done {
		return res, false, err
	}
	current := uint64(len(stored))
	if len(stored) > 0 {
		current = stored[len(stored)-1].Version
	}
	if !a.expected.Matches(current) {
		return eventlog.AppendResult{}, false, &eventlog.ConcurrencyError{Stream: a.stream, Expected: a.expected, Actual: current}
	}
	if err := a.s.checkConditions(ctx, a.conds); err != nil {
		return eventlog.AppendResult{}, false, err
	}
	res, err := a.write(ctx, current)
	return res, err == nil, err
}

// write appends the events after version v (0: the stream must not exist).
func (a *appender) write(ctx context.Context, v uint64) (eventlog.AppendResult, error) {
	wire, err := encodeEvents(a.events, a.metas, a.s.cfg.Now().UTC().Truncate(time.Microsecond))
	if err != nil {
		return eventlog.AppendResult{}, err
	}
	exp := expectation{kind: expectNoStream}
	if v > 0 {
		exp = expectation{kind: expectRevision, revision: v - 1}
	}
	var w written
	err = a.s.conn.do(ctx, func(d driver) error {
		w, err = d.append(ctx, a.stream, exp, wire)
		return err
	})
	if err != nil {
		return eventlog.AppendResult{}, err
	}
	res := eventlog.AppendResult{Version: v + uint64(len(a.events)), Position: w.Position}
	if len(a.events) > 1 || w.Position == 0 {
		// The server's position of a multi-event write is not documented to
		// be its last event's: read that event back.
		last, err := a.s.ReadStream(ctx, a.stream, res.Version-1, 1)
		if err != nil {
			return eventlog.AppendResult{}, err
		}
		if len(last) != 1 || last[0].ID != a.events[len(a.events)-1].ID {
			return eventlog.AppendResult{}, fmt.Errorf("%w: appended event %s not found at version %d", ErrUnavailable, a.events[len(a.events)-1].ID, res.Version)
		}
		res.Position = last[0].Position
	}
	return res, nil
}

// conflict explains a failed append at version v: the same ids stored
// there make it an idempotent re-append; anything else is a concurrency
// error with the stream's actual version.
func (a *appender) conflict(ctx context.Context, v uint64) (eventlog.AppendResult, error) {
	there, err := a.s.ReadStream(ctx, a.stream, v, len(a.events))
	if err != nil {
		return eventlog.AppendResult{}, err
	}
	if res, done, err := idempotent(there, a.events); done {
		if err == nil && res.Version != v+uint64(len(a.events)) {
			done = false // stored, but not at the place this append expected.
		}
		if done {
			return res, err
		}
	}
	current, err := a.s.version(ctx, a.stream)
	if err != nil {
		return eventlog.AppendResult{}, err
	}
	return eventlog.AppendResult{}, &eventlog.ConcurrencyError{Stream: a.stream, Expected: a.expected, Actual: current}
}

// idempotent recognises a re-append in stored events of the stream: every
// id stored, consecutively, in order. done is false when none is stored;
// some but not all stored is ErrDuplicateEvent.
func idempotent(stored []eventlog.Event, events []eventlog.NewEvent) (eventlog.AppendResult, bool, error) {
	at := make(map[string]int, len(stored))
	for i, e := range stored {
		at[e.ID] = i
	}
	found := 0
	for _, e := range events {
		if _, ok := at[e.ID]; ok {
			found++
		}
	}
	switch {
	case found == 0:
		return eventlog.AppendResult{}, false, nil
	case found < len(events):
		return eventlog.AppendResult{}, true, fmt.Errorf("%w: some but not all event ids are already stored", eventlog.ErrDuplicateEvent)
	}
	first := at[events[0].ID]
	for i, e := range events {
		if at[e.ID] != first+i {
			return eventlog.AppendResult{}, true, fmt.Errorf("%w: event %s is stored at version %d", eventlog.ErrDuplicateEvent, e.ID, stored[at[e.ID]].Version)
		}
	}
	last := stored[first+len(events)-1]
	return eventlog.AppendResult{Version: last.Version, Position: last.Position, Existing: true}, true, nil
}

// checkConditions reads each condition stream's version, in order, and
// returns a *eventlog.ConcurrencyError for the first that does not hold.
func (s *Store) checkConditions(ctx context.Context, conds []eventlog.Condition) error {
	for _, c := range conds {
		current, err := s.version(ctx, c.Stream)
		if err != nil {
			return err
		}
		if !c.Expected.Matches(current) {
			return &eventlog.ConcurrencyError{Stream: c.Stream, Expected: c.Expected, Actual: current}
		}
	}
	return nil
}
