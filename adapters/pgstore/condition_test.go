package pgstore

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// conditionalRequest is newRequest with one condition.
func conditionalRequest(ctx context.Context, stream string, exp eventlog.ExpectedVersion, on string, onExp eventlog.ExpectedVersion) *appendRequest {
	r := newRequest(ctx, stream, exp, eventstoretest.Events(1)...)
	r.conditions = []eventlog.Condition{{Stream: on, Expected: onExp}}
	return r
}

// TestConditionsInOneBatch plans one group-commit batch (the fast path,
// without the id lookup) in which an append moves a stream that later
// appends of the batch are conditioned on: each condition is checked as if
// the batch's appends committed one after another, and a failed condition
// fails only its own append.
func TestConditionsInOneBatch(t *testing.T) {
	s, sc := newStore(t)
	ctx := context.Background()
	if _, err := s.Append(ctx, "employee-a", eventlog.NoStream, eventstoretest.Events(1)...); err != nil {
		t.Fatal(err)
	}
	tx, err := sc.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	batch := []*appendRequest{
		newRequest(ctx, "employee-a", eventlog.Exact(1), eventstoretest.Events(1)...),
		conditionalRequest(ctx, "skp-a-2025", eventlog.NoStream, "employee-a", eventlog.Exact(1)),
		conditionalRequest(ctx, "skp-b-2025", eventlog.NoStream, "employee-a", eventlog.Exact(2)),
		conditionalRequest(ctx, "skp-c-2025", eventlog.NoStream, "period-x-2025", eventlog.NoStream),
	}
	resp, err := s.writeBatch(ctx, tx, batch, false, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	var ce *eventlog.ConcurrencyError
	if !errors.As(resp[1].err, &ce) || ce.Stream != "employee-a" || ce.Actual != 2 {
		t.Fatalf("append under the stale condition: %v, want a conflict on employee-a at 2", resp[1].err)
	}
	for _, i := range []int{0, 2, 3} {
		if resp[i].err != nil {
			t.Fatalf("append %d: %v", i, resp[i].err)
		}
	}
	all, err := s.ReadAll(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 4 || all[2].Stream != "skp-b-2025" || all[3].Stream != "skp-c-2025" {
		t.Fatalf("log holds %d events, want employee-a twice, skp-b and skp-c", len(all))
	}
}

// TestConditionWaitsForHeadLock holds a transaction open that has moved a
// stream, while an append conditioned on the stream's old version goes
// through the store. The append waits for the head lock and, once the
// transaction commits, sees the move and fails: the condition is checked at
// commit time, not before.
func TestConditionWaitsForHeadLock(t *testing.T) {
	s, sc := newStore(t)
	ctx := context.Background()
	if _, err := s.Append(ctx, "employee-a", eventlog.NoStream, eventstoretest.Events(1)...); err != nil {
		t.Fatal(err)
	}
	tx, err := sc.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	resp, err := s.writeBatch(ctx, tx, []*appendRequest{newRequest(ctx, "employee-a", eventlog.Exact(1), eventstoretest.Events(1)...)}, true, false)
	if err != nil || resp[0].err != nil {
		t.Fatalf("move: %v %v", err, resp[0].err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := s.AppendWith(ctx, "skp-a-2025", eventlog.NoStream,
			eventlog.AppendOptions{Conditions: []eventlog.Condition{{Stream: "employee-a", Expected: eventlog.Exact(1)}}},
			eventstoretest.Events(1)...)
		done <- err
	}()
	select {
	case err := <-done:
		t.Fatalf("the conditioned append finished while the move held the head lock: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	err = <-done
	var ce *eventlog.ConcurrencyError
	if !errors.As(err, &ce) || ce.Stream != "employee-a" || ce.Actual != 2 {
		t.Fatalf("conditioned append after the move: %v, want a conflict on employee-a at 2", err)
	}
}
