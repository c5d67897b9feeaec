package readside

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// StateAheadOfLog is the state eventbus.Monitor reports for a projection
// whose checkpoint is past the log's head: the log lost events the read
// model holds. Like "stopped", it makes readiness degraded.
const StateAheadOfLog = "ahead_of_log"

// ProjectionStatus is what /readyz shows about one projection.
type ProjectionStatus struct {
	Name string `json:"name"`
	// State is "running", "stopped" (by a poison event), StateAheadOfLog or "idle" (no
	// process has reported on it yet; eventbus.Monitor also reports a
	// projection idle whose last owner no longer holds its lock).
	State      string `json:"state"`
	Owner      string `json:"owner,omitempty"`
	Checkpoint uint64 `json:"checkpoint"`
	Head       uint64 `json:"head"`
	// Lag is Head − Checkpoint, in events.
	Lag            uint64    `json:"lag"`
	FailedPosition uint64    `json:"failed_position,omitempty"`
	FailedEventID  string    `json:"failed_event_id,omitempty"`
	FailedType     string    `json:"failed_type,omitempty"`
	Error          string    `json:"error,omitempty"`
	UpdatedAt      time.Time `json:"updated_at,omitzero"`
}

// RowsQuerier is what reading statuses needs: a pool, a connection or a tx.
type RowsQuerier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// ReadStatus returns the stored checkpoint and state of each projection
// named in names, by name ("idle" for a projection no process has reported
// on). Head and Lag are left zero: they need the log.
func ReadStatus(ctx context.Context, db RowsQuerier, names []string) (map[string]ProjectionStatus, error) {
	rows, err := db.Query(ctx, `SELECT n.name, COALESCE(s.state, 'idle'), COALESCE(s.owner, ''), COALESCE(c.position, 0),
			COALESCE(s.failed_position, 0), COALESCE(s.failed_event_id, ''), COALESCE(s.failed_type, ''),
			COALESCE(s.error, ''), COALESCE(s.updated_at, c.updated_at, 'epoch')
		FROM unnest($1::text[]) AS n(name)
		LEFT JOIN projection_status s ON s.name = n.name
		LEFT JOIN projection_checkpoints c ON c.name = n.name`, names)
	if err != nil {
		return nil, fmt.Errorf("projection status: %w", err)
	}
	defer rows.Close()
	out := map[string]ProjectionStatus{}
	for rows.Next() {
		var s ProjectionStatus
		if err := rows.Scan(&s.Name, &s.State, &s.Owner, &s.Checkpoint, &s.FailedPosition, &s.FailedEventID,
			&s.FailedType, &s.Error, &s.UpdatedAt); err != nil {
			return nil, fmt.Errorf("projection status: %w", err)
		}
		s.UpdatedAt = s.UpdatedAt.UTC()
		out[s.Name] = s
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("projection status: %w", err)
	}
	return out, nil
}
