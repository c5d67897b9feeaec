// Package forward publishes Kinerja's event log to the organisation's
// message broker: a checkpointed forwarder that follows the global log and
// publishes one self-contained Watermill message per event to any
// message.Publisher (NATS JetStream and RabbitMQ publishers are built by
// NewPublisher).
//
// Each message is the whole event: its UUID is the event id, its payload is
// the envelope JSON (Envelope), and its metadata repeats the envelope's
// position, stream, stream version, type, schema version, hash, instansi
// and recorded time (the Meta* keys), so a consumer can route and
// deduplicate without decoding the payload.
//
// Delivery is in global position order (so in order per stream) and at
// least once: the forwarder publishes one message at a time, waits for the
// publisher's confirmation, and only then counts the event as forwarded. Its
// checkpoint (table forwarder_checkpoints, one row per forwarder name) is
// the position of the last forwarded event and is saved every
// CheckpointEvery events, every CheckpointInterval and on stop; a forwarder
// that restarts (after a crash, a kill or a lost database connection)
// publishes again the events after its checkpoint, which consumers
// recognise by the message UUID. A failed publish is retried with backoff
// until it is confirmed: no event is ever skipped. Events that the filters
// leave out count as forwarded without being published.
//
// One process at a time runs a forwarder of a given name: it holds a
// PostgreSQL advisory lock on the name for as long as it runs, on the
// connection that also writes the checkpoint; another process started with
// the same name waits and takes over when the first dies.
package forward
