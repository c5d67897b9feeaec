// Package httpapitest runs a real Kinerja HTTP server for tests: the
// httpapi server, wired as cmd/kinerja wires it (token verification,
// PostgreSQL event store, idempotency store, CSV import, access log, read
// models and replays), over a fresh PostgreSQL schema, listening on
// 127.0.0.1:0. It seeds an instansi (its people registered as the system
// actor, as "kinerja import" bootstraps one, the rest over HTTP), mints
// tokens, sends requests, and runs the projections.
//
// It is a test-support package: only tests import it.
package httpapitest
