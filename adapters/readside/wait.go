package readside

import (
	"context"
	"time"
)

// WaitFor supports read-your-writes: it waits until the checkpoint of the
// projection named name reaches position, for at most maxWait, checking
// every few milliseconds. It returns the last checkpoint seen and whether it
// reached position; running out of time is not an error (the caller answers
// with the projection's position instead). Errors are those of reading the
// checkpoint, or ctx's.
func WaitFor(ctx context.Context, db Querier, name string, position uint64, maxWait time.Duration) (uint64, bool, error) {
	deadline := time.Now().Add(maxWait)
	wait := 2 * time.Millisecond
	for {
		cp, err := Checkpoint(ctx, db, name)
		if err != nil {
			return 0, false, err
		}
		if cp >= position {
			return cp, true, nil
		}
		left := time.Until(deadline)
		if left <= 0 {
			return cp, false, nil
		}
		sleep(ctx, min(wait, left))
		if err := ctx.Err(); err != nil {
			return cp, false, err
		}
		wait = min(2*wait, 50*time.Millisecond)
	}
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
