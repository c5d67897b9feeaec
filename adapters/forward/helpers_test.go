package forward_test

import (
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/adapters/forward"
	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
)

// The environment of a forwarder helper process (TestHelperForwarder).
const (
	envHelper = "KINERJA_TEST_FORWARDER" // the forwarder's name
	envBroker = "KINERJA_TEST_FORWARD_BROKER"
	envTopic  = "KINERJA_TEST_FORWARD_TOPIC"
	envDB     = "KINERJA_TEST_FORWARD_DATABASE_URL"
	envDelay  = "KINERJA_TEST_FORWARD_DELAY" // per publish, so a kill lands mid-log
)

// TestHelperForwarder is the body of a forwarder process: it forwards the
// log of the test schema to the broker until SIGTERM. It does nothing in a
// normal test run.
func TestHelperForwarder(t *testing.T) {
	name := os.Getenv(envHelper)
	if name == "" {
		return
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	pool, err := pgxpool.New(ctx, os.Getenv(envDB))
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	st, err := pgstore.New(pool, pgstore.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	pub, err := forward.NewPublisher(os.Getenv(envBroker), os.Getenv(envTopic), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer pub.Close()
	delay, _ := time.ParseDuration(os.Getenv(envDelay))
	f, err := forward.New(pool, st, slowPublisher{pub, delay}, forward.Config{Name: name, Topic: os.Getenv(envTopic),
		CheckpointEvery: 25, CheckpointInterval: 100 * time.Millisecond, LockRetry: 200 * time.Millisecond,
		RetryMax: 500 * time.Millisecond, Resolver: forward.DerivedInstansi{Pool: pool}})
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Run(ctx); err != nil {
		t.Fatal(err)
	}
}

// slowPublisher waits delay before each publish.
type slowPublisher struct {
	message.Publisher
	delay time.Duration
}

func (p slowPublisher) Publish(topic string, msgs ...*message.Message) error {
	time.Sleep(p.delay)
	return p.Publisher.Publish(topic, msgs...)
}

// logEnv is a test schema with an event store.
type logEnv struct {
	sc    *pgtest.Schema
	store *pgstore.Store
}

func newLogEnv(t *testing.T) *logEnv {
	t.Helper()
	sc := pgtest.New(t)
	st, err := pgstore.New(sc.Pool, pgstore.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	return &logEnv{sc: sc, store: st}
}

// appendWorld appends a generated world from 4 concurrent writers (each
// stream from one writer, so in order) and returns the log's head.
func (le *logEnv) appendWorld(t *testing.T, cfg projectiontest.Config) uint64 {
	t.Helper()
	const writers = 4
	parts := make([][]projectiontest.Append, writers)
	for _, a := range projectiontest.Generate(cfg) {
		h := fnv.New32a()
		h.Write([]byte(a.Stream))
		parts[h.Sum32()%writers] = append(parts[h.Sum32()%writers], a)
	}
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for _, part := range parts {
		wg.Go(func() {
			for _, a := range part {
				if _, err := le.store.Append(context.Background(), a.Stream, eventlog.Any, a.Events...); err != nil {
					errs <- fmt.Errorf("append to %s: %w", a.Stream, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	return le.head(t)
}

func (le *logEnv) head(t *testing.T) uint64 {
	t.Helper()
	h, _, err := le.store.Head(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// all returns the whole log.
func (le *logEnv) all(t *testing.T) []eventlog.Event {
	t.Helper()
	var out []eventlog.Event
	for after := uint64(0); ; {
		page, err := le.store.ReadAll(context.Background(), after, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			return out
		}
		out = append(out, page...)
		after = page[len(page)-1].Position
	}
}

// checkpoint returns the forwarder's saved position.
func (le *logEnv) checkpoint(t *testing.T, name string) uint64 {
	t.Helper()
	cp, err := forward.Checkpoint(context.Background(), le.sc.Pool, name)
	if err != nil {
		t.Fatal(err)
	}
	return cp
}

// waitFor polls cond every 10ms for up to within, failing with what.
func waitFor(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, within)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// syncBuffer is a bytes buffer safe for a process's two output pipes.
type syncBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.b = append(b.b, p...)
	return len(p), nil
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.b)
}

// process is a forwarder helper process.
type process struct {
	cmd  *exec.Cmd
	logs *syncBuffer
	done chan error
}

// startForwarder starts a forwarder process named name on the schema,
// publishing to broker and topic with delay before each publish.
func startForwarder(t *testing.T, le *logEnv, name, broker, topic string, delay time.Duration) *process {
	t.Helper()
	p := &process{logs: &syncBuffer{}, done: make(chan error, 1)}
	p.cmd = exec.Command(os.Args[0], "-test.run=^TestHelperForwarder$", "-test.count=1", "-test.v")
	p.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL} // dies with the test process
	p.cmd.Env = append(os.Environ(), envHelper+"="+name, envBroker+"="+broker, envTopic+"="+topic,
		envDB+"="+le.sc.URL, envDelay+"="+delay.String())
	p.cmd.Stdout, p.cmd.Stderr = p.logs, p.logs
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() {
		_ = p.cmd.Process.Kill()
		err := <-p.done
		p.done <- err
		if t.Failed() {
			t.Logf("forwarder process %d logs:\n%s", p.cmd.Process.Pid, p.logs)
		}
	})
	return p
}

// kill9 kills the process with SIGKILL and waits until it is gone.
func (p *process) kill9(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := <-p.done
	p.done <- err
	if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("forwarder ended with %v, want killed by SIGKILL\n%s", err, p.logs)
	}
}

// terminate stops the process with SIGTERM and checks it exits cleanly.
func (p *process) terminate(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-p.done:
		p.done <- err
		if err != nil && !onlyAMQPLibraryRaces(p.logs.String()) {
			t.Fatalf("forwarder after SIGTERM: %v\n%s", err, p.logs)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("forwarder did not stop within 30s of SIGTERM")
	}
}

// uniqueTopic returns a topic of its own for one test run.
func uniqueTopic(le *logEnv) string {
	return "kinerja.test." + le.sc.Name + "." + strconv.Itoa(os.Getpid())
}

// onlyAMQPLibraryRaces reports whether a race-built forwarder process
// failed only for data races inside watermill-amqp v3.0.2: its
// ConnectionWrapper replaces its `connected` channel without a lock when a
// connection drops, while Publish reads it (pkg/amqp/connection.go,
// IsConnected and handleConnectionClose). The cut connection of the test
// provokes it; the forwarder publishes from one goroutine and cannot guard
// the library's own reconnect goroutine. Any other race still fails.
func onlyAMQPLibraryRaces(logs string) bool {
	lines := strings.Split(logs, "\n")
	races := 0
	for i, l := range lines {
		l = strings.TrimSpace(l)
		if l == "WARNING: DATA RACE" {
			races++
		}
		access := strings.HasPrefix(l, "Read at ") || strings.HasPrefix(l, "Write at ") ||
			strings.HasPrefix(l, "Previous read at ") || strings.HasPrefix(l, "Previous write at ")
		if access && (i+1 >= len(lines) || !strings.Contains(lines[i+1], "watermill-amqp")) {
			return false
		}
	}
	return races > 0
}
