package eventlog

import (
	"errors"
	"fmt"
)

type expectKind uint8

const (
	expectAny expectKind = iota
	expectNoStream
	expectStreamExists
	expectExact
)

// ExpectedVersion is the optimistic-concurrency condition of an append. The
// zero value is Any.
type ExpectedVersion struct {
	kind    expectKind
	version uint64
}

var (
	// Any accepts the append whatever the stream's version.
	Any = ExpectedVersion{kind: expectAny}
	// NoStream accepts the append only if the stream has no events.
	NoStream = ExpectedVersion{kind: expectNoStream}
	// StreamExists accepts the append only if the stream has at least one event.
	StreamExists = ExpectedVersion{kind: expectStreamExists}
)

// Exact accepts the append only if the stream's version (the version of its
// last event, 0 for an empty stream) is v.
func Exact(v uint64) ExpectedVersion { return ExpectedVersion{kind: expectExact, version: v} }

// Matches reports whether a stream at version current satisfies e.
func (e ExpectedVersion) Matches(current uint64) bool {
	switch e.kind {
	case expectNoStream:
		return current == 0
	case expectStreamExists:
		return current > 0
	case expectExact:
		return current == e.version
	default:
		return true
	}
}

// ExactVersion returns the version e names and true, or 0 and false when e is
// not an exact expectation. NoStream is reported as exact version 0.
func (e ExpectedVersion) ExactVersion() (uint64, bool) {
	switch e.kind {
	case expectExact:
		return e.version, true
	case expectNoStream:
		return 0, true
	}
	return 0, false
}

// IsAny reports whether e is Any.
func (e ExpectedVersion) IsAny() bool { return e.kind == expectAny }

// IsStreamExists reports whether e is StreamExists.
func (e ExpectedVersion) IsStreamExists() bool { return e.kind == expectStreamExists }

// String describes e for error messages.
func (e ExpectedVersion) String() string {
	switch e.kind {
	case expectNoStream:
		return "no-stream"
	case expectStreamExists:
		return "stream-exists"
	case expectExact:
		return fmt.Sprintf("%d", e.version)
	default:
		return "any"
	}
}

// ErrConcurrency is returned (wrapped in a *ConcurrencyError) when an append's
// expected version does not match the stream.
var ErrConcurrency = errors.New("concurrency conflict")

// ConcurrencyError says which stream conflicted, what was expected and what
// the stream's version actually was.
type ConcurrencyError struct {
	Stream   string
	Expected ExpectedVersion
	Actual   uint64
}

func (e *ConcurrencyError) Error() string {
	return fmt.Sprintf("concurrency conflict on stream %s: expected version %s, actual %d", e.Stream, e.Expected, e.Actual)
}

// Is makes errors.Is(err, ErrConcurrency) true for a *ConcurrencyError.
func (e *ConcurrencyError) Is(target error) bool { return target == ErrConcurrency }
