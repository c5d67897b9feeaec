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

// WriterSchema is the migration whose read models this code writes: every
// write of a checkpoint names it (writer_schema), and the database refuses
// one naming none or an older one (migrations/0048_projection_writer.sql),
// so that a process started before a migration that changes how a read
// model is written stops applying events instead of writing rows the newer
// code misreads. Raise it with the number in that migration's trigger.
const WriterSchema = 48

// lockCheckpoint locks the checkpoint row of name in tx, creating it at 0
// when missing, and returns its position. Every writer of a projection takes
// this lock first, so batches of one projection commit one after another.
func lockCheckpoint(ctx context.Context, tx pgx.Tx, name string) (uint64, error) {
	var pos uint64
	err := tx.QueryRow(ctx, `INSERT INTO projection_checkpoints (name, position, writer_schema) VALUES ($1, 0, $2)
		ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name, writer_schema = $2 RETURNING position`, name, WriterSchema).Scan(&pos)
	if err != nil {
		return 0, fmt.Errorf("lock checkpoint of %s: %w", name, err)
	}
	return pos, nil
}

// saveCheckpoint moves the checkpoint of name to pos within tx.
func saveCheckpoint(ctx context.Context, tx pgx.Tx, name string, pos uint64) error {
	if _, err := tx.Exec(ctx, `UPDATE projection_checkpoints SET position = $2, updated_at = now(), writer_schema = $3 WHERE name = $1`,
		name, pos, WriterSchema); err != nil {
		return fmt.Errorf("save checkpoint of %s at %d: %w", name, pos, err)
	}
	return nil
}
