package command

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// encoded is one new event as its package's codec encoded it, with the
// policy version it used and the reason it carries, for the metadata.
type encoded struct {
	typ    string
	schema int
	data   []byte
	policy string
	reason string
}

// notesFunc tells the policy version an event used and the reason it
// carries; both may be empty.
type notesFunc[E any] func(E) (policy, reason string)

// encodeAll encodes the events a command decided.
func encodeAll[E any](events []E, enc func(E) (string, int, []byte, error), notes notesFunc[E]) ([]encoded, error) {
	out := make([]encoded, len(events))
	for i, e := range events {
		typ, v, data, err := enc(e)
		if err != nil {
			return nil, err
		}
		policy, reason := notes(e)
		out[i] = encoded{typ: typ, schema: v, data: data, policy: policy, reason: reason}
	}
	return out, nil
}

// decideFunc decides a command at time at against the events stored in its
// stream, loading whatever else it needs, and returns the new events.
type decideFunc func(ctx context.Context, at time.Time, stored []eventlog.Event) ([]encoded, error)

// command describes one use-case invocation for run.
type command struct {
	op string // "approve skp 198609262015051001/2025", for errors
	// subject is how the domain's errors name what the command acts
	// on ("SKP 198609262015051001 2025"): a decision's error that already
	// says the action on it ("approve SKP … 2025 (draft): …") is not
	// prefixed with op, so that the action is said once.
	subject string
	stream  string
	create  bool // the command may start the stream
	// instansi, when set, returns the instansi of a stream not started
	// yet (a create), whose time zone then decides the day of the action
	// as it does for a started stream (inInstansiZone); "" keeps the
	// service's location.
	instansi func(ctx context.Context) string
	decide   decideFunc
	// conditions, when set, returns the reference streams the latest
	// decide read, at the versions read; the append requires them unchanged.
	conditions func() []eventlog.Condition
}

// run loads the stream, returns the first result again for a retried
// idempotency key, checks If-Match, decides and appends with the version
// loaded, conditional on the reference streams the decision read. On a
// concurrency conflict without If-Match, or on a reference stream that moved,
// it loads and decides again after a random pause (backoff), at most
// MaxRetries times and within RetryWithin; all attempts share the time of the
// action. A conflict means another append to the stream succeeded, so the
// writers of one stream always make progress.
func (s *Service) run(ctx context.Context, m Meta, c command) (Result, error) {
	if err := checkMeta(m); err != nil {
		return Result{}, fmt.Errorf("%s: %w", c.op, err)
	}
	at := s.at(m)
	start := time.Now()
	for attempt := 0; ; attempt++ {
		res, err := s.queuedAttempt(ctx, m, c, at)
		if err == nil || attempt >= s.cfg.MaxRetries || !s.retryable(err, m, c) {
			return res, err
		}
		pause := backoff(attempt)
		if time.Since(start)+pause > s.cfg.RetryWithin || !sleep(ctx, pause) {
			return res, err
		}
	}
}

// backoff returns the pause before retry attempt+1: a random duration up
// to 1 ms doubled per attempt, at most 100 ms (full jitter).
func backoff(attempt int) time.Duration {
	const most = 100 * time.Millisecond
	limit := most
	if attempt < 7 {
		limit = min(most, time.Millisecond<<attempt)
	}
	return rand.N(limit) + 1
}

// sleep pauses for d, or until ctx is done: then it returns false.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// queuedAttempt is attempt in the stream's turn (streamQueue).
func (s *Service) queuedAttempt(ctx context.Context, m Meta, c command, at time.Time) (Result, error) {
	if s.cfg.Unqueued {
		return s.attempt(ctx, m, c, at)
	}
	release, err := s.queue.acquire(ctx, c.stream)
	if err != nil {
		return Result{}, fmt.Errorf("%s: wait for the other commands of %s: %w", c.op, c.stream, err)
	}
	defer release()
	return s.attempt(ctx, m, c, at)
}

// attempt is one load, decide and append of run.
func (s *Service) attempt(ctx context.Context, m Meta, c command, at time.Time) (Result, error) {
	stored, err := s.readStream(ctx, c.stream)
	if err != nil {
		return Result{}, fmt.Errorf("%s: load %s: %w", c.op, c.stream, err)
	}
	if res, ok := replayed(c.stream, m.IdempotencyKey, stored); ok {
		return res, nil
	}
	if at, err = s.inInstansiZone(ctx, stored, c.instansi, at); err != nil {
		return Result{}, fmt.Errorf("%s: %w", c.op, err)
	}
	version := streamVersion(stored)
	if m.IfExists && len(stored) == 0 {
		return Result{}, fmt.Errorf("%s: %w", c.op,
			&eventlog.ConcurrencyError{Stream: c.stream, Expected: eventlog.StreamExists, Actual: 0})
	}
	if m.IfMatch != nil && *m.IfMatch != version {
		return Result{}, fmt.Errorf("%s: %w", c.op,
			&eventlog.ConcurrencyError{Stream: c.stream, Expected: eventlog.Exact(*m.IfMatch), Actual: version})
	}
	if len(stored) == 0 && !c.create {
		return Result{}, &StreamNotFoundError{Op: c.op, Stream: c.stream}
	}
	events, err := c.decide(ctx, at, stored)
	if err == nil {
		err = checkSizes(events)
	}
	if err != nil {
		return Result{}, c.decisionError(err)
	}
	news := envelopes(m, c.stream, events)
	stampInstansi(news, stored)
	res, err := s.appendDecided(ctx, c, eventlog.Exact(version), news)
	if err != nil {
		return Result{}, fmt.Errorf("%s: %w", c.op, err)
	}
	ids := make([]string, len(news))
	for i, e := range news {
		ids[i] = e.ID
	}
	// An append whose events were stored already (another process ran the
	// same command, with the same key, between this one's read and its
	// append) wrote nothing: it is the first result, replayed.
	return Result{Stream: c.stream, Version: res.Version, Position: res.Position, EventIDs: ids, Replayed: res.Existing}, nil
}

// inInstansiZone returns at in the time zone of the instansi of the stored
// stream (InstansiZone), so that the civil day of the action, which decides
// the reporting line in force, deadlines and the policy version, is the
// instansi's: the day the HTTP checks and the worklist take. A stream with
// no events yet takes the zone of the instansi newInstansi names (a period
// opened at 00:30 WIT on 1 January took the policy in force on 31 December,
// the day in WIB); without one it keeps the service's location.
func (s *Service) inInstansiZone(ctx context.Context, stored []eventlog.Event, newInstansi func(context.Context) string, at time.Time) (time.Time, error) {
	inst := streamInstansi(stored, nil)
	if inst == "" && len(stored) == 0 && newInstansi != nil {
		// An instansi named by the input is not checked yet: one whose
		// settings cannot be read keeps the service's location, and the
		// decision reports what is wrong with it.
		named := newInstansi(ctx)
		if loc, err := s.InstansiZone(ctx, named); named != "" && err == nil {
			return at.In(loc), nil
		}
		return at, nil
	}
	if inst == "" {
		return at, nil
	}
	loc, err := s.InstansiZone(ctx, inst)
	if err != nil {
		return time.Time{}, fmt.Errorf("zone of instansi %s: %w", inst, err)
	}
	return at.In(loc), nil
}

// streamVersion returns the version of the last stored event, 0 for none.
func streamVersion(stored []eventlog.Event) uint64 {
	if len(stored) == 0 {
		return 0
	}
	return stored[len(stored)-1].Version
}

// eventID returns the id of the i-th event of a command: derived from the
// stream and the idempotency key when there is one, a new UUIDv7 otherwise.
func eventID(stream, key string, i int) string {
	if key == "" {
		return eventlog.NewID()
	}
	return eventlog.DerivedID(stream, key, strconv.Itoa(i))
}

// replayed finds the events an earlier command with the same idempotency key
// wrote to the stream and returns its result, with Replayed set.
func replayed(stream, key string, stored []eventlog.Event) (Result, bool) {
	if key == "" {
		return Result{}, false
	}
	byID := make(map[string]eventlog.Event, len(stored))
	for _, e := range stored {
		byID[e.ID] = e
	}
	res := Result{Stream: stream, Replayed: true}
	for i := 0; ; i++ {
		e, ok := byID[eventID(stream, key, i)]
		if !ok {
			break
		}
		res.Version, res.Position = e.Version, e.Position
		res.EventIDs = append(res.EventIDs, e.ID)
	}
	return res, len(res.EventIDs) > 0
}

// envelopes turns the decided events into the events to append, with their
// ids and the metadata of m.
func envelopes(m Meta, stream string, events []encoded) []eventlog.NewEvent {
	out := make([]eventlog.NewEvent, len(events))
	for i, e := range events {
		reason := m.Reason
		if reason == "" {
			reason = e.reason
		}
		out[i] = eventlog.NewEvent{
			ID: eventID(stream, m.IdempotencyKey, i), Type: e.typ, SchemaVersion: e.schema, Data: e.data,
			Metadata: eventlog.Metadata{
				ActorID: m.Actor.NIP, ActorRole: string(m.Actor.Role), OnBehalfOf: m.OnBehalfOf,
				CorrelationID: m.CorrelationID, CausationID: m.CausationID, RequestID: m.RequestID,
				IdempotencyKey: m.IdempotencyKey, Reason: reason, Client: m.Client, PolicyVersion: e.policy,
			},
		}
	}
	return out
}

// StreamNotFoundError is the error of a command on a stream with no events
// that the command does not create (an SKP never drafted): it wraps
// ErrNotFound and names the stream, so that an adapter can say what is
// missing in its own terms instead of naming an internal stream.
type StreamNotFoundError struct {
	Op     string // the command, as in its other errors
	Stream string
}

func (e *StreamNotFoundError) Error() string {
	return fmt.Sprintf("%s: %v: stream %s", e.Op, ErrNotFound, e.Stream)
}

func (e *StreamNotFoundError) Unwrap() error { return ErrNotFound }

// decisionError is err of a decision with the command's op before it,
// unless err already says the action on the command's subject.
func (c command) decisionError(err error) error {
	if c.subject != "" && saysAction(err.Error(), c.subject) {
		return err
	}
	return fmt.Errorf("%s: %w", c.op, err)
}

// saysAction reports whether msg starts with an action on subject, as
// "approve SKP 198609262015051001 2025 (draft): …": a lower-case verb
// phrase naming subject before msg's first colon.
func saysAction(msg, subject string) bool {
	i := strings.Index(msg, " "+subject)
	return i > 0 && msg[0] >= 'a' && msg[0] <= 'z' && !strings.Contains(msg[:i], ":")
}
