package eventbus_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/adapters/eventbus"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
)

// crashing is standings that, every third batch, fails after writing its
// rows and before the checkpoint is written: the crash between the two.
type crashing struct {
	*standings.Projection
	mu sync.Mutex
	n  int
}

var errCrash = errors.New("simulated crash after the read-model write")

func (c *crashing) Apply(ctx context.Context, tx pgx.Tx, events []eventlog.Event) error {
	if err := c.Projection.Apply(ctx, tx, events); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	if c.n%3 == 0 {
		return errCrash
	}
	return nil
}

// lostAcks fails each message once after the handler succeeded, as when
// the commit went through but the acknowledgement was lost.
func lostAcks() message.HandlerMiddleware {
	var mu sync.Mutex
	seen := map[string]bool{}
	return func(h message.HandlerFunc) message.HandlerFunc {
		return func(msg *message.Message) ([]*message.Message, error) {
			out, err := h(msg)
			mu.Lock()
			defer mu.Unlock()
			if err == nil && !seen[msg.UUID] {
				seen[msg.UUID] = true
				return nil, errors.New("simulated lost ack")
			}
			return out, err
		}
	}
}

// TestCheckpointAtomicity runs standings with crashes between the
// read-model write and the checkpoint, and with acks lost after commits:
// nothing is counted twice, the result equals a clean run.
func TestCheckpointAtomicity(t *testing.T) {
	e := newEnv(t)
	e.appendAll(t, projectiontest.Generate(projectiontest.Config{Seed: 11, Employees: 40}))
	cfg := e.runnerConfig(40)
	cfg.Retry.MaxRetries = 5
	cfg.Middleware = []message.HandlerMiddleware{lostAcks()}
	r, err := eventbus.NewRunner(e.sc.Pool, e.store, cfg, &crashing{Projection: standings.New()})
	if err != nil {
		t.Fatal(err)
	}
	stop := start(t, r)
	waitCheckpoint(t, e.sc.Pool, standings.Name, e.head(t), time.Minute)
	stop()
	live := projectiontest.Dump(t, e.sc.Pool, standings.New())
	reapply(t, e, standings.New())
	if diff := cmp.Diff(live, projectiontest.Dump(t, e.sc.Pool, standings.New())); diff != "" {
		t.Fatalf("with crashes the read model differs from a clean run (-live +clean):\n%s", diff)
	}
}
