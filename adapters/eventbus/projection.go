package eventbus

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// Projection is a read model fed by the global event log.
//
// Name is the projection's permanent identity: its Watermill handler name and
// topic, its checkpoint key and its advisory-lock key. Apply applies a batch
// of consecutive events, in position order, within tx; the caller moves the
// checkpoint in the same tx. Apply must ignore event types it does not use
// and must fail (not skip) on events it uses but cannot handle. An error may
// carry a FailedPosition() uint64 method naming the event that failed.
// Tables lists the projection's tables, which Rebuild copies and swaps; Apply
// must refer to them unqualified (through the search_path).
type Projection interface {
	Name() string
	Apply(ctx context.Context, tx pgx.Tx, events []eventlog.Event) error
	Tables() []string
}

// Preparer is implemented by a projection that can do the CPU work of a
// batch (decoding its events) before the batch's transaction. The runtime
// calls Prepare while it reads ahead, so a batch is decoded while the one
// before it is being written, and then runs the returned Step in the
// batch's transaction instead of Apply. Prepare may run concurrently with
// Apply or a Step of an earlier batch. A Step must have the effect of
// Apply on the same events and may be run more than once (each retry runs
// it again in a new transaction); an error of Prepare is treated like one
// of Apply (it may name the event that failed). A type that embeds a
// Preparer and changes Apply must change Prepare as well.
type Preparer interface {
	Prepare(events []eventlog.Event) (Step, error)
}

// Step writes a prepared batch within tx. It is an alias, so projections
// implement Preparer without importing this package.
type Step = func(ctx context.Context, tx pgx.Tx) error

// positioned is implemented by errors that name the event that failed.
type positioned interface {
	FailedPosition() uint64
}

// failedPosition returns the position named by err, if any.
func failedPosition(err error) (uint64, bool) {
	var p positioned
	if errors.As(err, &p) {
		return p.FailedPosition(), true
	}
	return 0, false
}

// Querier is what reading checkpoints needs: a pool, a connection or a tx.
type Querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Checkpoint returns the position of the last event the projection named
// name has applied (0 when it has applied none).
func Checkpoint(ctx context.Context, db Querier, name string) (uint64, error) {
	var pos uint64
	err := db.QueryRow(ctx, `SELECT position FROM projection_checkpoints WHERE name = $1`, name).Scan(&pos)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read checkpoint of %s: %w", name, err)
	}
	return pos, nil
}

// lockCheckpoint locks the checkpoint row of name in tx, creating it at 0
// when missing, and returns its position. Every writer of a projection takes
// this lock first, so batches of one projection commit one after another.
func lockCheckpoint(ctx context.Context, tx pgx.Tx, name string) (uint64, error) {
	var pos uint64
	err := tx.QueryRow(ctx, `INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0)
		ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING position`, name).Scan(&pos)
	if err != nil {
		return 0, fmt.Errorf("lock checkpoint of %s: %w", name, err)
	}
	return pos, nil
}

// saveCheckpoint moves the checkpoint of name to pos within tx.
func saveCheckpoint(ctx context.Context, tx pgx.Tx, name string, pos uint64) error {
	if _, err := tx.Exec(ctx, `UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1`, name, pos); err != nil {
		return fmt.Errorf("save checkpoint of %s at %d: %w", name, pos, err)
	}
	return nil
}
