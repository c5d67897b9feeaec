package eventlog

import (
	"errors"
	"fmt"
)

// MaxConditions bounds how many conditions one append may carry.
const MaxConditions = 16

// ErrTooManyConditions means an append carries more than MaxConditions.
var ErrTooManyConditions = errors.New("too many append conditions")

// Condition is an optimistic-concurrency check on a stream other than the
// one appended to: the append goes ahead only if, at commit time, the
// stream's version satisfies Expected. A command conditions its append on
// the streams its decision read (the employee whose reporting line
// authorised a rating, the period whose windows allowed a report), so that
// a change to one of them between the read and the commit fails the append
// instead of committing a decision made on stale facts. Exact(0) and
// NoStream both mean the stream has no events.
type Condition struct {
	Stream   string
	Expected ExpectedVersion
}

// String describes c for error messages.
func (c Condition) String() string { return fmt.Sprintf("%s at %s", c.Stream, c.Expected) }

// AppendOptions are the optional parts of an append. The zero value is a
// plain append.
type AppendOptions struct {
	// Conditions are checked atomically with the append, after the append's
	// own expected version: if any condition's stream is not at its expected
	// version at commit time, nothing is written and the append fails with a
	// *ConcurrencyError whose Stream is the first failing condition's stream,
	// Expected its expectation and Actual its version then. An append whose
	// event ids are already stored (an idempotent retry) returns its first
	// result without checking them: they held when it committed.
	Conditions []Condition
}

// ValidateConditions checks the conditions of an append: at most
// MaxConditions of them, each on a valid stream name.
func ValidateConditions(conds []Condition) error {
	if len(conds) > MaxConditions {
		return fmt.Errorf("%w: %d conditions > %d", ErrTooManyConditions, len(conds), MaxConditions)
	}
	for i, c := range conds {
		if err := ValidateStream(c.Stream); err != nil {
			return fmt.Errorf("condition %d: %w", i, err)
		}
	}
	return nil
}
