package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// Search limits: the page size when a filter asks for none, and the largest.
const (
	DefaultSearchLimit = 100
	MaxSearchLimit     = 1000
)

// ErrBadFilter is wrapped by Search for a filter that cannot be run.
var ErrBadFilter = errors.New("invalid audit filter")

// AuditFilter selects events of the global log for an auditor. Every set
// field narrows the search; the zero filter matches every event.
type AuditFilter struct {
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
}

// Search returns the events that match f in global position order, one page
// at a time: a page shorter than the limit is the last. Errors wrap
// ErrBadFilter for an impossible filter.
func (s *Store) Search(ctx context.Context, f AuditFilter) ([]eventlog.Event, error) {
	where, args, err := f.sql()
	if err != nil {
		return nil, fmt.Errorf("audit search: %w", err)
	}
	rows, err := s.pool.Query(ctx, `SELECT `+eventColumns+` FROM events WHERE `+where+` ORDER BY position LIMIT `+strconv.Itoa(f.limit()), args...)
	if err != nil {
		return nil, fmt.Errorf("audit search: %w", err)
	}
	evs, err := scanEvents(rows)
	if err != nil {
		return nil, fmt.Errorf("audit search: %w", err)
	}
	return evs, nil
}

func (f AuditFilter) limit() int {
	if f.Limit == 0 {
		return DefaultSearchLimit
	}
	return f.Limit
}

// sql returns the WHERE clause of f and its arguments.
func (f AuditFilter) sql() (string, []any, error) {
	switch {
	case f.Limit < 0 || f.Limit > MaxSearchLimit:
		return "", nil, fmt.Errorf("%w: limit %d not in 1..%d", ErrBadFilter, f.Limit, MaxSearchLimit)
	case !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To):
		return "", nil, fmt.Errorf("%w: from %s is not before to %s", ErrBadFilter, f.From.Format(time.RFC3339), f.To.Format(time.RFC3339))
	}
	conds := []string{"position > $1"}
	args := []any{f.After}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args))))
	}
	if f.ActorID != "" {
		add("metadata->>'actor_id' = $?", f.ActorID)
	}
	if f.Stream != "" {
		add("stream = $?", f.Stream)
	}
	if f.StreamPrefix != "" {
		add("starts_with(stream, $?)", f.StreamPrefix)
	}
	if len(f.Types) > 0 {
		add("type = ANY($?::text[])", f.Types)
	}
	if !f.From.IsZero() {
		add("recorded_at >= $?", f.From)
	}
	if !f.To.IsZero() {
		add("recorded_at < $?", f.To)
	}
	return strings.Join(conds, " AND "), args, nil
}
