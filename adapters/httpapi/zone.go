package httpapi

import (
	"bytes"
	"context"
	"mime"
	"net/http"
	"regexp"
	"time"

	"github.com/kinerja/kinerja/domain/civil"
)

// Timestamps are shown in the time zone of the caller's instansi (WIB,
// WITA or WIT, its setting; see domain/instansi), as RFC 3339 with the
// zone's offset, such as 2025-01-07T10:00:00+08:00. Handlers marshal
// instants as they hold them; zoned rewrites every timestamp value of a
// JSON or CSV response once the handler is done, so that no view has to
// know the zone and none can forget it. Calendar dates (YYYY-MM-DD) are
// not instants and are left alone.

// timestampRe matches an RFC 3339 timestamp as Go writes one.
var timestampRe = regexp.MustCompile(`[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,9})?(?:Z|[+-][0-9]{2}:[0-9]{2})`)

// bodyKind is what zoned does with a response.
type bodyKind int

const (
	bodyUndecided bodyKind = iota
	bodyPass
	jsonBody
	csvBody
)

// zoneWriter buffers a JSON or CSV response for zoned and passes anything
// else (streams, pages, YAML) through untouched.
type zoneWriter struct {
	http.ResponseWriter
	kind   bodyKind
	status int
	buf    bytes.Buffer
}

// WriteHeader decides from the Content-Type whether to buffer.
func (z *zoneWriter) WriteHeader(code int) {
	if z.kind != bodyUndecided {
		return
	}
	ct, _, _ := mime.ParseMediaType(z.Header().Get("Content-Type"))
	switch ct {
	case "application/json", ProblemContentType:
		z.kind = jsonBody
	case "text/csv":
		z.kind = csvBody
	default:
		z.kind = bodyPass
		z.ResponseWriter.WriteHeader(code)
	}
	z.status = code
}

// Write buffers or passes b.
func (z *zoneWriter) Write(b []byte) (int, error) {
	if z.kind == bodyUndecided {
		z.WriteHeader(http.StatusOK)
	}
	if z.kind == bodyPass {
		return z.ResponseWriter.Write(b)
	}
	return z.buf.Write(b)
}

// Flush flushes a response passed through (a stream). A flush before
// anything was written sends the header, as it does without zoned: a
// stream's client waits for it.
func (z *zoneWriter) Flush() {
	if z.kind == bodyUndecided {
		z.WriteHeader(http.StatusOK)
	}
	if f, ok := z.ResponseWriter.(http.Flusher); ok && z.kind == bodyPass {
		f.Flush()
	}
}

// FlushError is Flush for http.ResponseController.
func (z *zoneWriter) FlushError() error {
	if z.kind == bodyUndecided {
		z.WriteHeader(http.StatusOK)
	}
	if z.kind != bodyPass {
		return nil
	}
	return http.NewResponseController(z.ResponseWriter).Flush()
}

// Unwrap returns the underlying writer, for http.ResponseController.
func (z *zoneWriter) Unwrap() http.ResponseWriter { return z.ResponseWriter }

// zoned shows the timestamps of JSON and CSV responses in the zone of the
// caller's instansi, or of API.Location for a caller not authenticated.
func (s *Server) zoned(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/me/events" { // the live stream: passed as it is
			next.ServeHTTP(w, r)
			return
		}
		z := &zoneWriter{ResponseWriter: w}
		next.ServeHTTP(z, r)
		if z.kind == bodyPass || z.kind == bodyUndecided {
			return
		}
		body := rezone(z.buf.Bytes(), s.zoneOf(r.Context()), z.kind == csvBody)
		w.Header().Del("Content-Length")
		w.WriteHeader(z.status)
		_, _ = w.Write(body)
	})
}

// zoneOf returns the zone of the authenticated caller's instansi, or
// API.Location (WIB by default).
func (s *Server) zoneOf(ctx context.Context) *time.Location {
	def := civil.DefaultZone()
	if s.api != nil {
		def = s.api.Location
	}
	info, ok := ctx.Value(requestInfoKey{}).(*requestInfo)
	if !ok || info.instansi == "" || s.api == nil || s.api.Service == nil {
		return def
	}
	loc, err := s.api.Service.InstansiZone(ctx, info.instansi)
	if err != nil {
		return def
	}
	return loc
}

// rezone rewrites the timestamps of a JSON document (string values that are
// a whole timestamp, outside "data" members, which hold event payloads as
// the log keeps them) or a CSV table (cells that are one) into loc. A body
// it cannot read is returned as it is.
func rezone(b []byte, loc *time.Location, csv bool) []byte {
	if csv {
		return rezoneCSV(b, loc)
	}
	out, err := rezoneJSON(b, loc)
	if err != nil {
		return b
	}
	return out
}

// inZone returns s in loc if it is a whole RFC 3339 timestamp.
func inZone(s string, loc *time.Location) (string, bool) {
	if len(s) < 20 || len(s) > 40 || !timestampRe.MatchString(s) {
		return s, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s, false
	}
	return t.In(loc).Format(time.RFC3339Nano), true
}

// rezoneCSV rewrites the cells of a CSV table that are a whole timestamp.
func rezoneCSV(b []byte, loc *time.Location) []byte {
	out := make([]byte, 0, len(b)+64)
	last := 0
	for _, m := range timestampRe.FindAllIndex(b, -1) {
		i, j := m[0], m[1]
		before := i == 0 || b[i-1] == ',' || b[i-1] == '\n' || (i == 3 && bytes.HasPrefix(b, []byte("\ufeff")))
		after := j == len(b) || b[j] == ',' || b[j] == '\r' || b[j] == '\n'
		v, ok := inZone(string(b[i:j]), loc)
		if !before || !after || !ok {
			continue
		}
		out = append(append(out, b[last:i]...), v...)
		last = j
	}
	return append(out, b[last:]...)
}
