// Package readside is the contract between the read models and the code
// that feeds and reads them: what a projection is (Projection, Preparer),
// how a batch of events and the projection's checkpoint commit together
// (ApplyBatch), and how the checkpoints and states of projections are read
// (Checkpoint, WaitFor, ReadStatus).
//
// It is the one port the adapters share on the read side: the Watermill
// runtime (adapters/eventbus) and rebuilds and replays (adapters/rebuild)
// write through it, the HTTP API reads through it. It imports pgx and the
// domain's event type only. Projections implement its interfaces without
// importing it.
//
// A projection's checkpoint is the position of the last event it applied,
// stored in the projection_checkpoints table in the same transaction as the
// projection's writes, so effects happen exactly once although delivery is
// at least once. Its state (running, or stopped by an event it cannot
// handle) is in projection_status.
package readside
