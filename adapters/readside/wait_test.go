package readside_test

import (
	"context"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// nothing is a projection without tables that ignores every event.
type nothing struct{}

func (nothing) Name() string                                          { return "nothing" }
func (nothing) Tables() []string                                      { return nil }
func (nothing) Apply(context.Context, pgx.Tx, []eventlog.Event) error { return nil }

// TestWaitFor checks read-your-writes: a query waits for the projection to
// reach the position of a write, and gives up after its bound.
func TestWaitFor(t *testing.T) {
	sc := pgtest.New(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cp, ok, err := readside.WaitFor(ctx, sc.Pool, "nothing", 1, 30*time.Millisecond)
	if err != nil || ok || cp != 0 {
		t.Fatalf("before any event: %d %v %v, want 0 false nil", cp, ok, err)
	}
	applied := make(chan error, 1)
	go func() {
		time.Sleep(50 * time.Millisecond)
		_, err := readside.ApplyBatch(ctx, sc.Pool, nothing{}, []eventlog.Event{{Position: 6}, {Position: 7}})
		applied <- err
	}()
	cp, ok, err = readside.WaitFor(ctx, sc.Pool, "nothing", 7, 10*time.Second)
	if err != nil || !ok || cp != 7 {
		t.Fatalf("after a batch: %d %v %v, want 7 true nil", cp, ok, err)
	}
	if err := <-applied; err != nil {
		t.Fatal(err)
	}
}

// TestReadStatus checks that a projection without a row is idle and one
// with a checkpoint reports it.
func TestReadStatus(t *testing.T) {
	sc := pgtest.New(t)
	ctx := context.Background()
	if _, err := readside.ApplyBatch(ctx, sc.Pool, nothing{}, []eventlog.Event{{Position: 3}}); err != nil {
		t.Fatal(err)
	}
	got, err := readside.ReadStatus(ctx, sc.Pool, []string{"nothing", "other"})
	if err != nil {
		t.Fatal(err)
	}
	if n, o := got["nothing"], got["other"]; n.Checkpoint != 3 || o.State != "idle" || o.Checkpoint != 0 {
		t.Errorf("statuses %+v, want nothing at 3 and other idle at 0", got)
	}
}
