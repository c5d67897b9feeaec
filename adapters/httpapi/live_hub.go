package httpapi

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/kinerja/kinerja/domain/eventlog"
)

// errTooManyStreams answers a stream beyond LiveUpdates.MaxPerUser.
var errTooManyStreams = newRequestError(TypeTooManyRequests,
	"You already have as many live event streams open as allowed; close one, or retry after the time in Retry-After.")

// errLiveStopped answers a stream opened while the server shuts down.
var errLiveStopped = newRequestError(TypeUnavailable, "The server is shutting down; reconnect in a moment.")

// liveRetryDelay is how long the hub waits before following the log again
// after reading it failed.
const liveRetryDelay = time.Second

// liveMessage is one event as an SSE frame, rendered once for every stream.
type liveMessage struct {
	pos   uint64
	frame []byte
	// instansi is the event's (liveFacts.instansi).
	instansi string
}

// liveClient is one open stream as the hub sees it.
type liveClient struct {
	nip   string
	scope liveScope
	// foreign, when set, is told the instansi of each event written to the
	// stream; it notes those not the caller's in the access log (see
	// Server.noteForeignRead).
	foreign func(instansi string)
	// msgs holds the frames waiting to be written.
	msgs chan *liveMessage
	// dropped is closed when the hub drops the client: its buffer
	// overflowed, or the facts to decide on an event could not be loaded.
	dropped chan struct{}
}

// hub follows the global log once per server and fans each event out to
// the open streams whose scope admits it. It starts with the first stream
// and runs until stop.
type hub struct {
	cfg    LiveUpdates
	facts  *liveFactsSource
	logger *slog.Logger
	// metrics, if set, count dispatches and drops.
	metrics *liveMetrics

	mu      sync.Mutex
	clients map[*liveClient]struct{}
	perUser map[string]int
	// pos is the position of the last event dispatched.
	pos      uint64
	started  bool
	stopped  bool
	cancel   context.CancelFunc
	done     chan struct{}
	stopping chan struct{}
}

func newHub(cfg LiveUpdates, facts *liveFactsSource, logger *slog.Logger) *hub {
	return &hub{cfg: cfg, facts: facts, logger: logger, clients: map[*liveClient]struct{}{}, perUser: map[string]int{},
		done: make(chan struct{}), stopping: make(chan struct{})}
}

// register adds a stream of p and returns it with the position of the
// last event dispatched: the client receives every event after it that its
// scope admits. The first registration starts the hub at the head of the log.
func (h *hub) register(ctx context.Context, p Principal) (*liveClient, uint64, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if err := h.refusal(p); err != nil {
		return nil, 0, err
	}
	if !h.started {
		head, _, err := h.cfg.Log.Head(ctx)
		if err != nil {
			return nil, 0, err
		}
		h.pos, h.started = head, true
		rctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
		h.cancel = cancel
		go h.run(rctx)
	}
	c := &liveClient{nip: p.NIP, scope: scopeOf(p), msgs: make(chan *liveMessage, h.cfg.Buffer), dropped: make(chan struct{})}
	h.clients[c] = struct{}{}
	h.perUser[p.NIP]++
	return c, h.pos, nil
}

// admits returns the error register would refuse a stream of p with now,
// or nil, without registering anything (the answer to a HEAD).
func (h *hub) admits(p Principal) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.refusal(p)
}

// refusal is why a stream of p cannot be registered now, or nil; h.mu is
// held.
func (h *hub) refusal(p Principal) error {
	switch {
	case h.stopped:
		return errLiveStopped
	case h.perUser[p.NIP] >= h.cfg.MaxPerUser:
		return errTooManyStreams
	}
	return nil
}

// unregister removes c, if the hub has not dropped it already.
func (h *hub) unregister(c *liveClient) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.clients[c]; ok {
		h.remove(c)
	}
}

// remove forgets c; h.mu is held.
func (h *hub) remove(c *liveClient) {
	delete(h.clients, c)
	if h.perUser[c.nip]--; h.perUser[c.nip] <= 0 {
		delete(h.perUser, c.nip)
	}
}

// drop removes c and tells its stream to end; h.mu is held.
func (h *hub) drop(c *liveClient) {
	h.remove(c)
	close(c.dropped)
	if h.metrics != nil {
		h.metrics.dropped.Inc()
	}
}

// stop ends every stream (their handlers see stopping), refuses new ones,
// and waits until the hub stops following the log.
func (h *hub) stop() {
	h.mu.Lock()
	if h.stopped {
		h.mu.Unlock()
		return
	}
	h.stopped = true
	close(h.stopping)
	started := h.started
	if started {
		h.cancel()
	}
	h.mu.Unlock()
	if started {
		<-h.done
	}
}

// Live pipeline sizes: the events between the log and the dispatcher, and
// how many of them may have their facts looked up at once (the first event
// of each employee after a start needs a read of the store).
const (
	liveQueue   = 256
	liveLookups = 8
)

// pendingEvent is an event whose facts are being looked up.
type pendingEvent struct {
	e     eventlog.Event
	facts liveFacts
	err   error
	ready chan struct{}
}

// run follows the log from the last dispatched position until ctx ends,
// starting over after a failure. Facts are looked up concurrently; events
// are dispatched one at a time, in log order.
func (h *hub) run(ctx context.Context) {
	defer close(h.done)
	queue := make(chan *pendingEvent, liveQueue)
	dispatched := make(chan struct{})
	go func() {
		defer close(dispatched)
		for p := range queue {
			<-p.ready
			if err := h.dispatch(ctx, p); err != nil {
				h.logger.ErrorContext(ctx, "live updates: cannot dispatch an event", "error", err, "position", p.e.Position)
			}
		}
	}()
	defer func() { close(queue); <-dispatched }()
	lookups := make(chan struct{}, liveLookups)
	for {
		h.mu.Lock()
		after := h.pos
		h.mu.Unlock()
		err := h.cfg.Log.Follow(ctx, after, func(e eventlog.Event) error { return h.accept(ctx, e, queue, lookups) })
		if ctx.Err() != nil {
			return
		}
		h.logger.WarnContext(ctx, "live updates: following the log failed; retrying", "error", err, "after", after)
		select {
		case <-ctx.Done():
			return
		case <-time.After(liveRetryDelay):
		}
	}
}

// accept starts the lookup of e's facts and queues e for dispatch. An
// event of an employee's stream first drops the employee's cached line, so
// that the lookups of the events after it read the line anew.
func (h *hub) accept(ctx context.Context, e eventlog.Event, queue chan<- *pendingEvent, lookups chan struct{}) error {
	if nip, ok := strings.CutPrefix(e.Stream, "employee-"); ok {
		h.facts.forget(nip)
	}
	if id, ok := strings.CutPrefix(e.Stream, "instansi-"); ok {
		h.facts.forgetZone(id)
	}
	p := &pendingEvent{e: e, ready: make(chan struct{})}
	select {
	case lookups <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	go func() {
		defer func() { <-lookups }()
		p.facts, p.err = h.facts.of(ctx, e)
		close(p.ready)
	}()
	select {
	case queue <- p:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// dispatch hands p's event to every stream whose scope admits it. A stream
// whose buffer is full, or whose decision needs facts that could not be
// loaded, is dropped: its client reconnects with Last-Event-ID and catches
// up.
func (h *hub) dispatch(ctx context.Context, p *pendingEvent) error {
	e, f, ferr := p.e, p.facts, p.err
	if ferr != nil {
		h.logger.WarnContext(ctx, "live updates: cannot scope an event; dropping the streams it may concern", "error", ferr)
	}
	msg, err := renderLive(e)
	if msg != nil {
		msg.instansi = f.instansi
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if e.Position <= h.pos {
		return nil
	}
	h.pos = e.Position
	if h.metrics != nil {
		h.metrics.dispatched.Inc()
	}
	for c := range h.clients {
		v := c.scope.decide(f)
		if ferr != nil && v != allow {
			v = undecided
		}
		switch {
		case v == undecided || (v == allow && err != nil):
			h.drop(c)
		case v == allow:
			select {
			case c.msgs <- msg:
			default:
				h.drop(c)
			}
		}
	}
	return err
}
