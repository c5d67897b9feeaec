package forward

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// Forwarder publishes the log to a message.Publisher from its checkpoint
// on (see the package documentation for the guarantees).
type Forwarder struct {
	cfg  Config
	pool *pgxpool.Pool
	log  Log
	pub  message.Publisher
}

// New returns a forwarder of log to pub whose checkpoint and lock live in
// the database of pool. It does not close pub.
func New(pool *pgxpool.Pool, log Log, pub message.Publisher, cfg Config) (*Forwarder, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if pool == nil || log == nil || pub == nil {
		return nil, errors.New("forward: New needs a pool, a log and a publisher")
	}
	return &Forwarder{cfg: cfg, pool: pool, log: log, pub: pub}, nil
}

// run is the state of one Run: the owner and the forwarded position.
type run struct {
	f    *Forwarder
	own  *owner
	mu   sync.Mutex // guards prog, saved, since
	prog Progress
	// saveMu serialises saves, so each reports a new position once.
	saveMu sync.Mutex
	saved  uint64 // position last saved
	since  int    // events forwarded since the last save
}

// Run forwards until ctx ends (then it saves its checkpoint and returns
// nil) or the log or the checkpoint fails (its error). It first waits until
// it holds the forwarder's name. A failed publish never ends Run: it is
// retried with backoff.
func (f *Forwarder) Run(ctx context.Context) error {
	own, err := f.own(ctx)
	if err != nil || own == nil {
		return err
	}
	defer own.release(ctx)
	pos, published, err := own.checkpoint(ctx)
	if err != nil {
		return err
	}
	r := &run{f: f, own: own, prog: Progress{Position: pos, Published: published, PublishedBefore: published}, saved: pos}
	f.cfg.Logger.Info("forwarder running", "forwarder", f.cfg.Name, "topic", f.cfg.Topic, "checkpoint", pos)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var wg sync.WaitGroup
	wg.Go(func() { r.saveEvery(ctx, cancel) })
	err = f.log.Follow(ctx, pos, r.forward(ctx))
	cancel(nil)
	wg.Wait()
	saveErr := r.save(context.WithoutCancel(ctx))
	if cause := context.Cause(ctx); cause != nil && !errors.Is(cause, context.Canceled) {
		return cause
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return fmt.Errorf("forwarder %s: %w", f.cfg.Name, err)
	}
	return saveErr
}

// own waits until this process holds the forwarder's name; nil, nil when
// ctx ends first.
func (f *Forwarder) own(ctx context.Context) (*owner, error) {
	for waited := false; ; waited = true {
		own, err := tryOwn(ctx, f.pool, f.cfg)
		if err != nil || own != nil {
			if own != nil && waited {
				f.cfg.Logger.Info("forwarder taken over", "forwarder", f.cfg.Name)
			}
			return own, err
		}
		if !waited {
			f.cfg.Logger.Info("forwarder held by another process; waiting to take over", "forwarder", f.cfg.Name, "retry", f.cfg.LockRetry)
		}
		if !sleep(ctx, f.cfg.LockRetry) {
			return nil, nil
		}
	}
}

// forward returns the log callback: it publishes each selected event until
// the publisher confirms it, then counts it as forwarded.
func (r *run) forward(ctx context.Context) func(eventlog.Event) error {
	cfg := r.f.cfg
	return func(e eventlog.Event) error {
		ins, err := r.instansi(ctx, e)
		if err != nil {
			return err
		}
		if !cfg.Filter.matchType(e.Type) || !cfg.Filter.matchInstansi(ins) {
			return r.advance(ctx, e.Position, false)
		}
		msg, err := Message(e, ins)
		if err != nil {
			return err
		}
		if err := r.publish(ctx, msg, e); err != nil {
			return err
		}
		return r.advance(ctx, e.Position, true)
	}
}

// instansi returns e's instansi: from its metadata, else from the resolver.
func (r *run) instansi(ctx context.Context, e eventlog.Event) (string, error) {
	if e.Metadata.Instansi != "" || r.f.cfg.Resolver == nil {
		return e.Metadata.Instansi, nil
	}
	ins, err := r.f.cfg.Resolver.InstansiOf(ctx, e)
	if err != nil {
		return "", fmt.Errorf("forwarder %s: instansi of event %d: %w", r.f.cfg.Name, e.Position, err)
	}
	return ins, nil
}

// publish publishes msg until the publisher confirms it or ctx ends.
func (r *run) publish(ctx context.Context, msg *message.Message, e eventlog.Event) error {
	cfg := r.f.cfg
	wait := cfg.RetryMin
	for {
		msg.SetContext(ctx)
		err := r.f.pub.Publish(cfg.Topic, msg)
		if err == nil {
			return nil
		}
		r.mu.Lock()
		r.prog.Retries++
		r.mu.Unlock()
		cfg.Logger.Warn("publish failed; retrying", "forwarder", cfg.Name, "position", e.Position, "event_id", e.ID,
			"retry_in", wait, "err", err)
		if !sleep(ctx, wait) {
			return ctx.Err()
		}
		wait = min(2*wait, cfg.RetryMax)
	}
}

// advance records that the event at pos is forwarded (published or
// skipped) and saves the checkpoint every CheckpointEvery events.
func (r *run) advance(ctx context.Context, pos uint64, published bool) error {
	r.mu.Lock()
	r.prog.Position = pos
	if published {
		r.prog.Published++
	} else {
		r.prog.Skipped++
	}
	r.since++
	full := r.since >= r.f.cfg.CheckpointEvery
	r.mu.Unlock()
	if full {
		return r.save(context.WithoutCancel(ctx))
	}
	return nil
}
