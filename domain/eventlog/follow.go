package eventlog

import (
	"context"
	"fmt"
)

// Subscription is a live subscription to the global log, as the event
// store backends give: Events delivers events in position order and is
// closed when the subscription ends; Err then says why (nil when ctx
// ended or Close was called).
type Subscription interface {
	Events() <-chan Event
	Err() error
	Close()
}

// Follow calls fn with every event sub delivers, in order, and closes sub.
// It returns when ctx ends (ctx's error), when fn returns an error (that
// error), or when the subscription fails (its error, wrapped with after,
// the position it followed from).
func Follow(ctx context.Context, sub Subscription, after uint64, fn func(Event) error) error {
	defer sub.Close()
	for e := range sub.Events() {
		if err := fn(e); err != nil {
			return err
		}
	}
	if err := sub.Err(); err != nil {
		return fmt.Errorf("follow the log after %d: %w", after, err)
	}
	return ctx.Err()
}
