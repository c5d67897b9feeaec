package httpapi

import (
	"context"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/kinerja/kinerja/domain/access"
)

// Who read what: every authenticated request to a route that returns
// personal data (personalRoutes) is recorded in the access log, whatever its
// outcome, with its status: a 403 or 404 on someone's SKP is as telling to
// an auditor as a 200. Requests without a valid token are not recorded
// (they have no subject); the request log has them.

// AccessLog keeps the access log. Record must not block a request for long:
// it queues the entry (an implementation documents what happens when its
// queue is full). Search returns one page of the entries that match f in
// (At, ID) order, a page shorter than f.PageSize() being the last; errors
// wrap access.ErrBadFilter for an impossible filter.
type AccessLog interface {
	Record(e access.Entry)
	Search(ctx context.Context, f access.Filter) ([]access.Entry, error)
}

// personalRoute says what a route that returns personal data reads: the
// resource kind recorded, and the path variable holding the resource's id
// ("" for lists, whose filters are in the query string).
type personalRoute struct {
	kind, idVar string
}

// personalRoutes are the GET routes that return personal data, by path
// template. TestEveryReadRouteIsClassified makes sure that each GET route
// of /v1 is either here or in publicRoutes.
var personalRoutes = map[string]personalRoute{
	"/v1/employees" + pNIP: {"employee", "nip"},
	pSKP:                   {"skp", "nip"},
	pSKP + "/document.pdf": {"evaluation_document", "nip"},
	"/v1/employees" + pNIP + "/skp" + pYear + "/score-trail": {"score_trail", "nip"},
	"/v1/employees" + pNIP + "/history":                      {"history", "nip"},
	"/v1/standings":                                          {"standings", ""},
	"/v1/standings" + pNIP + pYear:                           {"standing", "nip"},
	"/v1/standings" + pNIP + pYear + "/explain":              {"standing_explanation", "nip"},
	"/v1/promotion-candidates":                               {"promotion_candidates", ""},
	"/v1/promotion-candidates" + pNIP + "/explain":           {"promotion_explanation", "nip"},
	"/v1" + pUnit + "/report":                                {"unit_report", "code"},
	"/v1" + pUnit + "/cascade":                               {"unit_cascade", "code"},
	"/v1/training-needs":                                     {"training_needs", ""},
	"/v1/allowance":                                          {"allowance", ""},
	"/v1/me/worklist":                                        {"worklist", ""},
	"/v1/audit/events":                                       {"audit_events", ""},
	"/v1/audit/access":                                       {"access_log", ""},
	pReplay + "/standings":                                   {"replay_standings", "schema"},
	pReplay + "/diff":                                        {"replay_diff", "schema"},
	"/v1/employees" + pNIP + "/training-needs":               {"employee_training_needs", "nip"},
	"/v1/me/events":                                          {"live_events", ""},
}

// publicRoutes are the GET routes of /v1 that return no personal data:
// organisation structure, periods, replay bookkeeping, projection status
// and the verification of the hash chain, and the instansi's policies (the
// rule book; its adoptions name the admin who acted in an official act).
var publicRoutes = map[string]bool{
	"/v1/policies":            true,
	"/v1/instansi/{instansi}": true, // its settings (time zone)
	"/v1" + pUnit:             true,
	pPeriod:                   true,
	"/v1/replays":             true,
	pReplay:                   true,
	"/v1/projections":         true,
	"/v1/audit/verify":        true,
}

// noteCaller records the authenticated caller in the request's info, for
// the request log line and the access log.
func noteCaller(ctx context.Context, p Principal) {
	info, ok := ctx.Value(requestInfoKey{}).(*requestInfo)
	if !ok {
		return
	}
	info.subject, info.instansi = p.NIP, p.Instansi
	info.roles = make([]string, len(p.Roles))
	for i, r := range p.Roles {
		info.roles[i] = string(r)
	}
}

// noteResourceInstansi records, for the access log, that the request reads
// the data of an employee of instansi, if that is not the caller's own: the
// auditors of both instansi then find the read.
func noteResourceInstansi(ctx context.Context, instansi string) {
	info, ok := ctx.Value(requestInfoKey{}).(*requestInfo)
	if ok && instansi != "" && instansi != info.instansi && !slices.Contains(info.resourceInstansi, instansi) {
		info.resourceInstansi = append(info.resourceInstansi, instansi)
	}
}

// recordAccess is router middleware: a GET (or HEAD: its status and ETag
// tell as much) of a personal-data route by an authenticated caller hands
// an entry to the access log as the response's status is written, so
// before the client can have the response. A handler that panics before
// answering is recorded with status 500.
func (s *Server) recordAccess(next http.Handler) http.Handler {
	if s.api == nil || s.api.Access == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		tpl, err := mux.CurrentRoute(r).GetPathTemplate()
		_, personal := personalRoutes[tpl]
		if err != nil || !personal || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
			next.ServeHTTP(w, r)
			return
		}
		at := time.Now()
		aw := &accessWriter{ResponseWriter: w, record: func(status int) {
			info, ok := r.Context().Value(requestInfoKey{}).(*requestInfo)
			if !ok || info.subject == "" {
				return
			}
			s.api.Access.Record(accessEntry(r, at, status, info.resourceInstansi))
		}}
		defer func() {
			if !aw.recorded {
				aw.recorded = true
				aw.record(http.StatusInternalServerError) // the handler panicked before answering.
			}
		}()
		next.ServeHTTP(aw, r)
	})
}

// accessEntry is the access log entry of the personal-data read r, at at,
// answered with status, of the data of the employees of others (other
// instansi than the caller's). r has passed recordAccess.
func accessEntry(r *http.Request, at time.Time, status int, others []string) access.Entry {
	info, _ := r.Context().Value(requestInfoKey{}).(*requestInfo)
	tpl, _ := mux.CurrentRoute(r).GetPathTemplate()
	pr := personalRoutes[tpl]
	return access.Entry{At: at, Subject: info.subject, Roles: info.roles, Instansi: info.instansi,
		Method: r.Method, Route: openAPIPathOf(tpl), ResourceKind: pr.kind, ResourceID: mux.Vars(r)[pr.idVar],
		Query: r.URL.RawQuery, Status: status, RequestID: info.id, ClientAddr: hostOf(r.RemoteAddr),
		ResourceInstansi: others}
}

// noteForeignRead returns what a live stream calls with the instansi of
// each event it writes that is not the caller's (an evaluatee's of another
// instansi): the first event of each such instansi adds an entry to the
// access log naming it, so that its auditors find the stream. The entry
// recorded when the stream opened could not know which instansi it would
// carry.
func (s *Server) noteForeignRead(r *http.Request, own string) func(instansi string) {
	if s.api == nil || s.api.Access == nil {
		return nil
	}
	info, ok := r.Context().Value(requestInfoKey{}).(*requestInfo)
	if !ok || info.subject == "" {
		return nil
	}
	seen := map[string]bool{}
	return func(instansi string) {
		if instansi == "" || instansi == own || seen[instansi] || len(seen) >= access.MaxResourceInstansi {
			return
		}
		seen[instansi] = true
		s.api.Access.Record(accessEntry(r, time.Now(), http.StatusOK, []string{instansi}))
	}
}

// accessWriter calls record with the response's final status once, when
// the status is written.
type accessWriter struct {
	http.ResponseWriter
	record   func(status int)
	recorded bool
}

func (a *accessWriter) WriteHeader(code int) {
	if !a.recorded && code >= 200 {
		a.recorded = true
		a.record(code)
	}
	a.ResponseWriter.WriteHeader(code)
}

func (a *accessWriter) Write(b []byte) (int, error) {
	if !a.recorded {
		a.recorded = true
		a.record(http.StatusOK)
	}
	return a.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (a *accessWriter) Unwrap() http.ResponseWriter { return a.ResponseWriter }

// hostOf returns the host of a host:port address, or the address as it is.
func hostOf(addr string) string {
	if h, _, err := net.SplitHostPort(addr); err == nil {
		return h
	}
	return addr
}

// openAPIPathOf turns a mux path template into its documented form:
// {year:[1-9][0-9]{3}} becomes {year}.
func openAPIPathOf(tpl string) string {
	var b strings.Builder
	depth, skipping := 0, false
	for _, r := range tpl {
		switch {
		case r == '{':
			depth++
			if depth == 1 {
				b.WriteRune(r)
			}
		case r == '}':
			depth--
			if depth == 0 {
				skipping = false
				b.WriteRune(r)
			}
		case depth == 1 && r == ':':
			skipping = true
		case depth > 1 || skipping:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
