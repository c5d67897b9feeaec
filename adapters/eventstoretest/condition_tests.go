package eventstoretest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// conditioned returns append options with one condition.
func conditioned(stream string, exp eventlog.ExpectedVersion) eventlog.AppendOptions {
	return eventlog.AppendOptions{Conditions: []eventlog.Condition{{Stream: stream, Expected: exp}}}
}

// wantConditionConflict fails unless err is a *ConcurrencyError naming
// stream with actual version actual.
func wantConditionConflict(t *testing.T, err error, stream string, actual uint64) {
	t.Helper()
	var ce *eventlog.ConcurrencyError
	if !errors.As(err, &ce) || !errors.Is(err, eventlog.ErrConcurrency) {
		t.Fatalf("want *ConcurrencyError on %s, got %T %v", stream, err, err)
	}
	if ce.Stream != stream || ce.Actual != actual {
		t.Fatalf("conflict detail = %+v, want stream %s actual %d", ce, stream, actual)
	}
}

func testConditionMet(t *testing.T, h Harness) {
	mustAppend(t, h.Store, "employee-a1", eventlog.NoStream, Events(2)...)
	mustAppend(t, h.Store, "period-a1-2025", eventlog.NoStream, Events(1)...)
	opts := eventlog.AppendOptions{Conditions: []eventlog.Condition{
		{Stream: "employee-a1", Expected: eventlog.Exact(2)},
		{Stream: "period-a1-2025", Expected: eventlog.StreamExists},
		{Stream: "skp-a1-2025", Expected: eventlog.Exact(0)}, // the appended stream itself
	}}
	res, err := h.Store.AppendWith(ctxT(t), "skp-a1-2025", eventlog.NoStream, opts, Events(2)...)
	if err != nil {
		t.Fatalf("append with met conditions: %v", err)
	}
	if res.Version != 2 || streamLen(t, h.Store, "skp-a1-2025") != 2 {
		t.Fatalf("version = %d, want 2 and 2 events", res.Version)
	}
	if n := streamLen(t, h.Store, "employee-a1"); n != 2 {
		t.Fatalf("condition stream has %d events, want 2 (conditions write nothing)", n)
	}
}

func testConditionNotMet(t *testing.T, h Harness) {
	mustAppend(t, h.Store, "employee-b1", eventlog.NoStream, Events(2)...)
	mustAppend(t, h.Store, "skp-b1-2025", eventlog.NoStream, Events(1)...)
	before := len(allEvents(t, h.Store))
	_, err := h.Store.AppendWith(ctxT(t), "skp-b1-2025", eventlog.Exact(1), conditioned("employee-b1", eventlog.Exact(1)), Events(2)...)
	wantConditionConflict(t, err, "employee-b1", 2)
	var ce *eventlog.ConcurrencyError
	if errors.As(err, &ce) && ce.Expected != eventlog.Exact(1) {
		t.Fatalf("conflict expected = %s, want the condition's 1", ce.Expected)
	}
	// The append's own expected version is checked first.
	_, err = h.Store.AppendWith(ctxT(t), "skp-b1-2025", eventlog.Exact(0), conditioned("employee-b1", eventlog.Exact(1)), Events(1)...)
	wantConditionConflict(t, err, "skp-b1-2025", 1)
	// Every condition must hold, not just the first.
	opts := eventlog.AppendOptions{Conditions: []eventlog.Condition{
		{Stream: "employee-b1", Expected: eventlog.Exact(2)},
		{Stream: "period-b1-2025", Expected: eventlog.StreamExists},
	}}
	_, err = h.Store.AppendWith(ctxT(t), "skp-b1-2025", eventlog.Exact(1), opts, Events(1)...)
	wantConditionConflict(t, err, "period-b1-2025", 0)
	if n := len(allEvents(t, h.Store)); n != before {
		t.Fatalf("log has %d events after failed conditions, want %d", n, before)
	}
}

func testConditionOnMissingStream(t *testing.T, h Harness) {
	for _, exp := range []eventlog.ExpectedVersion{eventlog.NoStream, eventlog.Exact(0), eventlog.Any} {
		if _, err := h.Store.AppendWith(ctxT(t), "skp-c1-2025", eventlog.Any, conditioned("period-c1-2025", exp), Events(1)...); err != nil {
			t.Fatalf("condition %s on a missing stream: %v", exp, err)
		}
	}
	_, err := h.Store.AppendWith(ctxT(t), "skp-c1-2025", eventlog.Any, conditioned("period-c1-2025", eventlog.StreamExists), Events(1)...)
	wantConditionConflict(t, err, "period-c1-2025", 0)
	mustAppend(t, h.Store, "period-c1-2025", eventlog.NoStream, Events(1)...)
	_, err = h.Store.AppendWith(ctxT(t), "skp-c1-2025", eventlog.Any, conditioned("period-c1-2025", eventlog.NoStream), Events(1)...)
	wantConditionConflict(t, err, "period-c1-2025", 1)
	if n := streamLen(t, h.Store, "skp-c1-2025"); n != 3 {
		t.Fatalf("stream has %d events, want 3", n)
	}
}

func testConditionIdempotentReappend(t *testing.T, h Harness) {
	mustAppend(t, h.Store, "employee-d1", eventlog.NoStream, Events(1)...)
	evs := Events(2)
	opts := conditioned("employee-d1", eventlog.Exact(1))
	first, err := h.Store.AppendWith(ctxT(t), "skp-d1-2025", eventlog.NoStream, opts, evs...)
	if err != nil {
		t.Fatal(err)
	}
	again, err := h.Store.AppendWith(ctxT(t), "skp-d1-2025", eventlog.NoStream, opts, evs...)
	if err != nil || again.Version != first.Version || again.Position != first.Position {
		t.Fatalf("re-append = %+v, %v; want %+v", again, err, first)
	}
	// The condition stream moved since: the events committed while the
	// condition held, so a retry still returns the first result.
	mustAppend(t, h.Store, "employee-d1", eventlog.Exact(1), Events(1)...)
	again, err = h.Store.AppendWith(ctxT(t), "skp-d1-2025", eventlog.NoStream, opts, evs...)
	if err != nil || again.Version != first.Version || again.Position != first.Position {
		t.Fatalf("re-append after the condition stream moved = %+v, %v; want %+v", again, err, first)
	}
	// New events under the stale condition fail.
	_, err = h.Store.AppendWith(ctxT(t), "skp-d1-2025", eventlog.Exact(2), opts, Events(1)...)
	wantConditionConflict(t, err, "employee-d1", 2)
	if n := streamLen(t, h.Store, "skp-d1-2025"); n != 2 {
		t.Fatalf("stream has %d events, want 2", n)
	}
}

func testConditionInvalid(t *testing.T, h Harness) {
	_, err := h.Store.AppendWith(ctxT(t), "skp-e1-2025", eventlog.Any, conditioned("Not A Stream", eventlog.Exact(0)), Events(1)...)
	if !errors.Is(err, eventlog.ErrInvalidStream) {
		t.Fatalf("condition on a bad stream name: want ErrInvalidStream, got %v", err)
	}
	many := make([]eventlog.Condition, eventlog.MaxConditions+1)
	for i := range many {
		many[i] = eventlog.Condition{Stream: fmt.Sprintf("employee-e%d", i), Expected: eventlog.Any}
	}
	_, err = h.Store.AppendWith(ctxT(t), "skp-e1-2025", eventlog.Any, eventlog.AppendOptions{Conditions: many}, Events(1)...)
	if !errors.Is(err, eventlog.ErrTooManyConditions) {
		t.Fatalf("%d conditions: want ErrTooManyConditions, got %v", len(many), err)
	}
	if n := len(allEvents(t, h.Store)); n != 0 {
		t.Fatalf("log has %d events after invalid conditions, want 0", n)
	}
}

// testConditionConcurrent appends at once to many streams, half of them
// under a condition that fails: exactly those fail, whatever batches the
// backend groups them in.
func testConditionConcurrent(t *testing.T, h Harness) {
	mustAppend(t, h.Store, "employee-f1", eventlog.NoStream, Events(3)...)
	const n = 40
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		exp := eventlog.Exact(3)
		if i%2 == 1 {
			exp = eventlog.Exact(2)
		}
		wg.Go(func() {
			_, errs[i] = h.Store.AppendWith(ctxT(t), fmt.Sprintf("skp-f%d-2025", i), eventlog.NoStream,
				conditioned("employee-f1", exp), Events(2)...)
		})
	}
	wg.Wait()
	for i, err := range errs {
		if i%2 == 0 && err != nil {
			t.Errorf("append %d with a met condition: %v", i, err)
		}
		if i%2 == 1 {
			wantConditionConflict(t, err, "employee-f1", 3)
		}
	}
	if got := len(allEvents(t, h.Store)); got != 3+n {
		t.Fatalf("log has %d events, want %d", got, 3+n)
	}
}

// testConditionSeesEarlierAppend checks a condition against an append that
// committed just before it: moving the condition stream and appending under
// the old version, one after the other, never both succeed.
func testConditionSeesEarlierAppend(t *testing.T, h Harness) {
	mustAppend(t, h.Store, "employee-g1", eventlog.NoStream, Events(1)...)
	const rounds = 20
	for i := range rounds {
		stream := fmt.Sprintf("skp-g%d-2025", i)
		var moveErr, condErr error
		var wg sync.WaitGroup
		wg.Go(func() {
			_, moveErr = h.Store.Append(ctxT(t), "employee-g1", eventlog.Exact(uint64(i+1)), Events(1)...)
		})
		wg.Go(func() {
			_, condErr = h.Store.AppendWith(ctxT(t), stream, eventlog.NoStream, conditioned("employee-g1", eventlog.Exact(uint64(i+1))), Events(1)...)
		})
		wg.Wait()
		if moveErr != nil {
			t.Fatalf("round %d: move: %v", i, moveErr)
		}
		moved := streamLen(t, h.Store, "employee-g1")
		evs, err := h.Store.ReadStream(ctxT(t), stream, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		if condErr == nil {
			// The conditioned append must precede the move in the log.
			all := allEvents(t, h.Store)
			if last := all[len(all)-1]; last.Stream != "employee-g1" || len(evs) != 1 || evs[0].Position > last.Position {
				t.Fatalf("round %d: conditioned append committed after the condition stream moved", i)
			}
		} else {
			wantConditionConflict(t, condErr, "employee-g1", uint64(moved))
		}
	}
}
