package httpapi

import (
	"context"
	"errors"

	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// TypePreconditionFailed: the If-Match the caller sent is not the stream's
// version (RFC 9110, 412); the current_version member says what it is now.
const TypePreconditionFailed = problemBase + "precondition-failed"

// preconditionError is a concurrency conflict on the version the caller
// named in If-Match.
type preconditionError struct{ ce *eventlog.ConcurrencyError }

func (e *preconditionError) Error() string { return "If-Match failed: " + e.ce.Error() }

// Unwrap returns the store's conflict.
func (e *preconditionError) Unwrap() error { return e.ce }

// ifMatchChecked runs f and turns a conflict on the version the call's
// If-Match named, or on a stream that does not exist under If-Match: *, into
// a *preconditionError (412). A conflict without
// If-Match, or on another stream the command read, stays a 409.
func ifMatchChecked(f writeFunc) writeFunc {
	return func(ctx context.Context, c *call) (command.Result, error) {
		res, err := f(ctx, c)
		var ce *eventlog.ConcurrencyError
		if err != nil && errors.As(err, &ce) && (c.ifMatch != nil && ce.Expected == eventlog.Exact(*c.ifMatch) ||
			c.ifExists && ce.Expected == eventlog.StreamExists) {
			return res, &preconditionError{ce: ce}
		}
		return res, err
	}
}

// preconditionProblem is the problem of a failed If-Match.
func preconditionProblem(e *preconditionError) Problem {
	p := newProblem(TypePreconditionFailed,
		"The resource changed since you read it: read it again, then retry with If-Match set to its current version.", "", nil)
	actual := e.ce.Actual
	p.CurrentVersion = &actual
	return p
}
