package readside

import (
	"context"
	"errors"

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
// Tables lists the projection's tables, which rebuilds copy and swap; Apply
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

// SharedPreparer is a Preparer that can prepare a page other read models
// read too, decoding each event once between them through memo (see
// eventlog.Memo).
type SharedPreparer interface {
	PrepareShared(events []eventlog.Event, memo *eventlog.Memo) (Step, error)
}

// Step writes a prepared batch within tx. It is an alias, so projections
// implement Preparer without importing this package.
type Step = func(ctx context.Context, tx pgx.Tx) error

// positioned is implemented by errors that name the event that failed.
type positioned interface {
	FailedPosition() uint64
}

// FailedPosition returns the position of the event that err names through
// a FailedPosition method, if any.
func FailedPosition(err error) (uint64, bool) {
	var p positioned
	if errors.As(err, &p) {
		return p.FailedPosition(), true
	}
	return 0, false
}
