// Package usecases_test runs the write-side use cases of domain/command
// against the real PostgreSQL event store: a whole evaluation year, the
// concurrency and idempotency guarantees, and the cross-stream rules. They
// live here, not in domain/command, so that `go test ./domain/...` needs no
// database.
package usecases_test
