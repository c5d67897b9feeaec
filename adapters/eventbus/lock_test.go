package eventbus

import (
	"context"
	"testing"
	"time"

	"github.com/kinerja/kinerja/migrations/pgtest"
)

// TestReleaseWhileWatching releases an ownership while its watcher pings
// the lock's connection, as the runner does when a projection stops: the
// two must not use the connection at the same time (run with -race), and
// the lock must be free afterwards.
func TestReleaseWhileWatching(t *testing.T) {
	sc := pgtest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for i := range 20 {
		own, err := tryLock(ctx, sc.Pool, "race")
		if err != nil || own == nil {
			t.Fatalf("round %d: lock: %v, %v", i, own, err)
		}
		wctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() {
			defer close(done)
			own.watch(wctx, time.Microsecond, func() {})
		}()
		time.Sleep(time.Duration(i%5) * time.Millisecond)
		own.release(ctx)
		stop()
		<-done
	}
	again, err := tryLock(ctx, sc.Pool, "race")
	if err != nil || again == nil {
		t.Fatalf("lock after the releases: %v, %v, want it free", again, err)
	}
	again.release(ctx)
}
