// Package rebuild builds projections from position 0 outside the live
// runtime (adapters/eventbus): blue/green rebuilds of live read models, and
// replays for the inspectorate. It writes through the read-side contract
// (adapters/readside) and reads the log through Log.
//
// # Rebuilds
//
// Rebuild builds a projection from position 0 into fresh copies of its
// tables in a scratch schema, in large batches, then swaps them in within one
// transaction once caught up with the live checkpoint; queries keep reading
// the old tables until then. The next batch is read and prepared while the
// current one is written.
//
// # Replays
//
// Replay builds projections from position 0 up to a position or a time into
// a scratch schema for the inspectorate, on a connection whose search_path
// holds that schema alone, so live tables are never written; Diff compares
// a replayed projection's tables with the live ones by primary key. Replays
// wraps both for the HTTP API (generated names, one build at a time, a time
// limit, a cap on the replays each instansi keeps, which expire), and
// gives each replay an owning instansi that alone sees it and whose rows
// alone its diffs compare.
package rebuild
