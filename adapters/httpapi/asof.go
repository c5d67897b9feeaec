package httpapi

import (
	"context"
	"errors"
	"time"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
)

// Time travel: GET of an SKP, an employee or a score trail with
// ?as_of=POSITION|RFC3339 answers with the state the log held then. The
// caller is authorized exactly as for the current state, against the
// current state (who may read this employee now), so that a reader who lost
// access cannot read the past either.

// AuditLog is what auditors and the inspectorate read from the event log.
// Its values are eventlog's, shared by every backend, so that the event
// store satisfies it directly.
type AuditLog interface {
	// ReadStreamAsOf returns the events of stream that the log held at
	// asOf, in version order; a stream that did not exist yet reads as empty.
	ReadStreamAsOf(ctx context.Context, stream string, asOf eventlog.AsOf) ([]eventlog.Event, error)
	// Search returns one page of the events that match f, in global
	// position order; a page shorter than f.PageSize() is the last. Errors
	// wrap eventlog.ErrBadFilter for an impossible filter.
	Search(ctx context.Context, f eventlog.AuditFilter) ([]eventlog.Event, error)
	// Verify recomputes the hash chain over the whole log. A broken chain is
	// a report with OK false, not an error; an error means that the
	// verification could not run. progress may be nil.
	Verify(ctx context.Context, progress func(done, total uint64)) (eventlog.VerifyReport, error)
	// VerifyAnchored is Verify that then checks an anchor: the event at
	// position must still have hash (position 0: the genesis hash).
	VerifyAnchored(ctx context.Context, position uint64, hash []byte, progress func(done, total uint64)) (eventlog.VerifyReport, error)
}

// asOf reads the as_of query parameter; without it the zero AsOf (now).
func (c *call) asOf() (eventlog.AsOf, error) {
	vs, ok := c.r.URL.Query()["as_of"]
	if !ok {
		return eventlog.AsOf{}, nil
	}
	if len(vs) != 1 {
		return eventlog.AsOf{}, newRequestError(TypeValidation, "Give as_of once.", FieldError{Field: "as_of", Message: "repeated"})
	}
	a, err := eventlog.ParseAsOf(vs[0])
	if err != nil {
		return eventlog.AsOf{}, newRequestError(TypeValidation,
			"as_of must be a global position (1, 2, …) or an RFC 3339 time such as 2025-03-31T23:59:59+07:00.",
			FieldError{Field: "as_of", Message: err.Error()})
	}
	return a, nil
}

// replayAsOf reads stream as of a and replays it. A stream that did not
// exist then is an error wrapping command.ErrNotFound.
func replayAsOf[A any](ctx context.Context, log AuditLog, stream string, a eventlog.AsOf, replay func([]eventlog.Event) (A, error)) (A, error) {
	var zero A
	evs, err := log.ReadStreamAsOf(ctx, stream, a)
	if err != nil {
		return zero, err
	}
	if len(evs) == 0 {
		return zero, command.ErrNotFound
	}
	return replay(evs)
}

// skpAsOf returns the SKP as of a (now for the zero AsOf).
func (s *Server) skpAsOf(ctx context.Context, nip string, year int, a eventlog.AsOf) (*skp.SKP, error) {
	var sk *skp.SKP
	var err error
	if a.IsNow() {
		sk, err = s.api.Service.SKP(ctx, nip, year)
	} else {
		sk, err = replayAsOf(ctx, s.api.Audit, skp.Stream(nip, year), a, skp.Replay)
	}
	switch {
	case errors.Is(err, command.ErrNotFound) && a.IsNow():
		return nil, skpNotFound()
	case errors.Is(err, command.ErrNotFound):
		return nil, skpNotFoundAsOf(a)
	}
	return sk, err
}

// employeeAsOf returns employee nip as of a and the day whose reporting
// line is "in force" in the view: the as-of moment's day in the zone of the
// employee's instansi (as dayIn for today), or today.
func (s *Server) employeeAsOf(ctx context.Context, nip string, a eventlog.AsOf) (*employee.Employee, civil.Date, error) {
	e, err := replayAsOf(ctx, s.api.Audit, employee.Stream(nip), a, employee.Replay)
	if errors.Is(err, command.ErrNotFound) {
		return nil, civil.Date{}, newRequestError(TypeNotFound, "The employee was not registered yet at that point.")
	}
	if err != nil {
		return nil, civil.Date{}, err
	}
	at, err := s.momentOf(ctx, a)
	if err != nil {
		return nil, civil.Date{}, err
	}
	return e, civil.DateOf(at.In(s.instansiZone(ctx, e.Instansi()))), nil
}

// momentOf returns the time of a point in the log: the earlier of its time
// and the recording time of the event at its position; now when neither
// bounds it (a position past the head).
func (s *Server) momentOf(ctx context.Context, a eventlog.AsOf) (time.Time, error) {
	at := s.now()
	if !a.Time.IsZero() && a.Time.Before(at) {
		at = a.Time
	}
	if a.Position == 0 {
		return at, nil
	}
	evs, err := s.api.Audit.Search(ctx, eventlog.AuditFilter{After: a.Position - 1, Limit: 1})
	if err != nil {
		return time.Time{}, err
	}
	if len(evs) == 1 && evs[0].Position == a.Position && evs[0].RecordedAt.Before(at) {
		at = evs[0].RecordedAt
	}
	return at, nil
}
