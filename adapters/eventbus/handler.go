package eventbus

import (
	"context"
	"fmt"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// Beginner starts transactions: a pool or a connection.
type Beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// ApplyBatch applies events to p and moves p's checkpoint to the last of
// them, in one transaction. Events at or below the checkpoint are skipped,
// so a redelivered batch takes effect once. It returns the checkpoint after
// the call.
func ApplyBatch(ctx context.Context, db Beginner, p Projection, events []eventlog.Event) (uint64, error) {
	if len(events) == 0 {
		return 0, nil
	}
	tx, err := db.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("apply %s: begin: %w", p.Name(), err)
	}
	defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
	// A projection can be rebuilt and its checkpoint commits with its rows,
	// so a commit lost in a server crash is simply applied again.
	if _, err := tx.Exec(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
		return 0, fmt.Errorf("apply %s: %w", p.Name(), err)
	}
	cp, err := lockCheckpoint(ctx, tx, p.Name())
	if err != nil {
		return 0, err
	}
	events = eventsAfter(events, cp)
	if len(events) == 0 {
		return cp, nil
	}
	first, last := events[0].Position, events[len(events)-1].Position
	if err := p.Apply(ctx, tx, events); err != nil {
		return cp, fmt.Errorf("apply %s positions %d-%d: %w", p.Name(), first, last, err)
	}
	if err := saveCheckpoint(ctx, tx, p.Name(), last); err != nil {
		return cp, err
	}
	if err := tx.Commit(ctx); err != nil {
		return cp, fmt.Errorf("apply %s positions %d-%d: commit: %w", p.Name(), first, last, err)
	}
	return last, nil
}

// applyPrefix applies the events before the one that err names, if err
// names one, so that a projection stopped by it has its checkpoint right
// before it. The failure of the prefix is left to the next attempt.
func applyPrefix(ctx context.Context, db Beginner, p Projection, events []eventlog.Event, err error) {
	pos, ok := failedPosition(err)
	if !ok {
		return
	}
	var prefix []eventlog.Event
	for _, e := range events {
		if e.Position >= pos {
			break
		}
		prefix = append(prefix, e)
	}
	_, _ = ApplyBatch(ctx, db, p, prefix)
}

// eventsAfter returns the events with position > cp.
func eventsAfter(events []eventlog.Event, cp uint64) []eventlog.Event {
	for i, e := range events {
		if e.Position > cp {
			return events[i:]
		}
	}
	return nil
}

// handlerFunc returns the Watermill handler of p: it decodes the batch and
// applies it with ApplyBatch.
func handlerFunc(db Beginner, p Projection) message.NoPublishHandlerFunc {
	return func(msg *message.Message) error {
		events, err := DecodeBatch(msg)
		if err != nil {
			return err
		}
		if _, err := ApplyBatch(msg.Context(), db, p, events); err != nil {
			applyPrefix(msg.Context(), db, p, events, err)
			return err
		}
		return nil
	}
}
