package pgstore

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// TestVerifyWhileAppendsGoOnReportsNoBreak: GET /v1/audit/verify runs on a
// live server. Verify read the head row, then the log up to its end: an
// append committed in between was reported as events added behind the head
// row's back, a broken chain on an untouched log.
func TestVerifyWhileAppendsGoOnReportsNoBreak(t *testing.T) {
	s, _ := newStore(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := s.Append(ctx, "test-seed", eventlog.NoStream, eventstoretest.Events(200)...); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var appended atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ctx.Err() == nil; i++ {
			if _, err := s.Append(ctx, fmt.Sprintf("test-live%d", i), eventlog.NoStream, eventstoretest.Events(1)...); err != nil {
				if ctx.Err() == nil {
					t.Errorf("append: %v", err)
				}
				return
			}
			appended.Add(1)
		}
	}()
	for i := 0; i < 60; i++ {
		rep, err := s.Verify(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !rep.OK {
			t.Fatalf("verification %d while appending: broken at %d: %s", i, rep.FirstBadPosition, rep.Problem)
		}
	}
	cancel()
	wg.Wait()
	if appended.Load() == 0 {
		t.Fatal("nothing was appended while verifying")
	}
}
