package readside

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// ApplyBatch applies events to p and moves p's checkpoint to the last of
// them, in one transaction. Events at or below the checkpoint are skipped,
// so a redelivered batch takes effect once. It returns the checkpoint after
// the call.
func ApplyBatch(ctx context.Context, db Beginner, p Projection, events []eventlog.Event) (uint64, error) {
	return ApplyPage(ctx, db, p, Page{Events: events})
}

// Page is a run of consecutive events of the log and, when it was made by
// PreparePage for a Preparer, the outcome of preparing all of them.
type Page struct {
	Events   []eventlog.Event
	prepared bool
	step     Step
	err      error
}

// Prepared reports whether the page holds a prepared step (or the error of
// preparing it).
func (pg Page) Prepared() bool { return pg.prepared }

// PreparePage returns the page of events, prepared if p is a Preparer. A
// panic in Prepare is returned as the page's error, as a recoverer would
// for Apply.
func PreparePage(p Projection, events []eventlog.Event) (pg Page) {
	return PrepareSharedPage(p, events, nil)
}

// PrepareSharedPage is PreparePage for a page that other projections read
// too: a SharedPreparer decodes its events through memo, once between them.
func PrepareSharedPage(p Projection, events []eventlog.Event, memo *eventlog.Memo) (pg Page) {
	pg.Events = events
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
	if sp, ok := p.(SharedPreparer); ok && memo != nil {
		pg.step, pg.err = sp.PrepareShared(events, memo)
	} else {
		pg.step, pg.err = pr.Prepare(events)
	}
	return pg
}

// apply writes the events after cp within tx: with the prepared step when
// it covers exactly them, else with Apply.
func (pg Page) apply(ctx context.Context, tx pgx.Tx, p Projection, cp uint64) error {
	events := eventsAfter(pg.Events, cp)
	switch {
	case !pg.prepared || len(events) != len(pg.Events):
		return p.Apply(ctx, tx, events)
	case pg.err != nil:
		return pg.err
	}
	return pg.step(ctx, tx)
}

// ApplyPage is ApplyBatch for a page that may be prepared.
func ApplyPage(ctx context.Context, db Beginner, p Projection, pg Page) (uint64, error) {
	events := pg.Events
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

// eventsAfter returns the events with position > cp.
func eventsAfter(events []eventlog.Event, cp uint64) []eventlog.Event {
	for i, e := range events {
		if e.Position > cp {
			return events[i:]
		}
	}
	return nil
}
