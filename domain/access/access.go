// Package access holds the plain values of the access log: who read which
// personal data, when, through which route and with what outcome (Entry),
// and how an auditor searches it (Filter, Cursor). The access log is not the
// event log: reads change nothing, so they are kept apart, unchained, and for
// a limited time. No backend owns these values; the HTTP API declares its
// port over them and a store implements it.
package access

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The longest value, in runes, of each text field of an Entry. Bound cuts
// longer values to these lengths; the store's table enforces them too.
const (
	MaxSubjectLen    = 64
	MaxInstansiLen   = 100
	MaxMethodLen     = 16
	MaxRouteLen      = 200
	MaxKindLen       = 40
	MaxResourceIDLen = 100
	MaxQueryLen      = 512
	MaxRequestIDLen  = 128
	MaxClientAddrLen = 64
	MaxRoles         = 16
	MaxRoleLen       = 40
	// MaxResourceInstansi bounds the other instansi one entry names.
	MaxResourceInstansi = 16
)

// Entry is one read of personal data.
type Entry struct {
	// ID is assigned by the store; it is 0 in an entry not yet stored.
	ID int64
	// At is when the request arrived.
	At time.Time
	// Subject is the token's subject (a NIP or a service name); Roles are
	// the roles the token grants; Instansi is the token's instansi claim.
	Subject  string
	Roles    []string
	Instansi string
	// Method and Route are the HTTP method and the route's path template,
	// such as /v1/skp/{nip}/{year}.
	Method string
	Route  string
	// ResourceKind names what was read (employee, skp, score_trail, …) and
	// ResourceID which one (a NIP, a unit code); ResourceID is empty for
	// lists, whose filters are in Query.
	ResourceKind string
	ResourceID   string
	// Query is the raw query string, cut to MaxQueryLen.
	Query string
	// Status is the HTTP status of the response.
	Status int
	// RequestID is the request's id, as in the request log.
	RequestID string
	// ClientAddr is the client's address as the server saw it.
	ClientAddr string
	// ResourceInstansi are the instansi whose employees' data the read
	// returned, other than the reader's own: an official of another
	// instansi, assigned to employees with a cross-instansi reason, read
	// them. Empty for every other read.
	ResourceInstansi []string
}

// Bound returns e with every text field made storable: valid UTF-8, without
// NUL or other control characters, and cut to its maximum length.
func (e Entry) Bound() Entry {
	e.Subject = clean(e.Subject, MaxSubjectLen)
	e.Instansi = clean(e.Instansi, MaxInstansiLen)
	e.Method = clean(e.Method, MaxMethodLen)
	e.Route = clean(e.Route, MaxRouteLen)
	e.ResourceKind = clean(e.ResourceKind, MaxKindLen)
	e.ResourceID = clean(e.ResourceID, MaxResourceIDLen)
	e.Query = clean(e.Query, MaxQueryLen)
	e.RequestID = clean(e.RequestID, MaxRequestIDLen)
	e.ClientAddr = clean(e.ClientAddr, MaxClientAddrLen)
	others := make([]string, 0, min(len(e.ResourceInstansi), MaxResourceInstansi))
	for _, r := range e.ResourceInstansi[:min(len(e.ResourceInstansi), MaxResourceInstansi)] {
		others = append(others, clean(r, MaxInstansiLen))
	}
	e.ResourceInstansi = others
	roles := make([]string, 0, min(len(e.Roles), MaxRoles))
	for _, r := range e.Roles[:min(len(e.Roles), MaxRoles)] {
		roles = append(roles, clean(r, MaxRoleLen))
	}
	e.Roles = roles
	return e
}

// clean makes s valid UTF-8 without control characters and at most max runes.
func clean(s string, max int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max])
}

// Search limits: the page size when a filter asks for none, and the largest.
const (
	DefaultSearchLimit = 100
	MaxSearchLimit     = 1000
)

// ErrBadFilter is wrapped by Filter.Validate (and so by every search) for a
// filter that cannot be run, and by ParseCursor for a malformed cursor.
var ErrBadFilter = errors.New("invalid access log filter")

// Filter selects entries of one instansi for an auditor, in (At, ID) order.
type Filter struct {
	// Instansi is required. A search finds the reads by readers of this
	// instansi and the reads of this instansi's data by officials of
	// another (Entry.ResourceInstansi); nothing else.
	Instansi string
	// Subject, ResourceID and ResourceKind, when set, match exactly.
	Subject      string
	ResourceID   string
	ResourceKind string
	// From and To bound At: From <= at < To.
	From, To time.Time
	// After is the keyset cursor: only entries after it. Pass a page's
	// last entry's cursor (CursorOf) to get the next page.
	After Cursor
	// Limit is the page size (DefaultSearchLimit when 0, at most MaxSearchLimit).
	Limit int
	// Peek asks for one entry more than the page holds (FetchSize), so
	// that the caller can tell the last page, also an exactly full one.
	Peek bool
}

// Validate returns an error wrapping ErrBadFilter for a filter without an
// instansi, a limit out of range, an empty time range or an overlong value.
func (f Filter) Validate() error {
	switch {
	case f.Instansi == "":
		return fmt.Errorf("%w: no instansi", ErrBadFilter)
	case f.Limit < 0 || f.Limit > MaxSearchLimit:
		return fmt.Errorf("%w: limit %d not in 1..%d", ErrBadFilter, f.Limit, MaxSearchLimit)
	case !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To):
		return fmt.Errorf("%w: from %s is not before to %s", ErrBadFilter, f.From.Format(time.RFC3339), f.To.Format(time.RFC3339))
	case len(f.Subject) > MaxSubjectLen*4 || len(f.ResourceID) > MaxResourceIDLen*4 || len(f.ResourceKind) > MaxKindLen*4:
		return fmt.Errorf("%w: a value is too long", ErrBadFilter)
	}
	return nil
}

// PageSize returns the number of entries one page holds: Limit, or
// DefaultSearchLimit when it is 0.
func (f Filter) PageSize() int {
	if f.Limit == 0 {
		return DefaultSearchLimit
	}
	return f.Limit
}

// FetchSize returns the number of entries a search returns at most:
// PageSize, and one more with Peek.
func (f Filter) FetchSize() int {
	if f.Peek {
		return f.PageSize() + 1
	}
	return f.PageSize()
}

// Cursor is a place in the (At, ID) order of the access log. The zero
// Cursor is before every entry.
type Cursor struct {
	At time.Time
	ID int64
}

// CursorOf returns the cursor just at e: a search after it starts with the
// entry that follows e.
func CursorOf(e Entry) Cursor { return Cursor{At: e.At, ID: e.ID} }

// IsZero reports whether c is before every entry.
func (c Cursor) IsZero() bool { return c.At.IsZero() && c.ID == 0 }

// String returns the cursor as an opaque token that ParseCursor reads: the
// time in Unix microseconds and the id, joined by a dot.
func (c Cursor) String() string {
	return strconv.FormatInt(c.At.UnixMicro(), 10) + "." + strconv.FormatInt(c.ID, 10)
}

// ParseCursor reads a cursor written by Cursor.String. Errors wrap ErrBadFilter.
func ParseCursor(s string) (Cursor, error) {
	us, id, ok := strings.Cut(s, ".")
	t, err1 := strconv.ParseInt(us, 10, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if !ok || err1 != nil || err2 != nil || t < 0 || n < 0 {
		return Cursor{}, fmt.Errorf("%w: cursor %q is not one of next_after", ErrBadFilter, s)
	}
	return Cursor{At: time.UnixMicro(t).UTC(), ID: n}, nil
}
