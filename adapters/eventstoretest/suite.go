// Package eventstoretest is the contract suite of the event store port. Every
// backend (PostgreSQL, EventStoreDB) runs it through Run with a factory that
// returns a fresh, empty store.
package eventstoretest

import (
	"context"
	"testing"

	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// Store is what the suite exercises: the write-side port plus global reads.
type Store interface {
	command.EventStore
	// ReadAll returns events with global position > after, in order.
	ReadAll(ctx context.Context, after uint64, limit int) ([]eventlog.Event, error)
}

// Harness is one fresh backend under test.
type Harness struct {
	Store Store
	// Subscribe delivers events with position > after, catch-up then live,
	// on a channel that is closed when ctx ends.
	Subscribe func(ctx context.Context, after uint64) <-chan eventlog.Event
}

// Run runs every contract test against harnesses made by newHarness; each
// test gets its own harness (an empty log).
func Run(t *testing.T, newHarness func(t *testing.T) Harness) {
	tests := []struct {
		name string
		fn   func(t *testing.T, h Harness)
	}{
		{"ExpectedNoStream", testExpectedNoStream},
		{"ExpectedStreamExists", testExpectedStreamExists},
		{"ExpectedExact", testExpectedExact},
		{"ExpectedAny", testExpectedAny},
		{"ConcurrencyErrorDetail", testConcurrencyErrorDetail},
		{"IdempotentReappend", testIdempotentReappend},
		{"PartialDuplicateRejected", testPartialDuplicate},
		{"AtomicMultiEventAppend", testAtomicMultiEvent},
		{"EnvelopeRoundTrip", testEnvelopeRoundTrip},
		{"ReadStream", testReadStream},
		{"ReadAll", testReadAll},
		{"BadInputWritesNothing", testBadInput},
		{"CancelledContextWritesNothing", testCancelledContext},
		{"SubscriptionSeesLaterAppends", testSubscriptionLive},
		{"SubscriptionFromPosition", testSubscriptionFromPosition},
		{"ConcurrentAppendsOneWinner", testConcurrentOneWinner},
		{"ConditionMet", testConditionMet},
		{"ConditionNotMet", testConditionNotMet},
		{"ConditionOnMissingStream", testConditionOnMissingStream},
		{"ConditionIdempotentReappend", testConditionIdempotentReappend},
		{"ConditionInvalid", testConditionInvalid},
		{"ConditionConcurrent", testConditionConcurrent},
		{"ConditionSeesEarlierAppend", testConditionSeesEarlierAppend},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, newHarness(t))
		})
	}
}
