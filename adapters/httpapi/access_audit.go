package httpapi

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kinerja/kinerja/domain/access"
	"github.com/kinerja/kinerja/domain/actor"
)

// accessEntryView is one entry of the access log as an auditor reads it.
type accessEntryView struct {
	ID           int64     `json:"id"`
	At           time.Time `json:"at"`
	Subject      string    `json:"subject"`
	Roles        []string  `json:"roles"`
	Instansi     string    `json:"instansi"`
	Method       string    `json:"method"`
	Route        string    `json:"route"`
	ResourceKind string    `json:"resource_kind"`
	ResourceID   string    `json:"resource_id"`
	Query        string    `json:"query"`
	Status       int       `json:"status"`
	RequestID    string    `json:"request_id"`
	ClientAddr   string    `json:"client_addr"`
	// ResourceInstansi are the instansi of the data read other than the
	// reader's (see access.Entry).
	ResourceInstansi []string `json:"resource_instansi"`
}

// accessPageView is one page of an access log search.
type accessPageView struct {
	Entries []accessEntryView `json:"entries"`
	// NextAfter is the after of the next page, or null on the last page.
	NextAfter *string `json:"next_after"`
}

// searchAccess searches the access log of the caller's instansi (its
// readers' reads, and the reads of its data by officials of another
// instansi) by reader, resource and time, one page at a time, for an
// auditor.
func (s *Server) searchAccess(ctx context.Context, c *call) (listing, error) {
	if !c.p.Has(actor.Auditor) {
		return listing{}, forbidden("Only an auditor may read the access log.")
	}
	f, err := accessFilterOf(c.r.URL.Query())
	if err != nil {
		return listing{}, err
	}
	f.Instansi = c.p.Instansi
	// One entry more than the page tells whether another page follows,
	// so that the last page says so even when it is exactly full.
	f.Peek = true
	es, err := s.api.Access.Search(ctx, f)
	if err != nil {
		return listing{}, err
	}
	more := len(es) > f.PageSize()
	es = es[:min(len(es), f.PageSize())]
	v := accessPageView{Entries: make([]accessEntryView, 0, len(es))}
	for _, e := range es {
		v.Entries = append(v.Entries, accessEntryView{ID: e.ID, At: e.At.UTC(), Subject: e.Subject, Roles: nonNil(e.Roles),
			Instansi: e.Instansi, Method: e.Method, Route: e.Route, ResourceKind: e.ResourceKind, ResourceID: e.ResourceID,
			Query: e.Query, Status: e.Status, RequestID: e.RequestID, ClientAddr: e.ClientAddr,
			ResourceInstansi: resourceInstansiFor(c.p.Instansi, e)})
	}
	l := listing{body: &v, table: func() table { return accessTable(v.Entries) }, filename: "audit-access"}
	if more {
		next := access.CursorOf(es[len(es)-1]).String()
		v.NextAfter = &next
		l.header = http.Header{"X-Next-After": {next}}
	}
	return l, nil
}

// resourceInstansiFor returns the instansi of the data e read, as the
// auditors of instansi may see them: all of them for a read by one of
// instansi's readers; for a read of instansi's data by an official of
// another (found through its resource_instansi), instansi alone. The others
// it read (a worklist listing evaluatees of several instansi, a live stream
// carrying their events) are none of this instansi's business: the entry
// would tell its auditors that the official also evaluates someone there.
func resourceInstansiFor(instansi string, e access.Entry) []string {
	if e.Instansi == instansi {
		return nonNil(e.ResourceInstansi)
	}
	if slices.Contains(e.ResourceInstansi, instansi) {
		return []string{instansi}
	}
	return []string{}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// accessTable is the CSV form of access log entries.
func accessTable(es []accessEntryView) table {
	var rows [][]string
	for _, e := range es {
		rows = append(rows, []string{strconv.FormatInt(e.ID, 10), e.At.Format(time.RFC3339Nano), e.Subject,
			strings.Join(e.Roles, " "), e.Instansi, e.Method, e.Route, e.ResourceKind, e.ResourceID, e.Query,
			strconv.Itoa(e.Status), e.RequestID, e.ClientAddr, strings.Join(e.ResourceInstansi, " ")})
	}
	return table{cols: accessColumns, rows: rows}
}

// accessParams are the query parameters of GET /v1/audit/access; each
// appears at most once.
var accessParams = []string{"subject", "resource_id", "kind", "from", "to", "after", "limit"}

// accessFilterOf reads an access log search from query parameters. Every
// problem is a field error; unknown parameters are errors too, so that a
// misspelt filter cannot silently widen a search.
func accessFilterOf(q url.Values) (access.Filter, error) {
	var f access.Filter
	var errs []FieldError
	bad := func(field, msg string) { errs = append(errs, FieldError{Field: field, Message: msg}) }
	for _, k := range slices.Sorted(maps.Keys(q)) {
		switch {
		case !slices.Contains(accessParams, k):
			bad(k, "unknown parameter; use "+strings.Join(accessParams, ", "))
		case len(q[k]) > 1:
			bad(k, "give it once")
		}
	}
	f.Subject = textParam(q, "subject", access.MaxSubjectLen, bad)
	f.ResourceID = textParam(q, "resource_id", access.MaxResourceIDLen, bad)
	f.ResourceKind = textParam(q, "kind", access.MaxKindLen, bad)
	if kinds := recordedKinds(); f.ResourceKind != "" && !slices.Contains(kinds, f.ResourceKind) {
		bad("kind", "not a kind the access log records; use "+strings.Join(kinds, ", "))
	}
	f.From = parseTimeParam(q, "from", bad)
	f.To = parseTimeParam(q, "to", bad)
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		bad("to", "must be after from")
	}
	if v := q.Get("after"); v != "" {
		cur, err := access.ParseCursor(v)
		if err != nil {
			bad("after", "not a next_after of a previous page")
		}
		f.After = cur
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > access.MaxSearchLimit {
			bad("limit", "must be a number from 1 to "+strconv.Itoa(access.MaxSearchLimit))
		}
		f.Limit = n
	}
	if len(errs) > 0 {
		return f, newRequestError(TypeValidation, "The search has invalid parameters.", errs...)
	}
	return f, nil
}

// textParam reads a short text parameter: at most max runes, no control
// characters (NUL included).
func textParam(q url.Values, name string, max int, bad func(field, msg string)) string {
	v := q.Get(name)
	switch {
	case len([]rune(v)) > max:
		bad(name, "longer than "+strconv.Itoa(max)+" characters")
	case strings.ContainsFunc(v, unicode.IsControl) || !utf8.ValidString(v):
		bad(name, "contains control characters or invalid UTF-8")
	}
	return v
}

// recordedKinds are the resource kinds the access log records, sorted.
func recordedKinds() []string {
	var out []string
	for _, pr := range personalRoutes {
		if !slices.Contains(out, pr.kind) {
			out = append(out, pr.kind)
		}
	}
	slices.Sort(out)
	return out
}
