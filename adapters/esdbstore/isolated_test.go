package esdbstore_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/adapters/esdbstore"
	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// isolated is a view of a store on a shared server as if it were empty, so
// that the contract suite, which wants a fresh log per test, runs against
// a real server that cannot be emptied: stream names get a suffix unique to
// the view, and the global log starts after the head at the view's
// creation and shows only the view's streams.
type isolated struct {
	st     *esdbstore.Store
	suffix string
	base   uint64
}

func newIsolated(t *testing.T, st *esdbstore.Store) *isolated {
	t.Helper()
	base, _, err := st.Head(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	return &isolated{st: st, suffix: "-t" + hex.EncodeToString(b[:]), base: base}
}

// isolatedHarness returns a contract-suite harness over a fresh view of st.
func isolatedHarness(t *testing.T, st *esdbstore.Store) eventstoretest.Harness {
	v := newIsolated(t, st)
	return eventstoretest.Harness{Store: v, Subscribe: v.subscribe}
}

// name returns the shared server's name of stream; an invalid name stays
// as it is, for the store to reject.
func (v *isolated) name(stream string) string {
	if eventlog.ValidateStream(stream) != nil {
		return stream
	}
	return stream + v.suffix
}

// own reports whether e is in one of the view's streams, and gives it
// the view's stream name.
func (v *isolated) own(e *eventlog.Event) bool {
	s, ok := strings.CutSuffix(e.Stream, v.suffix)
	e.Stream = s
	return ok
}

// unname gives a concurrency error the view's stream name.
func (v *isolated) unname(err error) error {
	var ce *eventlog.ConcurrencyError
	if errors.As(err, &ce) {
		c := *ce
		c.Stream = strings.TrimSuffix(c.Stream, v.suffix)
		return &c
	}
	return err
}

func (v *isolated) Append(ctx context.Context, stream string, exp eventlog.ExpectedVersion, evs ...eventlog.NewEvent) (eventlog.AppendResult, error) {
	return v.AppendWith(ctx, stream, exp, eventlog.AppendOptions{}, evs...)
}

func (v *isolated) AppendWith(ctx context.Context, stream string, exp eventlog.ExpectedVersion, opts eventlog.AppendOptions, evs ...eventlog.NewEvent) (eventlog.AppendResult, error) {
	conds := make([]eventlog.Condition, len(opts.Conditions))
	for i, c := range opts.Conditions {
		conds[i] = eventlog.Condition{Stream: v.name(c.Stream), Expected: c.Expected}
	}
	res, err := v.st.AppendWith(ctx, v.name(stream), exp, eventlog.AppendOptions{Conditions: conds}, evs...)
	return res, v.unname(err)
}

func (v *isolated) ReadStream(ctx context.Context, stream string, after uint64, limit int) ([]eventlog.Event, error) {
	evs, err := v.st.ReadStream(ctx, v.name(stream), after, limit)
	for i := range evs {
		v.own(&evs[i])
	}
	return evs, err
}

func (v *isolated) ReadAll(ctx context.Context, after uint64, limit int) ([]eventlog.Event, error) {
	if limit <= 0 {
		limit = esdbstore.DefaultReadLimit
	}
	var out []eventlog.Event
	after = max(after, v.base)
	for len(out) < limit {
		page, err := v.st.ReadAll(ctx, after, limit)
		if err != nil {
			return nil, err
		}
		for _, e := range page {
			if v.own(&e) && len(out) < limit {
				out = append(out, e)
			}
		}
		if len(page) < limit {
			break
		}
		after = page[len(page)-1].Position
	}
	return out, nil
}

func (v *isolated) subscribe(ctx context.Context, after uint64) <-chan eventlog.Event {
	in := v.st.Subscribe(ctx, max(after, v.base)).Events()
	out := make(chan eventlog.Event)
	go func() {
		defer close(out)
		for e := range in {
			if !v.own(&e) {
				continue
			}
			select {
			case out <- e:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// TestContractSharedServer runs the contract suite through isolated views
// of one fake server, as TestContractReal runs it on a real one.
func TestContractSharedServer(t *testing.T) {
	st := openStore(t, startFake(t).URL())
	eventstoretest.Run(t, func(t *testing.T) eventstoretest.Harness { return isolatedHarness(t, st) })
}
