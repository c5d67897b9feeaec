package eventstoretest

import (
	"errors"
	"sync"
	"testing"

	"github.com/kinerja/kinerja/domain/eventlog"
)

func testExpectedNoStream(t *testing.T, h Harness) {
	res := mustAppend(t, h.Store, "skp-a-2025", eventlog.NoStream, Events(2)...)
	if res.Version != 2 {
		t.Fatalf("version after first append = %d, want 2", res.Version)
	}
	_, err := h.Store.Append(ctxT(t), "skp-a-2025", eventlog.NoStream, Events(1)...)
	wantConflict(t, err)
	if n := streamLen(t, h.Store, "skp-a-2025"); n != 2 {
		t.Fatalf("stream has %d events after a conflict, want 2", n)
	}
}

func testExpectedStreamExists(t *testing.T, h Harness) {
	_, err := h.Store.Append(ctxT(t), "skp-b-2025", eventlog.StreamExists, Events(1)...)
	wantConflict(t, err)
	mustAppend(t, h.Store, "skp-b-2025", eventlog.NoStream, Events(1)...)
	res := mustAppend(t, h.Store, "skp-b-2025", eventlog.StreamExists, Events(1)...)
	if res.Version != 2 {
		t.Fatalf("version = %d, want 2", res.Version)
	}
}

func testExpectedExact(t *testing.T, h Harness) {
	mustAppend(t, h.Store, "skp-c-2025", eventlog.Exact(0), Events(1)...)
	res := mustAppend(t, h.Store, "skp-c-2025", eventlog.Exact(1), Events(2)...)
	if res.Version != 3 {
		t.Fatalf("version = %d, want 3", res.Version)
	}
	for _, v := range []uint64{0, 1, 2, 4} {
		_, err := h.Store.Append(ctxT(t), "skp-c-2025", eventlog.Exact(v), Events(1)...)
		wantConflict(t, err)
	}
	if n := streamLen(t, h.Store, "skp-c-2025"); n != 3 {
		t.Fatalf("stream has %d events, want 3", n)
	}
}

func testExpectedAny(t *testing.T, h Harness) {
	mustAppend(t, h.Store, "skp-d-2025", eventlog.Any, Events(1)...)
	res := mustAppend(t, h.Store, "skp-d-2025", eventlog.Any, Events(1)...)
	if res.Version != 2 {
		t.Fatalf("version = %d, want 2", res.Version)
	}
}

func testConcurrencyErrorDetail(t *testing.T, h Harness) {
	mustAppend(t, h.Store, "skp-e-2025", eventlog.NoStream, Events(3)...)
	_, err := h.Store.Append(ctxT(t), "skp-e-2025", eventlog.Exact(1), Events(1)...)
	var ce *eventlog.ConcurrencyError
	if !errors.As(err, &ce) {
		t.Fatalf("want *ConcurrencyError, got %T %v", err, err)
	}
	if ce.Stream != "skp-e-2025" || ce.Actual != 3 {
		t.Fatalf("conflict detail = %+v, want stream skp-e-2025 actual 3", ce)
	}
}

func testIdempotentReappend(t *testing.T, h Harness) {
	evs := Events(3)
	first := mustAppend(t, h.Store, "skp-f-2025", eventlog.NoStream, evs...)
	again := mustAppend(t, h.Store, "skp-f-2025", eventlog.NoStream, evs...)
	if again.Version != first.Version {
		t.Fatalf("re-append version = %d, want %d", again.Version, first.Version)
	}
	if first.Existing {
		t.Fatalf("the first append says Existing")
	}
	anyAgain := mustAppend(t, h.Store, "skp-f-2025", eventlog.Any, evs...)
	if anyAgain.Version != first.Version {
		t.Fatalf("re-append (any) version = %d, want %d", anyAgain.Version, first.Version)
	}
	if n := streamLen(t, h.Store, "skp-f-2025"); n != 3 {
		t.Fatalf("stream has %d events after re-appends, want 3", n)
	}
	if n := len(allEvents(t, h.Store)); n != 3 {
		t.Fatalf("log has %d events after re-appends, want 3", n)
	}
}

func testPartialDuplicate(t *testing.T, h Harness) {
	evs := Events(2)
	mustAppend(t, h.Store, "skp-g-2025", eventlog.NoStream, evs[0])
	_, err := h.Store.Append(ctxT(t), "skp-g-2025", eventlog.Any, evs...)
	if err == nil {
		t.Fatal("append of one stored and one new event id succeeded")
	}
	if n := streamLen(t, h.Store, "skp-g-2025"); n != 1 {
		t.Fatalf("stream has %d events, want 1", n)
	}
}

func testAtomicMultiEvent(t *testing.T, h Harness) {
	evs := Events(5)
	res := mustAppend(t, h.Store, "skp-h-2025", eventlog.NoStream, evs...)
	got, err := h.Store.ReadStream(ctxT(t), "skp-h-2025", 0, 0)
	if err != nil || len(got) != 5 {
		t.Fatalf("read: %d events, %v", len(got), err)
	}
	for i, e := range got {
		if e.ID != evs[i].ID || e.Version != uint64(i+1) {
			t.Fatalf("event %d: id %s version %d, want %s %d", i, e.ID, e.Version, evs[i].ID, i+1)
		}
		if i > 0 && e.Position <= got[i-1].Position {
			t.Fatalf("positions not increasing: %d then %d", got[i-1].Position, e.Position)
		}
	}
	if res.Position != got[4].Position {
		t.Fatalf("result position %d, last event position %d", res.Position, got[4].Position)
	}
	bad := Events(3)
	bad[2].Type = "Not A Type"
	if _, err := h.Store.Append(ctxT(t), "skp-h-2025", eventlog.Any, bad...); !errors.Is(err, eventlog.ErrInvalidEventType) {
		t.Fatalf("want ErrInvalidEventType, got %v", err)
	}
	if n := streamLen(t, h.Store, "skp-h-2025"); n != 5 {
		t.Fatalf("stream has %d events after a rejected batch, want 5", n)
	}
}

func testConcurrentOneWinner(t *testing.T, h Harness) {
	mustAppend(t, h.Store, "skp-i-2025", eventlog.NoStream, Events(1)...)
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, errs[i] = h.Store.Append(ctxT(t), "skp-i-2025", eventlog.Exact(1), Events(1)...)
		}(i)
	}
	wg.Wait()
	wins := 0
	for _, err := range errs {
		switch {
		case err == nil:
			wins++
		case !errors.Is(err, eventlog.ErrConcurrency):
			t.Fatalf("unexpected error: %v", err)
		}
	}
	if wins != 1 {
		t.Fatalf("%d concurrent appends at version 1 succeeded, want exactly 1", wins)
	}
	if n := streamLen(t, h.Store, "skp-i-2025"); n != 2 {
		t.Fatalf("stream has %d events, want 2", n)
	}
}
