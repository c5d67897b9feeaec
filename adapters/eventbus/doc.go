// Package eventbus runs Kinerja's projections on Watermill. The global event
// log is exposed as a message.Subscriber whose topic is a projection's name;
// each projection is the one handler of a message.Router with middleware
// (recoverer, correlation id, retry with backoff, and poison handling that
// stops the projection instead of skipping the event), owned by one process
// at a time through a PostgreSQL advisory lock.
//
// # Messages carry batches
//
// To catch up fast, one Watermill message carries a batch of consecutive
// events of the global log (at most SubscriberConfig.BatchSize, default
// 2000), never a gap. The payload is the JSON array of the events (see
// EncodeBatch); the metadata names the first and last position
// (MetadataFirst, MetadataLast), the event count and the correlation id of
// the first event. A projection applies a whole batch and moves its
// checkpoint in ONE transaction, so a batch takes effect entirely or not at
// all.
//
// # Preparing
//
// A projection that implements Preparer decodes each batch in the
// subscriber's read-ahead goroutine, while the batch before it is being
// written; the handler then runs the prepared step in the batch's
// transaction. Rebuilds read and prepare ahead the same way.
//
// # Delivery
//
// The subscriber starts after the projection's checkpoint (read from the
// projection_checkpoints table) and sends the next message only after the
// previous one was acked. A nack redelivers from the checkpoint, re-read from
// the database, with half the batch size (down to one event), so a failing
// event is isolated. Delivery is at least once; the handler makes effects
// exactly once by locking the checkpoint row and skipping events at or below
// it.
//
// # Failures
//
// Errors are retried with exponential backoff. An error that survives the
// retries on a single event (or that names its event through a
// FailedPosition method) stops the projection: its state, position, event id
// and error are written to projection_status, logged, exported as the
// kinerja_projection_stopped gauge and returned by Monitor.Status. Other
// projections keep running. Restarting the process (after the fix) resumes
// the projection from the failed event.
//
// # Rebuilds
//
// Rebuild builds a projection from position 0 into fresh copies of its
// tables in a scratch schema, in large batches, then swaps them in within one
// transaction once caught up with the live checkpoint; queries keep reading
// the old tables until then.
//
// # Replays
//
// Replay builds projections from position 0 up to a position or a time into
// a scratch schema for the inspectorate, on a connection whose search_path
// holds that schema alone, so live tables are never written; Diff compares
// a replayed projection's tables with the live ones by primary key. Replays
// wraps both for the HTTP API (generated names, one build at a time, a time
// limit, a cap on the replays kept).
package eventbus
