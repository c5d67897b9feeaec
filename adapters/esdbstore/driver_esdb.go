//go:build !kurrent

package esdbstore

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/EventStore/EventStore-Client-Go/v4/esdb"
	"github.com/google/uuid"
)

// esdbDriver is the driver over EventStore-Client-Go v4.
type esdbDriver struct {
	c *esdb.Client
	// The client panics when it is closed under a running call, so close
	// waits for the calls running (counted by running) to end; a call
	// stuck for good keeps the client open (it is dead anyway).
	mu      sync.Mutex
	running int
	closing bool
}

// enter counts a call about to use the client; false once it is closing.
func (d *esdbDriver) enter() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closing {
		return false
	}
	d.running++
	return true
}

// exit ends a call counted by enter, closing the client if it was the last
// one of a closing client.
func (d *esdbDriver) exit() {
	d.mu.Lock()
	d.running--
	last := d.closing && d.running == 0
	d.mu.Unlock()
	if last {
		_ = d.c.Close()
	}
}

// parseURL checks a connection string the way the client reads it.
func parseURL(url string) (*esdb.Configuration, error) {
	cfg, err := esdb.ParseConnectionString(url)
	if err != nil {
		return nil, err
	}
	cfg.Logger = esdb.NoopLogging()
	return cfg, nil
}

// newDriver returns a driver with a new client on url. The client connects
// on first use.
func newDriver(url string) (driver, error) {
	cfg, err := parseURL(url)
	if err != nil {
		return nil, err
	}
	c, err := esdb.NewClient(cfg)
	if err != nil {
		return nil, err
	}
	return &esdbDriver{c: c}, nil
}

func (d *esdbDriver) close() {
	d.mu.Lock()
	d.closing = true
	idle := d.running == 0
	d.mu.Unlock()
	if idle {
		_ = d.c.Close()
	}
}

// errDriverClosed is returned for calls on a closed driver.
var errDriverClosed = fmt.Errorf("%w: client closed", errConnection)

func toExpected(e expectation) esdb.ExpectedRevision {
	switch e.kind {
	case expectNoStream:
		return esdb.NoStream{}
	case expectExists:
		return esdb.StreamExists{}
	case expectRevision:
		return esdb.Revision(e.revision)
	}
	return esdb.Any{}
}

func (d *esdbDriver) append(ctx context.Context, stream string, exp expectation, events []wireEvent) (written, error) {
	return guarded(ctx, d, func() (written, error) { return d.appendUnguarded(ctx, stream, exp, events) })
}

func (d *esdbDriver) appendUnguarded(ctx context.Context, stream string, exp expectation, events []wireEvent) (written, error) {
	data := make([]esdb.EventData, len(events))
	for i, e := range events {
		id, err := uuid.Parse(e.ID)
		if err != nil {
			return written{}, fmt.Errorf("event id %q: %w", e.ID, err)
		}
		data[i] = esdb.EventData{EventID: id, EventType: e.Type, ContentType: esdb.ContentTypeJson, Data: e.Data, Metadata: e.Meta}
	}
	res, err := d.c.AppendToStream(ctx, stream, esdb.AppendToStreamOptions{ExpectedRevision: toExpected(exp)}, data...)
	if err != nil {
		return written{}, translate(ctx, err)
	}
	return written{Revision: res.NextExpectedVersion, Position: res.CommitPosition}, nil
}

func (d *esdbDriver) readStream(ctx context.Context, stream string, from, count uint64, backwards bool) ([]recorded, error) {
	return guarded(ctx, d, func() ([]recorded, error) { return d.readStreamUnguarded(ctx, stream, from, count, backwards) })
}

func (d *esdbDriver) readStreamUnguarded(ctx context.Context, stream string, from, count uint64, backwards bool) ([]recorded, error) {
	opts := esdb.ReadStreamOptions{Direction: esdb.Forwards, From: esdb.Revision(from)}
	if backwards {
		opts.Direction, opts.From = esdb.Backwards, esdb.End{}
	}
	rs, err := d.c.ReadStream(ctx, stream, opts, count)
	if err != nil {
		return nil, translate(ctx, err)
	}
	return drain(ctx, rs)
}

func (d *esdbDriver) readAll(ctx context.Context, from, count uint64, backwards bool) ([]recorded, error) {
	return guarded(ctx, d, func() ([]recorded, error) { return d.readAllUnguarded(ctx, from, count, backwards) })
}

func (d *esdbDriver) readAllUnguarded(ctx context.Context, from, count uint64, backwards bool) ([]recorded, error) {
	opts := esdb.ReadAllOptions{Direction: esdb.Forwards, From: esdb.Start{}}
	switch {
	case backwards && from == 0:
		opts.Direction, opts.From = esdb.Backwards, esdb.End{}
	case backwards:
		opts.Direction, opts.From = esdb.Backwards, esdb.Position{Commit: from, Prepare: from}
	case from > 0:
		opts.From = esdb.Position{Commit: from, Prepare: from}
	}
	rs, err := d.c.ReadAll(ctx, opts, count)
	if err != nil {
		return nil, translate(ctx, err)
	}
	return drain(ctx, rs)
}

// drain reads a read stream to its end.
func drain(ctx context.Context, rs *esdb.ReadStream) ([]recorded, error) {
	defer rs.Close()
	var out []recorded
	for {
		ev, err := rs.Recv()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		var e *esdb.Error
		if errors.As(err, &e) && e.Code() == esdb.ErrorCodeResourceNotFound {
			return out, nil
		}
		if err != nil {
			return nil, translate(ctx, err)
		}
		if r, ok := fromResolved(ev); ok {
			out = append(out, r)
		}
	}
}

func fromResolved(ev *esdb.ResolvedEvent) (recorded, bool) {
	e := ev.Event
	if e == nil {
		return recorded{}, false
	}
	return recorded{ID: e.EventID.String(), Type: e.EventType, Stream: e.StreamID, Revision: e.EventNumber,
		Position: e.Position.Commit, Created: e.CreatedDate.UTC(), Data: e.Data, Meta: e.UserMetadata}, true
}

// translate maps client errors to the driver's: a wrong expected version,
// a lost connection, or the caller's context error.
func translate(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%w (%v)", ctx.Err(), err)
	}
	var e *esdb.Error
	if errors.As(err, &e) {
		switch e.Code() {
		case esdb.ErrorCodeWrongExpectedVersion:
			return fmt.Errorf("%w: %v", errWrongVersion, err)
		case esdb.ErrorCodeConnectionClosed, esdb.ErrorUnavailable, esdb.ErrorCodeDeadlineExceeded, esdb.ErrorCodeNotLeader:
			return fmt.Errorf("%w: %v", errConnection, err)
		}
	}
	return err
}

func (d *esdbDriver) subscribeAll(ctx context.Context, after uint64) (feed, error) {
	opts := esdb.SubscribeToAllOptions{From: esdb.Start{}, Filter: esdb.ExcludeSystemEventsFilter()}
	if after > 0 {
		opts.From = esdb.Position{Commit: after, Prepare: after}
	}
	sub, err := guarded(ctx, d, func() (*esdb.Subscription, error) {
		sub, err := d.c.SubscribeToAll(ctx, opts)
		if err != nil {
			return nil, translate(ctx, err)
		}
		return sub, nil
	})
	if err != nil {
		return nil, err
	}
	return &esdbFeed{ctx: ctx, sub: sub}, nil
}

// esdbFeed is a subscription of the client.
type esdbFeed struct {
	ctx context.Context
	sub *esdb.Subscription
}

func (f *esdbFeed) next() (recorded, error) {
	for {
		ev := f.sub.Recv()
		switch {
		case ev.SubscriptionDropped != nil:
			err := ev.SubscriptionDropped.Error
			if err == nil {
				err = errors.New("subscription dropped")
			}
			return recorded{}, fmt.Errorf("%w: %w", errConnection, translate(f.ctx, err))
		case ev.EventAppeared != nil:
			if r, ok := fromResolved(ev.EventAppeared); ok {
				return r, nil
			}
		}
	}
}

func (f *esdbFeed) close() { _ = f.sub.Close() }

// stallCheck is how often guard checks whether the client of a call that
// has not returned yet has closed.
const stallCheck = time.Second

// guarded runs op under d.guard and returns its result. The result is
// handed over through a channel that op fills before guard sees it finish,
// so a call guard abandons never writes a variable its caller reads.
func guarded[T any](ctx context.Context, d *esdbDriver, op func() (T, error)) (T, error) {
	res := make(chan T, 1)
	err := d.guard(ctx, func() error {
		r, err := op()
		res <- r
		return err
	})
	if err != nil {
		var zero T
		return zero, err
	}
	return <-res, nil
}

// guard runs op and returns its error, ctx's error when ctx ends first, or
// errConnection when the client turns out closed while op waits. A call of
// the v4 client that races the client's failed discovery (the server down
// at first use, or after a reconnect) waits forever on a channel nobody
// reads, whatever its context: guard abandons it (its goroutine stays
// blocked) so that the store can replace the client.
func (d *esdbDriver) guard(ctx context.Context, op func() error) error {
	done := make(chan error, 1)
	go func() {
		if !d.enter() {
			done <- errDriverClosed
			return
		}
		defer d.exit()
		done <- op()
	}()
	tick := time.NewTicker(stallCheck)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			return err
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
			if d.closed(ctx) {
				return fmt.Errorf("%w: the client closed while a call waited for it", errConnection)
			}
		}
	}
}

// closed reports whether the client refuses new calls as closed. It opens
// (and at once closes) a read, which a closed client refuses without
// blocking; an answer that takes long means "not known to be closed".
func (d *esdbDriver) closed(ctx context.Context) bool {
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 200*time.Millisecond)
	defer cancel()
	res := make(chan bool, 1)
	go func() {
		if !d.enter() {
			res <- true
			return
		}
		defer d.exit()
		rs, err := d.c.ReadAll(pctx, esdb.ReadAllOptions{Direction: esdb.Backwards, From: esdb.End{}}, 1)
		if rs != nil {
			rs.Close()
		}
		var e *esdb.Error
		res <- errors.As(err, &e) && e.Code() == esdb.ErrorCodeConnectionClosed
	}()
	select {
	case v := <-res:
		return v
	case <-pctx.Done():
		return false
	}
}
