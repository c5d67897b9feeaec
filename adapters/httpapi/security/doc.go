// Package security holds the acceptance tests of issue 10 (security and
// integrity): each test runs a real Kinerja server on 127.0.0.1:0 over
// real PostgreSQL (package httpapitest) and attacks one hole as an outside
// caller would, over HTTP. The package has no code of its own.
package security
