package pgstore

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

const (
	helperEnvURL     = "KINERJA_PGSTORE_HELPER_URL"
	helperEnvChannel = "KINERJA_PGSTORE_HELPER_CHANNEL"
	helperWriters    = 5
	helperAppends    = 60
	helperProcesses  = 2
)

// TestMultiProcessSubscriberSeesExactlyCommitted runs 2 OS processes with 5
// concurrent writers each (some appends conflict on purpose) while this
// process subscribes. The subscriber must receive exactly the set of
// committed events, each once, in gapless global-position order.
func TestMultiProcessSubscriberSeesExactlyCommitted(t *testing.T) {
	s, sc := newStore(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	sub := s.Subscribe(ctx, 0)
	defer sub.Close()

	committed := map[string]bool{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	errs := make(chan error, helperProcesses)
	for p := 0; p < helperProcesses; p++ {
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			ids, err := runWriterProcess(ctx, sc.URL, s.cfg.NotifyChannel, p)
			if err != nil {
				errs <- err
				return
			}
			mu.Lock()
			for _, id := range ids {
				committed[id] = true
			}
			mu.Unlock()
		}(p)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if len(committed) == 0 {
		t.Fatal("writer processes committed nothing")
	}
	got := receiveAll(t, sub, len(committed))
	seen := map[string]bool{}
	for i, e := range got {
		if e.Position != uint64(i+1) {
			t.Fatalf("event %d delivered with position %d: out of order or skipped", i, e.Position)
		}
		if seen[e.ID] {
			t.Fatalf("event %s delivered twice", e.ID)
		}
		seen[e.ID] = true
		if !committed[e.ID] {
			t.Fatalf("event %s delivered but no writer saw it commit", e.ID)
		}
	}
	t.Logf("%d processes x %d writers: %d events committed and delivered once each, in order", helperProcesses, helperWriters, len(got))
}

func receiveAll(t *testing.T, sub *Subscription, n int) []eventlog.Event {
	t.Helper()
	var got []eventlog.Event
	timeout := time.After(30 * time.Second)
	for len(got) < n {
		select {
		case e, ok := <-sub.Events():
			if !ok {
				t.Fatalf("subscription ended after %d of %d events: %v", len(got), n, sub.Err())
			}
			got = append(got, e)
		case <-timeout:
			t.Fatalf("subscriber received %d of %d committed events", len(got), n)
		}
	}
	select {
	case e := <-sub.Events():
		t.Fatalf("subscriber received an extra event %s at position %d", e.ID, e.Position)
	case <-time.After(300 * time.Millisecond):
	}
	return got
}

func runWriterProcess(ctx context.Context, url, channel string, p int) ([]string, error) {
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperWriterProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnvURL+"="+url, helperEnvChannel+"="+channel, "KINERJA_PGSTORE_HELPER_ID="+strconv.Itoa(p))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("writer process %d: %v\n%s\n%s", p, err, out, stderr.String())
	}
	var ids []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		if id, ok := strings.CutPrefix(sc.Text(), "COMMITTED "); ok {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// TestHelperWriterProcess is the body of a writer process; it does nothing
// in a normal test run.
func TestHelperWriterProcess(t *testing.T) {
	url := os.Getenv(helperEnvURL)
	if url == "" {
		return
	}
	pool := pgtest.Pool(t, url)
	s, err := New(pool, Config{NotifyChannel: os.Getenv(helperEnvChannel)})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	me := os.Getenv("KINERJA_PGSTORE_HELPER_ID")
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < helperWriters; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < helperAppends; i++ {
				// Writers share streams across processes so that some
				// exact-version appends conflict.
				stream := fmt.Sprintf("skp-w%d-2025", (w+i)%3)
				exp := eventlog.Any
				if i%4 == 0 {
					exp = eventlog.Exact(uint64(i))
				}
				evs := eventstoretest.Events(1 + i%3)
				_, err := s.Append(context.Background(), stream, exp, evs...)
				if errors.Is(err, eventlog.ErrConcurrency) {
					continue
				}
				if err != nil {
					t.Errorf("process %s writer %d: %v", me, w, err)
					return
				}
				mu.Lock()
				for _, e := range evs {
					fmt.Printf("COMMITTED %s\n", e.ID)
				}
				mu.Unlock()
			}
		}(w)
	}
	wg.Wait()
}
