package httpapi

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/gorilla/mux"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// call is one authenticated /v1 request.
type call struct {
	r    *http.Request
	p    Principal
	vars map[string]string
	body []byte
	// key is the request's Idempotency-Key, scoped to the caller.
	key      string
	ifMatch  *uint64
	ifExists bool // If-Match: *, the resource exists
	meta     command.Meta
	// hint is the distribution hint a rating adds to its write response.
	hint *distributionHint
}

// decode decodes the JSON body, which must be application/json, into dst
// (see decodeBody).
func (c *call) decode(dst any) error {
	if err := requireMediaType(c.r, "application/json"); err != nil {
		return err
	}
	return decodeBody(bytes.NewReader(c.body), dst)
}

// as returns the command metadata for acting as by.
func (c *call) as(by actor.Actor) command.Meta {
	m := c.meta
	m.Actor = by
	return m
}

// writeFunc is the part of a write handler between the plumbing: it
// decodes, authorizes and calls the Service.
type writeFunc func(ctx context.Context, c *call) (command.Result, error)

// readFunc is the part of a read handler that authorizes and loads: it
// returns the body and the stream version for the ETag.
type readFunc func(ctx context.Context, c *call) (any, uint64, error)

// writeResponse is the body of every successful write. Ratings add the
// unit's distribution hint (see handlers_hint.go).
type writeResponse struct {
	Stream           string            `json:"stream"`
	Version          uint64            `json:"version"`
	Position         uint64            `json:"position"`
	EventIDs         []string          `json:"event_ids"`
	DistributionHint *distributionHint `json:"distribution_hint,omitempty"`
}

// etag formats a stream version as a strong entity tag.
func etag(version uint64) string { return `"` + strconv.FormatUint(version, 10) + `"` }

// headersOnce refuses a request that sends one of names more than once:
// which one counts (the first, for Go) is a guess the server must not make
// for the caller's identity, precondition or idempotency key.
func headersOnce(r *http.Request, names ...string) error {
	var errs []FieldError
	for _, n := range names {
		if len(r.Header.Values(n)) > 1 {
			errs = append(errs, FieldError{Field: n, Message: "sent more than once; send it once"})
		}
	}
	if len(errs) > 0 {
		return newRequestError(TypeValidation, "A header that must be sent once was sent more than once.", errs...)
	}
	return nil
}

// begin authenticates the request and reads its body and headers into a call.
func (s *Server) begin(w http.ResponseWriter, r *http.Request) (*call, error) {
	if err := headersOnce(r, "Authorization", "If-Match", IdempotencyKeyHeader, "Last-Event-ID"); err != nil {
		return nil, err
	}
	p, former, err := s.authenticateFormer(r.Context(), r.Header.Get("Authorization"), formerMay(r))
	if err != nil {
		return nil, err
	}
	noteCaller(r.Context(), p)
	c := &call{r: r, p: p, vars: mux.Vars(r)}
	if former && c.vars["nip"] != p.NIP {
		return nil, errFormerElsewhere
	}
	if r.Body != nil {
		c.body, err = io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
		if err != nil {
			return nil, bodyReadProblem(err)
		}
	}
	if c.ifMatch, err = parseIfMatch(r.Header.Get("If-Match")); err != nil {
		return nil, err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return nil, err
	}
	if key != "" {
		c.key = p.NIP + "/" + key
	}
	c.ifExists = strings.TrimSpace(r.Header.Get("If-Match")) == "*"
	c.meta = command.Meta{At: s.now(), RequestID: RequestID(r.Context()), IdempotencyKey: c.key,
		CorrelationID: r.Header.Get("X-Correlation-Id"), Client: clientOf(r), IfMatch: c.ifMatch, IfExists: c.ifExists}
	return c, nil
}

// writeHandler serves a command: authenticate, read, reserve the
// Idempotency-Key (or answer a retry from what holds it), run f, and write
// the result with its ETag, kept for retries. A command takes no query
// parameter: one given (a ?dry_run=true the API does not have) is a 400,
// not a command carried out.
func (s *Server) writeHandler(status int, f writeFunc) http.HandlerFunc {
	f = ifMatchChecked(f)
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := s.begin(w, r)
		if err == nil {
			err = noQuery(r)
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		hash := requestHash(r, c.body)
		if c.key != "" {
			if s.reserve(w, r, c, hash) {
				s.runIdempotent(w, r, c, hash, status, f)
			}
			return
		}
		res, err := f(r.Context(), c)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		writeStored(w, storedResult(hash, status, res, c.hint))
	}
}

func writeStored(w http.ResponseWriter, resp StoredResponse) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	if resp.ETag != "" {
		h.Set("ETag", resp.ETag)
	}
	w.WriteHeader(resp.Status)
	_, _ = w.Write(resp.Body)
}

// readHandler serves the state of a stream with its version as ETag. A
// query parameter other than params is a 400, as on the lists, so that a
// misspelt as_of is not answered with the current state.
func (s *Server) readHandler(f readFunc, params ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := s.begin(w, r)
		if err == nil {
			if errs := checkParams(r.URL.Query(), params...); len(errs) > 0 {
				err = newRequestError(TypeValidation, "The query has invalid parameters.", errs...)
			}
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		v, version, err := f(r.Context(), c)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		w.Header().Set("ETag", etag(version))
		s.writeJSON(w, r, http.StatusOK, v)
	}
}

// noQuery refuses a write with a query string: every command, import and
// replay takes its fields in the body (or path), so a parameter it does not
// have (?dry_run=true) must not let it act for real.
func noQuery(r *http.Request) error {
	if r.URL.RawQuery == "" && !r.URL.ForceQuery {
		return nil
	}
	errs := checkParams(r.URL.Query())
	if len(errs) == 0 {
		errs = []FieldError{{Field: "query", Message: "a write takes no query string"}}
	}
	return newRequestError(TypeValidation, "A write takes no query parameters: send its fields in the body.", errs...)
}

// parseIfMatch reads an If-Match header: empty is no condition, "*" (the
// resource exists) is handled by the caller, otherwise one entity tag
// holding a stream version.
func parseIfMatch(h string) (*uint64, error) {
	h = strings.TrimSpace(h)
	if h == "" || h == "*" {
		return nil, nil
	}
	// Stream versions, like positions, are PostgreSQL bigints.
	v, err := eventlog.ParsePosition(strings.Trim(strings.TrimPrefix(h, "W/"), `"`))
	if err != nil {
		return nil, newRequestError(TypeValidation, "If-Match must be one ETag from a previous response, such as \"3\".",
			FieldError{Field: "If-Match", Message: "not a stream version"})
	}
	return &v, nil
}

// clientOf names the client for the event metadata: its User-Agent, cut short.
func clientOf(r *http.Request) string {
	return printableClient(r.Header.Get("User-Agent"), 100)
}

// pathInt reads a non-negative integer path variable. The route's pattern
// admits its canonical spelling only (see routes.go); any other, should a
// pattern let one through, names no resource, as it would had the route
// refused it.
func (c *call) pathInt(name string) (int, error) {
	v := c.vars[name]
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || strconv.Itoa(n) != v {
		return 0, newRequestError(TypeNotFound, "No resource exists at this path.")
	}
	return n, nil
}
