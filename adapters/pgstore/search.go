package pgstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// Search returns the events that match f in global position order, one page
// at a time: a page shorter than the limit is the last. Errors wrap
// eventlog.ErrBadFilter for an impossible filter.
func (s *Store) Search(ctx context.Context, f eventlog.AuditFilter) ([]eventlog.Event, error) {
	where, args, err := filterSQL(f)
	if err != nil {
		return nil, fmt.Errorf("audit search: %w", err)
	}
	rows, err := s.pool.Query(ctx, `SELECT `+eventColumns+` FROM events WHERE `+where+` ORDER BY position LIMIT `+strconv.Itoa(f.PageSize()), args...)
	if err != nil {
		return nil, fmt.Errorf("audit search: %w", err)
	}
	evs, err := scanEvents(rows)
	if err != nil {
		return nil, fmt.Errorf("audit search: %w", err)
	}
	return evs, nil
}

// filterSQL returns the WHERE clause of f and its arguments.
func filterSQL(f eventlog.AuditFilter) (string, []any, error) {
	if err := f.Validate(); err != nil {
		return "", nil, err
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
