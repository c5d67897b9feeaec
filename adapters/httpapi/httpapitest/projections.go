package httpapitest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/eventbus"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/projections/history"
	"github.com/kinerja/kinerja/projections/promotion"
	"github.com/kinerja/kinerja/projections/standings"
	"github.com/kinerja/kinerja/projections/training"
	"github.com/kinerja/kinerja/projections/unitreport"
	"github.com/kinerja/kinerja/projections/worklist"
)

// Projections returns every read model of the build, as cmd/kinerja's
// registry lists them.
func Projections() []readside.Projection {
	return []readside.Projection{standings.New(), promotion.New(), unitreport.New(), training.New(), history.New(), worklist.New()}
}

// Running are the projections of a server, run by the eventbus runner.
type Running struct {
	// Monitor reports their states; /readyz and GET /v1/projections show it.
	Monitor *eventbus.Monitor
	names   []string
}

// StartProjections runs every projection with the eventbus runner until the
// test ends, and makes the server report them (SetProjections).
func (s *Server) StartProjections(t testing.TB) *Running {
	t.Helper()
	set := Projections()
	var names []string
	for _, p := range set {
		names = append(names, p.Name())
	}
	mon, err := eventbus.NewMonitor(s.Schema.Pool, s.Store, s.HTTP.Registry(), names...)
	if err != nil {
		t.Fatal(err)
	}
	cfg := eventbus.RunnerConfig{
		Subscriber: eventbus.SubscriberConfig{BatchSize: 64, NotifyChannel: s.Channel, PollInterval: 200 * time.Millisecond},
		LockRetry:  100 * time.Millisecond, LockCheck: 100 * time.Millisecond,
		Retry:   eventbus.RetryConfig{MaxRetries: 2, InitialInterval: 5 * time.Millisecond, MaxInterval: 20 * time.Millisecond},
		Owner:   "httpapitest",
		Logger:  slog.New(slog.NewTextHandler(io.Discard, nil)),
		Monitor: mon,
	}
	r, err := eventbus.NewRunner(s.Schema.Pool, s.Store, cfg, set...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = r.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	s.HTTP.SetProjections(mon)
	return &Running{Monitor: mon, names: names}
}

// WaitHead waits until every projection has applied the log up to its
// current head, and fails the test at once if one of them stops.
func (p *Running) WaitHead(t testing.TB, s *Server, within time.Duration) {
	t.Helper()
	head := s.Head(t)
	deadline := time.Now().Add(within)
	for {
		behind, err := p.behind(t, head)
		if err != nil {
			t.Fatal(err)
		}
		if behind == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("projections did not reach position %d within %s: %s", head, within, behind)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// behind describes the first projection whose checkpoint is below head, or
// returns "" when none is; a stopped projection is an error.
func (p *Running) behind(t testing.TB, head uint64) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	all, err := p.Monitor.Status(ctx)
	if err != nil {
		return "", err
	}
	if len(all) != len(p.names) {
		t.Fatalf("status of %d projections, want %d: %+v", len(all), len(p.names), all)
	}
	for _, st := range all {
		if st.State == "stopped" {
			t.Fatalf("projection %s stopped at position %d (%s): %s", st.Name, st.FailedPosition, st.FailedType, st.Error)
		}
	}
	for _, st := range all {
		if st.Checkpoint < head {
			return fmt.Sprintf("%s at %d (state %s)", st.Name, st.Checkpoint, st.State), nil
		}
	}
	return "", nil
}
