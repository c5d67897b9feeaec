package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/kinerja/kinerja/domain/command"
)

// How a write with an Idempotency-Key meets an earlier request with the
// same key that is still running.
const (
	// idempotencyWait bounds how long a retry waits for the first request
	// with its key before it is answered 409 with Retry-After.
	idempotencyWait = 2 * time.Second
	// idempotencyPoll is how often the waiting retry looks again.
	idempotencyPoll = 20 * time.Millisecond
	// settleTimeout bounds storing the outcome of a reservation, which is
	// done even when the client has gone away.
	settleTimeout = 5 * time.Second
)

// errKeyReused answers a key sent again with a different request.
var errKeyReused = newRequestError(TypeIdempotencyKeyReused,
	"This Idempotency-Key was used for a different request; use a new key for a new request.")

// errKeyInProgress answers a retry while the first request with its key is
// still running.
var errKeyInProgress = newRequestError(TypeIdempotencyInProgress,
	"The first request with this Idempotency-Key is still running; retry after the time in Retry-After.")

// reserve reserves the call's key for the request with hash before its
// command runs. It returns true when the request holds the key; otherwise
// it has answered: the stored response of the same request, 422 for a key
// used by a different request (another path or body), or 409 with
// Retry-After while the same request is still running elsewhere.
func (s *Server) reserve(w http.ResponseWriter, r *http.Request, c *call, hash []byte) bool {
	ctx := r.Context()
	deadline := time.Now().Add(idempotencyWait)
	for {
		res, err := s.api.Idempotency.Reserve(ctx, c.p.NIP, c.key, hash, r.URL.Path)
		switch {
		case err != nil && ctx.Err() != nil:
			// The client went away while the key was being reserved: the
			// reservation may have been stored, and the command will not
			// run. End its lease, so that the client's retry of the same
			// request takes the key over at once instead of waiting for it.
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
			if aerr := s.api.Idempotency.Abandon(sctx, c.p.NIP, c.key, hash); aerr != nil {
				s.logSettle(r, aerr)
			}
			cancel()
			s.writeError(w, r, err)
			return false
		case err != nil:
			s.writeError(w, r, err)
			return false
		case res.Owned:
			return true
		case !res.Stored.sameRequest(hash) || (res.Path != "" && res.Path != r.URL.Path):
			s.writeError(w, r, errKeyReused)
			return false
		case !res.Pending:
			writeStored(w, res.Stored)
			return false
		case time.Now().After(deadline):
			w.Header().Set("Retry-After", "1")
			s.writeError(w, r, errKeyInProgress)
			return false
		}
		select {
		case <-ctx.Done():
			s.writeError(w, r, ctx.Err())
			return false
		case <-time.After(idempotencyPoll):
		}
	}
}

// runIdempotent runs f under the call's reserved key and settles the
// reservation: the response is stored on success; a refusal (4xx, nothing
// appended) releases the key; any other error abandons it, so that a retry
// of the same request takes it over and finds events that did commit by
// their derived ids. A committed write is answered with success even when
// its response cannot be stored.
func (s *Server) runIdempotent(w http.ResponseWriter, r *http.Request, c *call, hash []byte, status int, f writeFunc) {
	res, err := f(r.Context(), c)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), settleTimeout)
	defer cancel()
	if err != nil {
		settle := s.api.Idempotency.Abandon
		if problemFor(err).Status < 500 {
			settle = s.api.Idempotency.Release
		}
		if serr := settle(ctx, c.p.NIP, c.key, hash); serr != nil {
			s.logSettle(r, serr)
		}
		s.writeError(w, r, err)
		return
	}
	resp := storedResult(hash, status, res, c.hint)
	if serr := s.api.Idempotency.Complete(ctx, c.p.NIP, c.key, resp); serr != nil {
		s.logSettle(r, serr)
		if aerr := s.api.Idempotency.Abandon(ctx, c.p.NIP, c.key, hash); aerr != nil {
			s.logSettle(r, aerr)
		}
	}
	writeStored(w, resp)
}

// storedResult is the response to a command's result, with the
// distribution hint of a rating (nil for other writes).
func storedResult(hash []byte, status int, res command.Result, hint *distributionHint) StoredResponse {
	// A struct of strings and numbers always marshals.
	body, _ := json.Marshal(writeResponse{Stream: res.Stream, Version: res.Version, Position: res.Position, EventIDs: res.EventIDs,
		DistributionHint: hint})
	return StoredResponse{RequestHash: hash, Status: status, ETag: etag(res.Version), Body: append(body, '\n')}
}

// logSettle logs a failure to record the outcome of a reservation.
func (s *Server) logSettle(r *http.Request, err error) {
	s.deps.Logger.ErrorContext(r.Context(), "idempotency key not settled", "error", err.Error(),
		"request_id", RequestID(r.Context()))
}
