// Package command holds Kinerja's write-side use cases: load a stream, decide
// with the pure domain model, append the new events with the expected version.
// It declares the event store port that the adapters implement.
package command

import (
	"context"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// EventStore is the port the write side appends to and loads streams from.
// Implementation: adapters/pgstore (PostgreSQL); every implementation must
// pass the contract suite in adapters/eventstoretest.
type EventStore interface {
	// Append writes events atomically at the end of stream if the stream's
	// version satisfies expected. It returns the stream's new version and the
	// global position of the last event. A mismatch returns an error for which
	// errors.Is(err, eventlog.ErrConcurrency) holds (a *eventlog.ConcurrencyError).
	// Appending events whose ids are already stored at that place in the same
	// stream succeeds without writing anything and returns the original result.
	// Invalid input returns one of eventlog's validation errors and writes nothing.
	Append(ctx context.Context, stream string, expected eventlog.ExpectedVersion, events ...eventlog.NewEvent) (eventlog.AppendResult, error)
	// AppendWith is Append with options. With opts.Conditions, the append
	// also requires each condition's stream to satisfy the condition's
	// expected version at commit time, checked atomically with the write (no
	// append to a condition stream can commit between the check and the
	// write). The append's own expected version is checked first; then the
	// conditions in order. If any condition stream is not at its version,
	// nothing is written and the append fails with a *eventlog.ConcurrencyError
	// naming the condition stream, its expected version and its actual
	// version. A condition on a stream that has no events sees version 0
	// (Exact(0) and NoStream hold). An idempotent re-append (every event id
	// already stored at that place) returns its first result without checking
	// the conditions. Invalid conditions (a bad stream name, more than
	// eventlog.MaxConditions) return a validation error and write nothing.
	// Append(ctx, s, e, events...) is AppendWith(ctx, s, e, eventlog.AppendOptions{}, events...).
	AppendWith(ctx context.Context, stream string, expected eventlog.ExpectedVersion, opts eventlog.AppendOptions, events ...eventlog.NewEvent) (eventlog.AppendResult, error)
	// ReadStream returns the events of stream with version > after, in version
	// order, at most limit of them (all when limit <= 0). A stream that does not
	// exist reads as empty, without error. Events carry their ID, Version,
	// Position and Metadata: the Service finds an idempotent retry's first
	// result in them.
	ReadStream(ctx context.Context, stream string, after uint64, limit int) ([]eventlog.Event, error)
}
