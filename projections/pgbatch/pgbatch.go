// Package pgbatch is the kit the read models are built on: a Projector
// that routes each event, by its context ("employee" in
// "employee.registered"), to the read model's handler, collects the SQL
// statements the handlers queue, each tagged with the event it came from,
// and writes them in one pipelined batch; an error of a handler or a
// statement is an *ApplyError naming the event, which the eventbus runtime
// recognises by its FailedPosition method.
//
// A read model is then a package with a Name, its tables, one handler per
// context it reads and its queries:
//
//	func New() *Projection {
//		return pgbatch.New(Name, tables,
//			pgbatch.On("employee", employee.Decode, onEmployee),
//			pgbatch.On("skp", skp.Decode, onSKP))
//	}
//
// where Projection is pgbatch.Projector[*pgbatch.Batch] and the handlers
// queue statements with Batch.Queue. A read model that needs more than a
// list of statements (standings reads and writes rows itself) brings its
// own batch type to NewOf. The kit also keeps what several read models
// share: the tree of units and the list of employees (QueueUnitTree,
// QueueEmployeeList), an employee's Placement as queries report it, and
// the Querier queries take.
package pgbatch

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// Step writes a prepared batch within a transaction. It is the same type as
// eventbus.Step, so projectors implement eventbus.Preparer without
// importing it.
type Step = func(ctx context.Context, tx pgx.Tx) error

// ApplyError names the event a projector could not handle: its decoding,
// its handler or one of its statements failed.
type ApplyError struct {
	Projection string
	Position   uint64
	EventID    string
	Type       string
	Err        error
}

// Failed returns the *ApplyError of the projection name for the event e.
func Failed(name string, e *eventlog.Event, err error) *ApplyError {
	return &ApplyError{Projection: name, Position: e.Position, EventID: e.ID, Type: e.Type, Err: err}
}

// Error describes the failure with the event's position, type and id.
func (e *ApplyError) Error() string {
	return fmt.Sprintf("%s: event %d (%s %s): %v", e.Projection, e.Position, e.Type, e.EventID, e.Err)
}

// Unwrap returns the underlying error.
func (e *ApplyError) Unwrap() error { return e.Err }

// FailedPosition returns the global position of the event that failed.
func (e *ApplyError) FailedPosition() uint64 { return e.Position }

// Statement is one SQL statement and the event it came from; From is nil
// for a statement of several events, which What then describes.
type Statement struct {
	SQL  string
	Args []any
	From *eventlog.Event
	What string
}

// Send runs stmts in order in one pipelined batch within tx. A failing
// statement that came from one event is an *ApplyError naming it.
func Send(ctx context.Context, tx pgx.Tx, name string, stmts []Statement) error {
	if len(stmts) == 0 {
		return nil
	}
	var pb pgx.Batch
	for i := range stmts {
		pb.Queue(stmts[i].SQL, stmts[i].Args...)
	}
	br := tx.SendBatch(ctx, &pb)
	for i := range stmts {
		if _, err := br.Exec(); err != nil {
			_ = br.Close()
			if st := &stmts[i]; st.From != nil {
				return Failed(name, st.From, err)
			}
			return fmt.Errorf("%s: %s: %w", name, stmts[i].What, err)
		}
	}
	if err := br.Close(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
