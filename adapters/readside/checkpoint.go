package readside

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Querier is what reading a checkpoint needs: a pool, a connection or a tx.
type Querier interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// Beginner starts transactions: a pool or a connection.
type Beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
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
