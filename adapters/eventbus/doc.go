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
// A projection that implements readside.Preparer decodes each batch in the
// subscriber's read-ahead goroutine, while the batch before it is being
// written; the handler then runs the prepared step in the batch's
// transaction.
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
// # Beside it
//
// What a projection is, how a batch commits with its checkpoint, and how
// checkpoints and states are read are in adapters/readside, which this
// package, rebuilds and replays (adapters/rebuild) and the HTTP API share.
package eventbus
