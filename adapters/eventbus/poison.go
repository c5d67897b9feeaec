package eventbus

import (
	"context"
	"fmt"
	"github.com/kinerja/kinerja/adapters/readside"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/jackc/pgx/v5"
)

// Failure describes the event that stopped a projection.
type Failure struct {
	Projection string
	Position   uint64
	EventID    string
	EventType  string
	Err        error
}

// Error returns a one-line description of the failure.
func (f Failure) Error() string {
	return fmt.Sprintf("projection %s stopped at position %d (%s %s): %v", f.Projection, f.Position, f.EventType, f.EventID, f.Err)
}

// Unwrap returns the error of the handler.
func (f Failure) Unwrap() error { return f.Err }

// poisonMiddleware stops the projection named name when a batch fails after
// its retries and the failing event is known: the batch holds one event, or
// the error names its position. A failing batch of several events without a
// position is nacked, so the subscriber splits it until the event is known.
// stop is called with the failure; no event is skipped.
func poisonMiddleware(name string, stop func(Failure)) message.HandlerMiddleware {
	return func(h message.HandlerFunc) message.HandlerFunc {
		return func(msg *message.Message) ([]*message.Message, error) {
			out, err := h(msg)
			if err == nil || msg.Context().Err() != nil {
				return out, err
			}
			first, last := batchRange(msg)
			pos, ok := readside.FailedPosition(err)
			if !ok && first != last {
				return out, err
			}
			if !ok {
				pos = first
			}
			stop(failureAt(name, msg, pos, err))
			return out, err
		}
	}
}

// failureAt describes the failure of the event at pos in msg.
func failureAt(name string, msg *message.Message, pos uint64, err error) Failure {
	f := Failure{Projection: name, Position: pos, Err: err}
	if events, derr := DecodeBatch(msg); derr == nil {
		for _, e := range events {
			if e.Position == pos {
				f.EventID, f.EventType = e.ID, e.Type
			}
		}
	}
	return f
}

// recordFailure stores f as the stopped state of its projection.
func recordFailure(ctx context.Context, db readside.Beginner, f Failure, owner string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	return pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO projection_status (name, state, owner, failed_position, failed_event_id, failed_type, error, updated_at)
			VALUES ($1, 'stopped', $2, $3, $4, $5, $6, now())
			ON CONFLICT (name) DO UPDATE SET state = 'stopped', owner = $2, failed_position = $3,
				failed_event_id = $4, failed_type = $5, error = $6, updated_at = now()`,
			f.Projection, owner, f.Position, f.EventID, f.EventType, errorText(f.Err))
		if err != nil {
			return fmt.Errorf("record failure of %s: %w", f.Projection, err)
		}
		return nil
	})
}

// recordRunning marks the projection as running under owner and clears a
// recorded failure: a new owner tries the failed event again.
func recordRunning(ctx context.Context, db readside.Beginner, name, owner string) error {
	return pgx.BeginFunc(ctx, db, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO projection_status (name, state, owner, updated_at) VALUES ($1, 'running', $2, now())
			ON CONFLICT (name) DO UPDATE SET state = 'running', owner = $2, failed_position = NULL,
				failed_event_id = NULL, failed_type = NULL, error = NULL, updated_at = now()`, name, owner)
		if err != nil {
			return fmt.Errorf("record %s running: %w", name, err)
		}
		return nil
	})
}

// errorText keeps the stored error readable: at most 2,000 bytes.
func errorText(err error) string {
	s := err.Error()
	if len(s) > 2000 {
		s = s[:2000] + "…"
	}
	return s
}
