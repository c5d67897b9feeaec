package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gorilla/mux"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// RequestIDHeader is the header that carries a request's id in and out.
const RequestIDHeader = "X-Request-Id"

// unmatchedRoute labels requests that matched no route, so that unknown
// paths cannot blow up the metrics' cardinality.
const unmatchedRoute = "unmatched"

type requestInfoKey struct{}

// requestInfo travels in a request's context. The router fills route once it
// has matched, so the outer middleware can label logs and metrics with it.
type requestInfo struct {
	id    string
	route string
	// subject, roles and instansi are the authenticated caller's (noteCaller).
	subject, instansi string
	roles             []string
	// resourceInstansi are the instansi of the employees whose data the
	// request read, other than the caller's (noteResourceInstansi).
	resourceInstansi []string
}

// RequestID returns the id of the request ctx belongs to, or "" outside a
// request.
func RequestID(ctx context.Context) string {
	if info, ok := ctx.Value(requestInfoKey{}).(*requestInfo); ok {
		return info.id
	}
	return ""
}

// withNoSniff tells browsers, on every response, not to guess a content
// type other than the one sent (JSON, problem+json, CSV, PDF, the console's
// HTML): personal data must not be run as a script or rendered as a page.
func withNoSniff(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		next.ServeHTTP(w, r)
	})
}

// withRequestID takes the request id from X-Request-Id when it is acceptable,
// or makes a new UUIDv7, stores it in the context and echoes it in the
// response header.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(RequestIDHeader)
		if !validRequestID(id) {
			id = eventlog.NewID()
		}
		w.Header().Set(RequestIDHeader, id)
		ctx := context.WithValue(r.Context(), requestInfoKey{}, &requestInfo{id: id})
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// MaxRequestIDLen bounds a client's X-Request-Id.
const MaxRequestIDLen = 128

// validRequestID accepts 1 to MaxRequestIDLen characters of letters,
// digits and - _ . : + / = (UUIDs, hex and base64 trace ids), so that a
// client's id cannot inject anything into logs, headers, or a page that
// shows it (no < > " ' & ; \ or spaces).
func validRequestID(id string) bool {
	if len(id) == 0 || len(id) > MaxRequestIDLen {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.:+/=", c) >= 0) {
			return false
		}
	}
	return true
}

// visibleASCII reports whether s holds visible ASCII characters only (no
// space or control character).
func visibleASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x21 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// routeRecorder is router middleware: it records the matched route's path
// template in the request's info, in its documented form without the
// variables' patterns (/v1/skp/{nip}/{year}): the log line's route and the
// metrics' route label, one value per route of the route table.
func routeRecorder(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if info, ok := r.Context().Value(requestInfoKey{}).(*requestInfo); ok {
			if tpl, err := mux.CurrentRoute(r).GetPathTemplate(); err == nil {
				info.route = openAPIPathOf(tpl)
			}
		}
		next.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status and counts the bytes of a response's
// body: none for a HEAD, whose body net/http drops.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
	head   bool
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	if !s.head {
		s.bytes += int64(n)
	}
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusRecorder) Unwrap() http.ResponseWriter { return s.ResponseWriter }

// observe writes one structured log line and updates the metrics for every
// request, after it has been served.
func observe(logger *slog.Logger, m *metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, head: r.Method == http.MethodHead}
		next.ServeHTTP(rec, r)
		elapsed := time.Since(start)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		route, info := unmatchedRoute, &requestInfo{}
		if i, ok := r.Context().Value(requestInfoKey{}).(*requestInfo); ok {
			info = i
		}
		roles := info.roles
		if roles == nil {
			roles = []string{}
		}
		if info.route != "" {
			route = info.route
		}
		m.observe(r.Method, route, rec.status, elapsed)
		level := slog.LevelInfo
		if rec.status >= 500 && r.Context().Err() == nil {
			level = slog.LevelError // a client that went away is no server error
		}
		logger.LogAttrs(r.Context(), level, "http request",
			slog.String("method", r.Method), slog.String("route", route), slog.String("path", r.URL.Path),
			slog.Int("status", rec.status), slog.Int64("bytes", rec.bytes),
			slog.Float64("duration_ms", float64(elapsed.Microseconds())/1000),
			slog.String("request_id", RequestID(r.Context())), slog.String("remote", r.RemoteAddr),
			slog.String("subject", info.subject), slog.Any("roles", roles), slog.Bool("client_gone", r.Context().Err() != nil))
	})
}

// recoverer turns a panic in a handler into a logged error and, if nothing
// was sent yet, a 500 problem that reveals no internals.
func recoverer(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v) // the documented way to abort a response; net/http handles it.
			}
			logger.LogAttrs(r.Context(), slog.LevelError, "panic in handler",
				slog.String("panic", fmt.Sprint(v)), slog.String("stack", string(debug.Stack())),
				slog.String("request_id", RequestID(r.Context())))
			if rec, ok := w.(*statusRecorder); ok && rec.status != 0 {
				return // the response has begun; the client sees it cut short.
			}
			WriteProblem(w, r, Problem{Type: TypeInternal, Title: "Internal server error", Status: http.StatusInternalServerError,
				Detail: "The server could not complete the request. Quote the request id when reporting this."})
		}()
		next.ServeHTTP(w, r)
	})
}
