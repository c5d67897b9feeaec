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
	return applyPage(ctx, db, p, page{events: events})
}

// page is a run of consecutive events of the log and, when the projection
// is a Preparer, the outcome of preparing all of them.
type page struct {
	events   []eventlog.Event
	prepared bool
	step     Step
	err      error
}

// preparePage returns the page of events, prepared if p is a Preparer. A
// panic in Prepare is returned as the page's error, as the recoverer
// middleware would for Apply.
func preparePage(p Projection, events []eventlog.Event) (pg page) {
	pg.events = events
	pr, ok := p.(Preparer)
	if !ok || len(events) == 0 {
		return pg
	}
	pg.prepared = true
	defer func() {
		if r := recover(); r != nil {
			pg.step, pg.err = nil, fmt.Errorf("prepare %s positions %d-%d: panic: %v", p.Name(), events[0].Position, events[len(events)-1].Position, r)
		}
	}()
	pg.step, pg.err = pr.Prepare(events)
	return pg
}

// apply writes the events after cp within tx: with the prepared step when
// it covers exactly them, else with Apply.
func (pg page) apply(ctx context.Context, tx pgx.Tx, p Projection, cp uint64) error {
	events := eventsAfter(pg.events, cp)
	switch {
	case !pg.prepared || len(events) != len(pg.events):
		return p.Apply(ctx, tx, events)
	case pg.err != nil:
		return pg.err
	}
	return pg.step(ctx, tx)
}

// applyPage is ApplyBatch for a page that may be prepared.
func applyPage(ctx context.Context, db Beginner, p Projection, pg page) (uint64, error) {
	events := pg.events
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
	if err := pg.apply(ctx, tx, p, cp); err != nil {
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
// applies it with ApplyBatch (with the step the subscriber prepared, if any).
func handlerFunc(db Beginner, p Projection) message.NoPublishHandlerFunc {
	return func(msg *message.Message) error {
		events, err := DecodeBatch(msg)
		if err != nil {
			return err
		}
		pg := page{events: events}
		if prepared, ok := msg.Context().Value(pageKey{}).(page); ok && samePage(prepared.events, events) {
			pg = prepared
		}
		if _, err := applyPage(msg.Context(), db, p, pg); err != nil {
			applyPrefix(msg.Context(), db, p, events, err)
			return err
		}
		return nil
	}
}

// samePage reports whether a and b are the same run of events.
func samePage(a, b []eventlog.Event) bool {
	return len(a) == len(b) && len(a) > 0 && a[0].Position == b[0].Position && a[len(a)-1].Position == b[len(b)-1].Position
}
