package pgstore

import (
	"context"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
)

func TestPositionAtIsTheLastEventRecordedByThen(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	if pos, err := s.PositionAt(ctx, time.Now()); err != nil || pos != 0 {
		t.Fatalf("empty log: PositionAt = %d, %v; want 0", pos, err)
	}
	for range 3 {
		if _, err := s.Append(ctx, "unit-x", eventlog.Any, eventstoretest.Events(2)...); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	all, err := s.ReadAll(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		at   time.Time
		want uint64
	}{
		{all[0].RecordedAt.Add(-time.Microsecond), 0},
		{all[0].RecordedAt, 2},
		{all[2].RecordedAt.Add(time.Millisecond), 4},
		{all[5].RecordedAt, 6},
		{time.Now().Add(time.Hour), 6},
	}
	for _, c := range cases {
		if got, err := s.PositionAt(ctx, c.at); err != nil || got != c.want {
			t.Errorf("PositionAt(%s) = %d, %v; want %d", c.at.Format(time.RFC3339Nano), got, err, c.want)
		}
	}
}
