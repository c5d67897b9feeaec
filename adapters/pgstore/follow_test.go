package pgstore

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// TestFollowDeliversStoredThenLiveEventsInOrder follows the log from a
// position: the stored events after it come first, then an event appended
// while following, and fn's error ends the following.
func TestFollowDeliversStoredThenLiveEventsInOrder(t *testing.T) {
	s, _ := newStore(t)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := s.Append(ctx, "skp-f-2025", eventlog.Any, eventstoretest.Events(3)...); err != nil {
		t.Fatal(err)
	}
	stop := errors.New("seen enough")
	var got []uint64
	err := s.Follow(ctx, 1, func(e eventlog.Event) error {
		got = append(got, e.Position)
		if e.Position == 3 {
			if _, err := s.Append(ctx, "skp-f-2025", eventlog.Any, eventstoretest.Events(1)...); err != nil {
				return err
			}
		}
		if e.Position == 4 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("Follow returned %v, want fn's error", err)
	}
	if len(got) != 3 || got[0] != 2 || got[1] != 3 || got[2] != 4 {
		t.Fatalf("followed %v, want [2 3 4]", got)
	}
}
