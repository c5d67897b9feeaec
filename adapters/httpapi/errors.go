package httpapi

import (
	"errors"
	"net/http"

	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// More problem types; see the constants in problem.go.
const (
	// TypeMalformed: the request body is not the JSON (or CSV) it must be.
	TypeMalformed = problemBase + "malformed-request"
	// TypeValidation: the request is well formed but a field is invalid;
	// the errors member lists the fields.
	TypeValidation = problemBase + "validation"
	// TypeUnauthorized: no valid bearer token.
	TypeUnauthorized = problemBase + "unauthorized"
	// TypeForbidden: the caller may not do this to this object.
	TypeForbidden = problemBase + "forbidden"
	// TypeVersionConflict: the stream changed since the caller read it; the
	// current_version member says what it is now.
	TypeVersionConflict = problemBase + "version-conflict"
	// TypeRuleViolated: a domain rule forbids the command now; the code
	// member names the rule.
	TypeRuleViolated = problemBase + "rule-violated"
	// TypeIdempotencyKeyReused: an Idempotency-Key was sent again with a
	// different request.
	TypeIdempotencyKeyReused = problemBase + "idempotency-key-reused"
	// TypeIdempotencyInProgress: the first request with this Idempotency-Key
	// is still running; Retry-After says when to ask again.
	TypeIdempotencyInProgress = problemBase + "idempotency-in-progress"
	// TypePayloadTooLarge: the body exceeds the limit.
	TypePayloadTooLarge = problemBase + "payload-too-large"
	// TypeUnsupportedMediaType: the body has the wrong Content-Type.
	TypeUnsupportedMediaType = problemBase + "unsupported-media-type"
)

// titles gives the fixed title of each problem type.
func titles() map[string]string {
	return map[string]string{
		TypeMalformed: "Malformed request", TypeValidation: "Invalid request", TypeUnauthorized: "Unauthorized",
		TypeForbidden: "Forbidden", TypeNotFound: "Not found", TypeVersionConflict: "Version conflict",
		TypeRuleViolated: "Rule violated", TypeIdempotencyKeyReused: "Idempotency key reused",
		TypePayloadTooLarge: "Payload too large", TypeUnsupportedMediaType: "Unsupported media type",
		TypeInternal: "Internal server error", TypeMethodNotAllowed: "Method not allowed",
		TypeIdempotencyInProgress: "Idempotency key in progress", TypeUnavailable: "Service unavailable",
		TypePreconditionFailed: "Precondition failed", TypeTooManyRequests: "Too many requests",
	}
}

// requestError is a problem found in the request itself by this package
// (decoding, headers, authorization, idempotency).
type requestError struct {
	typ    string
	detail string
	fields []FieldError
}

func (e *requestError) Error() string { return e.detail }

// newRequestError returns a requestError of type typ.
func newRequestError(typ, detail string, fields ...FieldError) *requestError {
	return &requestError{typ: typ, detail: detail, fields: fields}
}

// forbidden returns the error of an authorization denial.
func forbidden(detail string) error { return newRequestError(TypeForbidden, detail) }

// statusOf returns the HTTP status of each problem type.
func statusOf(typ string) int {
	switch typ {
	case TypeMalformed, TypeValidation:
		return http.StatusBadRequest
	case TypeUnauthorized:
		return http.StatusUnauthorized
	case TypeForbidden:
		return http.StatusForbidden
	case TypeNotFound:
		return http.StatusNotFound
	case TypeMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case TypeVersionConflict, TypeIdempotencyInProgress:
		return http.StatusConflict
	case TypePayloadTooLarge:
		return http.StatusRequestEntityTooLarge
	case TypeUnsupportedMediaType:
		return http.StatusUnsupportedMediaType
	case TypeRuleViolated, TypeIdempotencyKeyReused:
		return http.StatusUnprocessableEntity
	case TypeUnavailable:
		return http.StatusServiceUnavailable
	case TypePreconditionFailed:
		return http.StatusPreconditionFailed
	case TypeTooManyRequests:
		return http.StatusTooManyRequests
	}
	return http.StatusInternalServerError
}

// problemFor is the one table from errors to problems: request errors of
// this package, authentication, the store's concurrency conflict, and every
// domain and use-case sentinel (see domainErrors). Anything else is a 500
// whose detail reveals nothing of err.
func problemFor(err error) Problem {
	var re *requestError
	var ce *eventlog.ConcurrencyError
	var pe *preconditionError
	var missing *command.StreamNotFoundError
	switch {
	case errors.As(err, &pe):
		return preconditionProblem(pe)
	case errors.As(err, &re):
		return newProblem(re.typ, re.detail, "", re.fields)
	case errors.As(err, &missing):
		return problemFor(missingStream(missing.Stream))
	case errors.Is(err, errUnauthenticated):
		return newProblem(TypeUnauthorized, err.Error(), "", nil)
	case errors.As(err, &ce):
		// Without If-Match the server read, decided and retried itself:
		// other writes to the same resource kept coming in between.
		p := newProblem(TypeVersionConflict, "Other changes to the resource were recorded at the same time, so this one was not: "+
			"read it again and retry (with If-Match set to its current version to be sure what you change).", "", nil)
		actual := ce.Actual
		p.CurrentVersion = &actual
		return p
	}
	if p, ok := textProblem(err); ok {
		return p
	}
	if isUnavailable(err) {
		return newProblem(TypeUnavailable, "The database cannot be reached now; retry after the time in Retry-After.", "", nil)
	}
	for _, k := range domainErrors() {
		if errors.Is(err, k.err) {
			return newProblem(k.typ, err.Error(), k.code, fieldsOf(err))
		}
	}
	return newProblem(TypeInternal, "The server could not complete the request. Quote the request id when reporting this.", "", nil)
}

// fieldsOf returns the field a domain error names (such as an RHK's
// supports that does not cascade, or an invalid field of a plan), if it
// names one, with the field's own message when it has one.
func fieldsOf(err error) []FieldError {
	var f interface{ FieldName() string }
	if !errors.As(err, &f) {
		return nil
	}
	msg := err.Error()
	if m, ok := f.(interface{ FieldMessage() string }); ok {
		msg = m.FieldMessage()
	}
	return []FieldError{{Field: f.FieldName(), Message: msg}}
}

// newProblem assembles a problem of type typ.
func newProblem(typ, detail, code string, fields []FieldError) Problem {
	return Problem{Type: typ, Title: titles()[typ], Status: statusOf(typ), Detail: detail, Code: code, Errors: fields}
}

// writeError writes the problem for err, logging errors that become 5xx
// with their full text (which the response never shows).
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	p := problemFor(err)
	switch {
	case p.Status >= 500 && r.Context().Err() != nil:
		// The client went away: nothing an operator can act on.
		s.deps.Logger.InfoContext(r.Context(), "request ended: the client went away", "error", err.Error(), "request_id", RequestID(r.Context()))
	case p.Status >= 500:
		s.deps.Logger.ErrorContext(r.Context(), "request failed", "error", err.Error(), "request_id", RequestID(r.Context()))
	}
	switch p.Status {
	case http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="kinerja"`)
	case http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", retryAfterUnavailable)
	case http.StatusTooManyRequests:
		w.Header().Set("Retry-After", retryAfterTooMany)
	case http.StatusUnsupportedMediaType:
		// RFC 9110 12.5.3: the content codings the server accepts.
		w.Header().Set("Accept-Encoding", "identity")
	}
	WriteProblem(w, r, p)
}
