package eventlog

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"
)

// The plain values of auditing the log: a point in its life (AsOf), a search
// filter (AuditFilter) and the outcome of verifying the hash chain
// (VerifyReport). They belong to no backend: every event store answers them
// the same way, and the HTTP API declares its ports over them.

// ErrBadAsOf is wrapped by ParseAsOf for a value that is neither a position
// nor a time.
var ErrBadAsOf = errors.New("as_of must be a global position (digits) or an RFC 3339 time")

// AsOf is a point in the life of the log: a global position, a time, or
// both (an event must then satisfy both). The zero AsOf means now.
type AsOf struct {
	// Position, if not 0, keeps events with a global position <= Position.
	Position uint64
	// Time, if not zero, keeps events recorded at or before Time.
	Time time.Time
}

// MaxPosition is the largest global position: positions are stored as
// PostgreSQL bigint.
const MaxPosition = math.MaxInt64

// Epoch is the earliest time an as-of value may name: the log records
// nothing earlier, and the zero time.Time (0001-01-01T00:00:00Z) would
// otherwise read as "now".
var Epoch = time.Unix(0, 0).UTC()

// ErrBadPosition is wrapped by ParsePosition.
var ErrBadPosition = fmt.Errorf("a global position is digits, at most %d", uint64(MaxPosition))

// ParsePosition reads a global position (or 0) given as digits.
func ParsePosition(s string) (uint64, error) {
	p, err := strconv.ParseUint(s, 10, 64)
	if err != nil || p > MaxPosition {
		return 0, fmt.Errorf("%q: %w", s, ErrBadPosition)
	}
	return p, nil
}

// ParseAsOf reads an as-of value as given on a command line or in a query:
// digits are a global position (1 to MaxPosition), anything else must be an
// RFC 3339 time such as 2025-03-31T23:59:59+07:00, not before Epoch.
func ParseAsOf(s string) (AsOf, error) {
	if isDigits(s) {
		p, err := ParsePosition(s)
		switch {
		case err != nil:
			return AsOf{}, fmt.Errorf("as_of %q: %w (positions are at most %d)", s, ErrBadAsOf, uint64(MaxPosition))
		case p == 0:
			return AsOf{}, fmt.Errorf("as_of %q: %w (positions start at 1)", s, ErrBadAsOf)
		}
		return AsOf{Position: p}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return AsOf{}, fmt.Errorf("as_of %q: %w", s, ErrBadAsOf)
	}
	if t.Before(Epoch) {
		return AsOf{}, fmt.Errorf("as_of %q: %w (times start at %s; the log holds nothing earlier)", s, ErrBadAsOf, Epoch.Format(time.RFC3339))
	}
	return AsOf{Time: t.UTC()}, nil
}

// isDigits reports whether s is one or more ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// IsNow reports whether a is the zero AsOf, which means now.
func (a AsOf) IsNow() bool { return a.Position == 0 && a.Time.IsZero() }

// String returns the position, the time, or both, as ParseAsOf reads them.
func (a AsOf) String() string {
	switch {
	case a.Position != 0 && !a.Time.IsZero():
		return fmt.Sprintf("position %d and %s", a.Position, a.Time.UTC().Format(time.RFC3339Nano))
	case a.Position != 0:
		return strconv.FormatUint(a.Position, 10)
	case !a.Time.IsZero():
		return a.Time.UTC().Format(time.RFC3339Nano)
	}
	return "now"
}

// Search limits: the page size when a filter asks for none, and the largest.
const (
	DefaultSearchLimit = 100
	MaxSearchLimit     = 1000
)

// ErrBadFilter is wrapped by AuditFilter.Validate (and so by every search)
// for a filter that cannot be run.
var ErrBadFilter = errors.New("invalid audit filter")

// AuditFilter selects events of the global log for an auditor. Every set
// field narrows the search; the zero filter matches every event.
type AuditFilter struct {
	// Instansi, if set, keeps only the events of that instansi: those whose
	// metadata names it, and those stored before metadata named an instansi
	// whose stream's first event names it. Every search on behalf of a
	// caller of one instansi must set it; empty searches the whole log.
	Instansi string
	// ActorID matches the envelope's actor id (metadata actor_id).
	ActorID string
	// Stream matches one stream exactly; StreamPrefix matches streams that
	// start with it (such as "skp-198609262015051001-").
	Stream       string
	StreamPrefix string
	// Types matches any of the event types.
	Types []string
	// From and To bound the recorded-at time: From <= recorded_at < To.
	From, To time.Time
	// After is the keyset cursor: only events with a position above it.
	// Pass the position of the last event of a page to get the next page.
	After uint64
	// Limit is the page size (DefaultSearchLimit when 0, at most MaxSearchLimit).
	Limit int
	// Peek asks for one event more than the page holds (FetchSize), so
	// that the caller can tell the last page, also an exactly full one,
	// without asking for an empty next page.
	Peek bool
}

// Validate returns an error wrapping ErrBadFilter for a limit out of range
// or an empty time range.
func (f AuditFilter) Validate() error {
	switch {
	case f.Limit < 0 || f.Limit > MaxSearchLimit:
		return fmt.Errorf("%w: limit %d not in 1..%d", ErrBadFilter, f.Limit, MaxSearchLimit)
	case !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To):
		return fmt.Errorf("%w: from %s is not before to %s", ErrBadFilter, f.From.Format(time.RFC3339), f.To.Format(time.RFC3339))
	}
	return nil
}

// PageSize returns the number of events one page holds: Limit, or
// DefaultSearchLimit when it is 0.
func (f AuditFilter) PageSize() int {
	if f.Limit == 0 {
		return DefaultSearchLimit
	}
	return f.Limit
}

// FetchSize returns the number of events a search returns at most:
// PageSize, and one more with Peek.
func (f AuditFilter) FetchSize() int {
	if f.Peek {
		return f.PageSize() + 1
	}
	return f.PageSize()
}

// VerifyReport is the outcome of recomputing the hash chain.
type VerifyReport struct {
	// OK is true when every event and the head agree with the chain.
	OK bool
	// Events is the number of events verified before the first break (all
	// of them when OK).
	Events uint64
	// HeadPosition and HeadHash are the head of the log as stored: the
	// position of its last event and the hash stored with it (0 and the
	// genesis hash for an empty log), whether or not the chain verifies up
	// to it. On a broken chain the log goes on past the break to here.
	HeadPosition uint64
	HeadHash     []byte
	// LastGoodPosition and LastGoodHash are the last position the chain
	// verifies through and its hash: the head when OK, the position before
	// FirstBadPosition when the chain breaks inside the log (0 and the
	// genesis hash when it breaks at the first event).
	LastGoodPosition uint64
	LastGoodHash     []byte
	// FirstBadPosition is the first position where the chain breaks (0 when
	// OK). When events are missing from the tail it is MissingFrom, a
	// position the log does not have.
	FirstBadPosition uint64
	// MissingFrom and MissingTo, when not 0, are the positions missing from
	// the tail: the log ends at HeadPosition (MissingFrom is HeadPosition+1),
	// but the head row or an anchor vouches for events through MissingTo.
	MissingFrom, MissingTo uint64
	// Problem says what is wrong at FirstBadPosition.
	Problem string
}

// HeadHashHex returns the head hash in hex.
func (r VerifyReport) HeadHashHex() string { return hex.EncodeToString(r.HeadHash) }

// LastGoodHashHex returns the last good hash in hex.
func (r VerifyReport) LastGoodHashHex() string { return hex.EncodeToString(r.LastGoodHash) }

// TailMissing reports the positions from..to missing from the tail of a log
// that ends at position head (from is head+1): FirstBadPosition is from, a
// position the log does not have.
func (r *VerifyReport) TailMissing(to uint64) {
	r.OK = false
	r.MissingFrom, r.MissingTo = r.HeadPosition+1, to
	r.FirstBadPosition = r.MissingFrom
}

// Positions names the positions from..to with the verb that agrees with
// them: Positions(8, 10, "are", "is") is "positions 8 to 10 are",
// Positions(8, 8, "are", "is") "position 8 is", and without verbs
// Positions(8, 10, "", "") "positions 8 to 10".
func Positions(from, to uint64, plural, singular string) string {
	s, verb := fmt.Sprintf("positions %d to %d", from, to), plural
	if from == to {
		s, verb = fmt.Sprintf("position %d", from), singular
	}
	if verb == "" {
		return s
	}
	return s + " " + verb
}
