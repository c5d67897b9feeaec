// Package esdbtest is an in-process stand-in for an EventStoreDB server,
// for tests of code that uses github.com/EventStore/EventStore-Client-Go/v4
// where no real server can run. It serves the client's own generated gRPC
// interfaces over insecure gRPC on 127.0.0.1 and keeps its log in memory.
//
// It follows EventStoreDB's documented behaviour for what the client uses:
//
//   - Streams/Append: the options message, then the proposed messages;
//     expected revisions any, no_stream, stream_exists and a revision;
//     success with the current revision and the last event's position, or
//     the wrong-expected-version message; re-sending events already written
//     at the expected place (or, with any, events found in the stream)
//     succeeds without writing them again; appends over MaxAppendSize bytes
//     of data and custom metadata fail with gRPC InvalidArgument.
//   - Streams/Read of a stream or of $all, forwards or backwards, with a
//     count; only events, or stream_not_found for a stream without events.
//     Reading $all forwards from a position includes the event at it;
//     backwards excludes it.
//   - Catch-up subscriptions to a stream or to $all: the confirmation, the
//     history after the start point (exclusive), caught_up, then live
//     events; server-side filters on event type or stream name (prefixes
//     or a regular expression) with checkpoints every window × multiplier
//     events read.
//   - ServerFeatures/GetSupportedMethods, reporting ServerVersion.
//
// Recorded events carry the system metadata type, content-type and created
// (Unix time in 100 ns ticks; the client exits the process without it).
// Commit and prepare positions are equal, start above zero and have gaps,
// like byte offsets. Unless Config.OmitSystemEvents is set, $all starts with
// a few $-prefixed system events, as a fresh server's does.
//
// Delete, Tombstone, BatchAppend, persistent subscriptions, projections,
// gossip, links and stream metadata semantics are not implemented.
//
// The keepalive policy allows the client's pings every 10 s with or without
// calls in flight; gRPC's default policy would close the connection, and
// every subscription on it, after about 30 s.
//
// For failure tests, DropSubscriptions and DropAfter end subscriptions with
// gRPC Unavailable, Down, Up and Restart stop and start serving on the same
// port while keeping the data, and SetFault fails or delays calls.
package esdbtest
