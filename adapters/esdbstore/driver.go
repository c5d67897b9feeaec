package esdbstore

import (
	"context"
	"errors"
	"time"
)

// The store talks to EventStoreDB through driver, a small interface over
// the gRPC client in its own types. driver_esdb.go implements it with
// github.com/EventStore/EventStore-Client-Go/v4; a file behind a build tag
// can implement it with github.com/kurrent-io/KurrentDB-Client-Go instead
// (the two clients cannot be linked into one binary: both register the same
// protobuf types).

// errWrongVersion is returned by driver.append when the stream's revision
// does not satisfy the expectation.
var errWrongVersion = errors.New("wrong expected version")

// errConnection marks a driver error after which the client must be
// replaced (the connection is closed or the server unavailable).
var errConnection = errors.New("eventstoredb connection lost")

// expectKind is the kind of an expected revision.
type expectKind uint8

const (
	expectAny expectKind = iota
	expectNoStream
	expectExists
	expectRevision
)

// expectation is an expected revision of the stream appended to.
type expectation struct {
	kind     expectKind
	revision uint64
}

// wireEvent is an event as sent to the server.
type wireEvent struct {
	ID   string
	Type string
	Data []byte
	Meta []byte
}

// recorded is an event as read back from the server. Position is its
// commit position in $all.
type recorded struct {
	ID       string
	Type     string
	Stream   string
	Revision uint64
	Position uint64
	Created  time.Time
	Data     []byte
	Meta     []byte
}

// written is where an append landed: the revision and commit position of
// its last event (Position 0 when the server did not say).
type written struct {
	Revision uint64
	Position uint64
}

// driver is the part of the client the store uses.
type driver interface {
	// append appends events to stream if exp holds; errWrongVersion if not.
	append(ctx context.Context, stream string, exp expectation, events []wireEvent) (written, error)
	// readStream reads at most count events of stream forwards from
	// revision from, or backwards from its end when backwards is set. A
	// missing stream reads as empty.
	readStream(ctx context.Context, stream string, from uint64, count uint64, backwards bool) ([]recorded, error)
	// readAll reads at most count events of $all from commit position from,
	// forwards (from 0: the start) or backwards (from 0: the end). Reads
	// from a position return the event there too, if any; system events are
	// included.
	readAll(ctx context.Context, from uint64, count uint64, backwards bool) ([]recorded, error)
	// subscribeAll starts a catch-up subscription to $all after commit
	// position after (0: from the start), system events filtered out by the
	// server.
	subscribeAll(ctx context.Context, after uint64) (feed, error)
	// close releases the client.
	close()
}

// feed is a running subscription.
type feed interface {
	// next blocks for the next event; an error means the subscription
	// dropped.
	next() (recorded, error)
	close()
}
