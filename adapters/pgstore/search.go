package pgstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// Search returns the events that match f in global position order, one page
// at a time: at most f.FetchSize() events (a page shorter than the limit is
// the last; with f.Peek, one longer than it is not). Errors wrap
// eventlog.ErrBadFilter for an impossible filter.
func (s *Store) Search(ctx context.Context, f eventlog.AuditFilter) ([]eventlog.Event, error) {
	where, args, err := filterSQL(f)
	if err != nil {
		return nil, fmt.Errorf("audit search: %w", err)
	}
	limit := ` LIMIT ` + strconv.Itoa(f.FetchSize())
	query := `SELECT ` + eventColumns + ` FROM events WHERE ` + where + ` ORDER BY position` + limit
	if f.Instansi != "" {
		args = append(args, f.Instansi)
		query = scopedSearchSQL(where, "$"+strconv.Itoa(len(args)), limit)
	}
	// Planned for its values every time, never from a cached generic plan:
	// how many events an actor, type or instansi has varies by orders of
	// magnitude, and the generic plan (chosen after five executions on a
	// connection) of an actor with many events read all of them and sorted
	// them for one page (a provincial HR officer's 150,000 events: 5 ms
	// planned for the values, 400-500 ms generic).
	evs, err := s.queryEvents(ctx, query, append([]any{pgx.QueryExecModeDescribeExec, eventFormats}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("audit search: %w", err)
	}
	return evs, nil
}

// scopedSearchSQL returns the query of a search scoped to the instansi in
// parameter instansi, with the other conditions where. It merges two keyset
// scans in position order: the events whose metadata names the instansi
// (index events_instansi_position) and the events stored without one whose
// instansi was derived from their stream (table event_instansi_derived). No
// event is in both.
func scopedSearchSQL(where, instansi, limit string) string {
	named := `SELECT ` + eventColumns + ` FROM events WHERE ` + where +
		` AND metadata->>'instansi' = ` + instansi + ` ORDER BY position` + limit
	derived := `SELECT ` + eventColumns + ` FROM event_instansi_derived JOIN events ON position = event_position WHERE ` + where +
		` AND instansi = ` + instansi + ` AND event_position > $1 ORDER BY event_position` + limit
	return `SELECT * FROM ((` + named + `) UNION ALL (` + derived + `)) scoped ORDER BY position` + limit
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
