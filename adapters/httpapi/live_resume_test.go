package httpapi

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// TestLiveResumeAfterForcedDisconnectsMissesNothing has HR of the instansi
// follow the log while two writers (one in each instansi) write, closing
// the connection at random points 20 times and reconnecting with
// Last-Event-ID, with a buffer small enough that the hub may also drop the
// stream. The events received, in order, must be exactly the events of the
// instansi after the first connection: none missing, none twice.
//
// HR reads the instansi only (its replay searches the instansi's events);
// the kepala is also an evaluator (its replay reads the log and decides
// event by event).
func TestLiveResumeAfterForcedDisconnectsMissesNothing(t *testing.T) {
	t.Run("hr", func(t *testing.T) { resumeRounds(t, func(tk tokens) string { return tk.hr }) })
	t.Run("kepala", func(t *testing.T) { resumeRounds(t, func(tk tokens) string { return tk.kepala }) })
}

func resumeRounds(t *testing.T, caller func(tokens) string) {
	a := newAPIServer(t, func(api *API, _ *pgtest.Schema) { api.Live.Buffer = 4 })
	tk := a.seed(t)
	token := caller(tk)
	base := serveReal(t, a.srv)
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for _, w := range []struct{ path, token string }{{"/v1/units/bidang-a/rename", tk.hr}, {"/v1/units/bogor-bkpsdm/rename", tk.otherHR}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				a.write(t, w.path, w.token, map[string]any{"name": "Nama " + strconv.Itoa(i)}, "rename")
			}
		}()
	}
	rng := rand.New(rand.NewPCG(13, uint64(time.Now().UnixNano())))
	// As an EventSource does: connect without Last-Event-ID first, then
	// always with the last id seen (an event's, or a checkpoint's).
	var got []uint64
	var start, last uint64
	known, dropped := false, 0
	see := func(m sseMsg) {
		switch {
		case m.event != "":
			got, last = append(got, m.id), m.id
		case m.checkpoint:
			if !known {
				start, known = m.id, true
			}
			last = m.id
		}
	}
	for round := 0; round < 20; round++ {
		var extra []string
		if known {
			extra = []string{"Last-Event-ID", strconv.FormatUint(last, 10)}
		}
		c := openSSE(t, base, token, "", extra...)
		if c.status != 200 {
			t.Fatalf("round %d: status %d: %s", round, c.status, c.body)
		}
		// Read a random number of events, or for a random time, then cut.
		n, timer := rng.IntN(30), time.NewTimer(time.Duration(rng.IntN(50))*time.Millisecond)
	read:
		for seen := 0; seen < n; {
			select {
			case m, ok := <-c.msgs:
				if !ok {
					break read
				}
				see(m)
				if m.event != "" {
					seen++
				}
			case <-timer.C:
				break read
			}
		}
		timer.Stop()
		c.close()
		// What had arrived completely before the cut counts as received.
		for m := range c.msgs {
			see(m)
		}
		if slices.Contains(c.commentsSeen(), "too far behind; reconnect with Last-Event-ID to catch up") {
			dropped++
		}
	}
	t.Logf("%d of 20 streams were dropped by the hub for falling behind", dropped)
	if !known {
		t.Fatal("no checkpoint in 20 rounds")
	}
	close(stop)
	wg.Wait()
	head := a.head(t)
	var want []uint64
	for pos, e := range a.eventsByPosition(t) {
		if pos > start && e.Metadata.Instansi == instansi {
			want = append(want, pos)
		}
	}
	slices.Sort(want)
	if want[len(want)-1] > last {
		c := openSSE(t, base, token, "after="+strconv.FormatUint(last, 10))
		got = append(got, ids(c.until(t, want[len(want)-1], 10*time.Second, "catch up"))...)
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("received %d events, want %d (head %d):\n got %v\nwant %v", len(got), len(want), head, got, want)
	}
}

// TestLiveConnectionLimitPerUser opens streams up to the limit: one more
// is a 429 problem with Retry-After, another caller is not affected, and a
// closed stream frees its slot.
func TestLiveConnectionLimitPerUser(t *testing.T) {
	a := newAPIServer(t, func(api *API, _ *pgtest.Schema) { api.Live.MaxPerUser = 3 })
	tk := a.seed(t)
	base := serveReal(t, a.srv)
	var open []*sseClient
	for i := 0; i < 3; i++ {
		c := openSSE(t, base, tk.pegawai, "")
		if c.status != 200 {
			t.Fatalf("stream %d: status %d: %s", i+1, c.status, c.body)
		}
		open = append(open, c)
	}
	over := openSSE(t, base, tk.pegawai, "")
	if over.status != http.StatusTooManyRequests || over.header.Get("Retry-After") == "" {
		t.Fatalf("stream 4: status %d, Retry-After %q: %s", over.status, over.header.Get("Retry-After"), over.body)
	}
	r := response{status: over.status, header: over.header, body: over.body}
	if p := r.problem(t); p.Type != TypeTooManyRequests {
		t.Fatalf("stream 4: problem %+v", p)
	}
	if c := openSSE(t, base, tk.rekan, ""); c.status != 200 {
		t.Fatalf("another caller: status %d", c.status)
	}
	if m := a.send(t, "GET", "/metrics", "", nil).must(t, 200, "metrics"); !bytes.Contains(m.body, []byte("\nkinerja_live_streams 4\n")) {
		t.Fatalf("/metrics does not count 4 open streams")
	}
	open[0].close()
	deadline := time.Now().Add(5 * time.Second)
	for {
		c := openSSE(t, base, tk.pegawai, "")
		if c.status == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the closed stream's slot was not freed: status %d", c.status)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestLiveStreamsOutliveTimeoutsAndEndOnShutdown serves with one-second
// read and write timeouts and a short heartbeat: a stream stays open for
// several seconds with heartbeats and still delivers, and Shutdown ends
// every stream at once, with a comment saying why, instead of waiting for
// them.
func TestLiveStreamsOutliveTimeoutsAndEndOnShutdown(t *testing.T) {
	a := newAPIServer(t, func(api *API, _ *pgtest.Schema) { api.Live.Heartbeat = 100 * time.Millisecond })
	tk := a.seed(t)
	srv, err := NewServer(ServerConfig{ReadTimeout: time.Second, WriteTimeout: time.Second}, a.srv.deps)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	base := "http://" + ln.Addr().String()
	streams := []*sseClient{openSSE(t, base, tk.hr, ""), openSSE(t, base, tk.pegawai, ""), openSSE(t, base, tk.penilai, "after=0")}
	time.Sleep(2500 * time.Millisecond)
	w := a.write(t, skpPath, tk.pegawai, map[string]any{"plan": plan(10)}, "draft")
	for i, c := range streams {
		c.until(t, w, 5*time.Second, fmt.Sprintf("stream %d after the timeouts", i))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		t.Fatalf("serve: %v", err)
	}
	for i, c := range streams {
		<-c.done
		comments := c.commentsSeen()
		if len(comments) == 0 || comments[len(comments)-1] != "server shutting down; reconnect with Last-Event-ID" {
			t.Fatalf("stream %d ended with %q", i, comments)
		}
		if !slices.Contains(comments, "heartbeat") {
			t.Fatalf("stream %d had no heartbeat: %q", i, comments)
		}
	}
}

// slowHistory is a LiveLog whose reads of stored events take long to
// return, as over a long history.
type slowHistory struct {
	LiveLog
	delay time.Duration
}

func (l slowHistory) ReadAll(ctx context.Context, after uint64, limit int) ([]eventlog.Event, error) {
	evs, err := l.LiveLog.ReadAll(ctx, after, limit)
	select {
	case <-time.After(l.delay):
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return evs, err
}

// gatedHistory is a LiveLog whose reads of stored events, once read, wait
// for the gate to open before they return, as a long history would.
type gatedHistory struct {
	LiveLog
	gate <-chan struct{}
}

func (l gatedHistory) ReadAll(ctx context.Context, after uint64, limit int) ([]eventlog.Event, error) {
	evs, err := l.LiveLog.ReadAll(ctx, after, limit)
	select {
	case <-l.gate:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return evs, err
}

// TestLiveStreamThatFallsBehindEndsAndCatchesUp replays while events
// commit faster than a buffer of one holds: the hub drops the stream, which
// ends saying why, and a reconnection with Last-Event-ID receives every
// event, none twice. The replay is held until the hub has dispatched the
// events: it was slowed by a fixed 300 ms, and on a loaded machine the
// writes took longer, the stream went live in time, was never dropped and
// the test waited for its end for 30 minutes.
func TestLiveStreamThatFallsBehindEndsAndCatchesUp(t *testing.T) {
	gate := make(chan struct{})
	a := newAPIServer(t, func(api *API, _ *pgtest.Schema) {
		api.Live.Buffer, api.Live.Log = 1, gatedHistory{api.Live.Log, gate}
	})
	tk := a.seed(t)
	base := serveReal(t, a.srv)
	from := a.head(t)
	// The penilai's stream: an official's replay reads the whole log
	// (held here); a pegawai's reads the instansi's index.
	c := openSSE(t, base, tk.penilai, "after="+strconv.FormatUint(from, 10))
	var want []uint64
	for i := range 3 {
		want = append(want, a.write(t, "/v1/skp/"+pegawai+"/"+strconv.Itoa(2024+i), tk.pegawai, map[string]any{"plan": plan(10)}, "draft"))
	}
	dispatched := func() bool {
		h := a.srv.live
		h.mu.Lock()
		defer h.mu.Unlock()
		return h.pos >= want[len(want)-1]
	}
	for deadline := time.Now().Add(20 * time.Second); !dispatched(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the hub did not dispatch the three drafts within 20 s")
		}
	}
	close(gate)
	select {
	case <-c.done:
	case <-time.After(20 * time.Second):
		t.Fatal("the stream that fell behind did not end within 20 s")
	}
	if got := c.commentsSeen(); !slices.Contains(got, "too far behind; reconnect with Last-Event-ID to catch up") {
		t.Fatalf("the stream ended with %q", got)
	}
	var got []uint64
	last := from
	for m := range c.msgs {
		if m.event != "" {
			got, last = append(got, m.id), m.id
		}
	}
	if last < want[len(want)-1] {
		again := openSSE(t, base, tk.penilai, "", "Last-Event-ID", strconv.FormatUint(last, 10))
		got = append(got, ids(again.until(t, want[len(want)-1], 10*time.Second, "catch up"))...)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("received %v, want %v", got, want)
	}
}

// TestLiveResumeOfAnEmployeeReadsTheirInstansiOnly: a pegawai who evaluates
// nobody resuming from 0 read the whole log of every instansi (here slowed
// to a minute a page); their events are all of their instansi and are read
// by its index.
func TestLiveResumeOfAnEmployeeReadsTheirInstansiOnly(t *testing.T) {
	a := newAPIServer(t, func(api *API, _ *pgtest.Schema) { api.Live.Log = slowHistory{api.Live.Log, time.Minute} })
	tk := a.seed(t)
	want := a.write(t, skpPath, tk.pegawai, map[string]any{"plan": plan(10)}, "draft")
	base := serveReal(t, a.srv)
	c := openSSE(t, base, tk.rekan, "after=0") // a pegawai, no official
	if c.status != 200 {
		t.Fatalf("status %d: %s", c.status, c.body)
	}
	own := a.write(t, rekanPath, tk.rekan, map[string]any{"plan": plan(10)}, "rekan's draft")
	got := ids(c.until(t, own, 10*time.Second, "the replay and the rekan's own draft"))
	if slices.Contains(got, want) || !slices.Contains(got, own) {
		t.Fatalf("received %v: want the rekan's draft %d, not the pegawai's %d", got, own, want)
	}
}

// TestLiveShutdownEndsAReplay shuts the server down while a stream replays
// a history that would take a minute to read: the shutdown does not wait
// for it, and the stream ends saying why.
func TestLiveShutdownEndsAReplay(t *testing.T) {
	a := newAPIServer(t, func(api *API, _ *pgtest.Schema) { api.Live.Log = slowHistory{api.Live.Log, time.Minute} })
	tk := a.seed(t)
	srv, err := NewServer(ServerConfig{}, a.srv.deps)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	c := openSSE(t, "http://"+ln.Addr().String(), tk.penilai, "after=0")
	if c.status != 200 {
		t.Fatalf("status %d: %s", c.status, c.body)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		t.Fatalf("shutdown during a replay: %v", err)
	}
	<-c.done
	if got := c.commentsSeen(); !slices.Equal(got, []string{liveShutdownComment}) {
		t.Fatalf("the stream ended with %q", got)
	}
}
