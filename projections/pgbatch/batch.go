package pgbatch

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// Batch collects the statements of a batch of events in order, each tagged
// with the event whose handler queued it.
type Batch struct {
	name  string
	stmts []Statement
	cur   *eventlog.Event
	from  *eventlog.Event // a copy of cur, made when it queues its first statement
}

// NewBatch returns an empty batch of the projection name.
func NewBatch(name string) *Batch { return &Batch{name: name} }

// Begin makes e the event the next statements come from. The batch keeps
// a copy of it, not e.
func (b *Batch) Begin(e *eventlog.Event) { b.cur, b.from = e, nil }

// Event returns the current event: the one whose handler is running.
func (b *Batch) Event() *eventlog.Event { return b.cur }

// Queue adds a statement of the current event.
func (b *Batch) Queue(sql string, args ...any) {
	if b.from == nil {
		c := *b.cur
		b.from = &c
	}
	b.stmts = append(b.stmts, Statement{SQL: sql, Args: args, From: b.from})
}

// Step returns the step that sends the statements (Send); it may be run
// more than once.
func (b *Batch) Step() Step {
	return func(ctx context.Context, tx pgx.Tx) error { return Send(ctx, tx, b.name, b.stmts) }
}
