package httpapi

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// sseMsg is one message of an event stream: an event (id, type and data)
// or a comment.
type sseMsg struct {
	id      uint64
	event   string
	data    liveEventView
	comment string
	// checkpoint marks a message with an id only: no event.
	checkpoint bool
}

// sseClient reads one event stream in the background.
type sseClient struct {
	status int
	header http.Header
	body   []byte // the problem, when status is not 200
	msgs   chan sseMsg
	cancel context.CancelFunc
	done   chan struct{}
	// comments are the comment lines received.
	mu       sync.Mutex
	comments []string
}

// commentsSeen returns the comment lines received so far.
func (c *sseClient) commentsSeen() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.comments)
}

// serveReal serves srv on 127.0.0.1:0 with its own timeouts until the test
// ends, and returns its base URL.
func serveReal(t testing.TB, srv *Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			_ = srv.Close()
		}
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

// openSSE opens GET /v1/me/events at base as token's caller; extra holds
// header pairs (such as Last-Event-ID) and query is added to the URL.
func openSSE(t testing.TB, base, token, query string, extra ...string) *sseClient {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	u := base + "/v1/me/events"
	if query != "" {
		u += "?" + query
	}
	req, err := http.NewRequestWithContext(ctx, "GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "text/event-stream")
	for i := 0; i+1 < len(extra); i += 2 {
		req.Header.Set(extra[i], extra[i+1])
	}
	resp, err := checkedClient(t).Do(req)
	if err != nil {
		cancel()
		t.Fatalf("GET %s: %v", u, err)
	}
	c := &sseClient{status: resp.StatusCode, header: resp.Header, msgs: make(chan sseMsg, 100000), cancel: cancel, done: make(chan struct{})}
	if resp.StatusCode != http.StatusOK {
		c.body, _ = io.ReadAll(resp.Body)
		resp.Body.Close()
		cancel()
		close(c.msgs)
		close(c.done)
		return c
	}
	go c.read(t, resp.Body)
	t.Cleanup(c.close)
	return c
}

// read parses the stream into c.msgs until it ends.
func (c *sseClient) read(t testing.TB, body io.ReadCloser) {
	defer close(c.done)
	defer close(c.msgs)
	defer body.Close()
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var m sseMsg
	sawID := false
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if m.event != "" || m.comment != "" {
				c.msgs <- m
			} else if m.id != 0 || sawID {
				m.checkpoint = true
				c.msgs <- m
			}
			m, sawID = sseMsg{}, false
		case strings.HasPrefix(line, ": "):
			m.comment = strings.TrimPrefix(line, ": ")
			c.mu.Lock()
			c.comments = append(c.comments, m.comment)
			c.mu.Unlock()
		case strings.HasPrefix(line, "id: "):
			m.id, _ = strconv.ParseUint(strings.TrimPrefix(line, "id: "), 10, 64)
			sawID = true
		case strings.HasPrefix(line, "event: "):
			m.event = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			if err := json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &m.data); err != nil {
				t.Errorf("data %q: %v", line, err)
			}
		case strings.HasPrefix(line, "retry: "):
		default:
			t.Errorf("unexpected line %q", line)
		}
	}
}

// close ends the stream from the client's side and waits for the reader.
func (c *sseClient) close() {
	c.cancel()
	<-c.done
}

// next returns the next event (skipping comments), or false when none
// came within d or the stream ended.
func (c *sseClient) next(d time.Duration) (sseMsg, bool) {
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		select {
		case m, ok := <-c.msgs:
			if !ok {
				return sseMsg{}, false
			}
			if m.event != "" {
				return m, true
			}
		case <-timer.C:
			return sseMsg{}, false
		}
	}
}

// until collects events until one at position pos arrives; it fails the
// test if that takes longer than d.
func (c *sseClient) until(t testing.TB, pos uint64, d time.Duration, what string) []sseMsg {
	t.Helper()
	deadline := time.Now().Add(d)
	var got []sseMsg
	for {
		m, ok := c.next(time.Until(deadline))
		if !ok {
			t.Fatalf("%s: no event at position %d within %s; got %v", what, pos, d, ids(got))
		}
		got = append(got, m)
		if m.id >= pos {
			return got
		}
	}
}

// ids returns the ids of msgs.
func ids(msgs []sseMsg) []uint64 {
	out := make([]uint64, len(msgs))
	for i, m := range msgs {
		out[i] = m.id
	}
	return out
}

// jsonDecode decodes and closes the body of resp.
func jsonDecode(resp *http.Response, v any) error {
	defer resp.Body.Close()
	return json.NewDecoder(resp.Body).Decode(v)
}
