package eventbus

import (
	"context"
	"github.com/kinerja/kinerja/adapters/readside"
	"time"

	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// delivery is one subscription: it reads the log ahead of the handler and
// sends one batch at a time, waiting for its ack or nack.
type delivery struct {
	s     *Subscriber
	topic string
	out   chan<- *message.Message
	// size is the batch size in use: halved after each nack, back to
	// BatchSize once past until, the last position of the failed batch.
	size  int
	until uint64
}

// run streams from the checkpoint until ctx ends. Each nack restarts the
// stream from the checkpoint as stored, so a redelivery never skips an event
// and never depends on what the handler did before failing.
func (d *delivery) run(ctx context.Context) {
	for ctx.Err() == nil {
		after, err := readside.Checkpoint(ctx, d.s.pool, d.topic)
		if err != nil {
			d.s.cfg.Logger.Error("eventbus: read checkpoint", "projection", d.topic, "err", err)
			sleep(ctx, d.s.cfg.PollInterval)
			continue
		}
		if d.stream(ctx, after) {
			sleep(ctx, d.s.cfg.RedeliveryDelay)
		}
	}
}

// stream delivers batches read ahead from after on. It returns true after a
// nack, false when it stops for another reason (ctx, or back to full size).
func (d *delivery) stream(ctx context.Context, after uint64) (nacked bool) {
	rctx, cancel := context.WithCancel(ctx)
	batches := make(chan readside.Page, 2)
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.read(rctx, after, d.size, batches)
	}()
	defer func() {
		cancel()
		<-done
	}()
	for pg := range batches {
		if ctx.Err() != nil {
			return false
		}
		events := pg.Events
		last := events[len(events)-1].Position
		if !d.send(ctx, pg) {
			if ctx.Err() != nil {
				return false
			}
			d.size, d.until = max(1, len(events)/2), max(d.until, last)
			return true
		}
		if d.size < d.s.cfg.BatchSize && last >= d.until {
			d.size = d.s.cfg.BatchSize
			return false
		}
	}
	return false
}

// send delivers one batch and reports whether it was acked.
func (d *delivery) send(ctx context.Context, pg readside.Page) bool {
	msg, err := EncodeBatch(ctx, pg.Events)
	if err != nil {
		d.s.cfg.Logger.Error("eventbus: encode batch", "projection", d.topic, "err", err)
		return false
	}
	if pg.Prepared() {
		msg.SetContext(context.WithValue(msg.Context(), pageKey{}, pg))
	}
	select {
	case d.out <- msg:
	case <-ctx.Done():
		return false
	}
	select {
	case <-msg.Acked():
		return true
	case <-msg.Nacked():
		return false
	case <-ctx.Done():
		return false
	}
}

// read sends pages of at most limit events with position > after to out,
// prepared for the projection if it is a Preparer, waiting for a
// notification or the poll interval when caught up.
func (d *delivery) read(ctx context.Context, after uint64, limit int, out chan<- readside.Page) {
	defer close(out)
	wake := d.s.notifier.register()
	defer d.s.notifier.unregister(wake)
	poll := time.NewTimer(d.s.cfg.PollInterval)
	defer poll.Stop()
	for ctx.Err() == nil {
		events, err := d.s.log.ReadAll(ctx, after, limit)
		if err != nil {
			if ctx.Err() == nil {
				d.s.cfg.Logger.Error("eventbus: read log", "projection", d.topic, "after", after, "err", err)
				sleep(ctx, d.s.cfg.PollInterval)
			}
			continue
		}
		if len(events) > 0 {
			select {
			case out <- d.prepare(events):
				after = events[len(events)-1].Position
			case <-ctx.Done():
			}
			continue
		}
		poll.Reset(d.s.cfg.PollInterval)
		select {
		case <-wake:
		case <-poll.C:
		case <-ctx.Done():
		}
	}
}

// prepare returns the page of events, prepared if the subscriber knows the
// projection as a Preparer.
func (d *delivery) prepare(events []eventlog.Event) readside.Page {
	if p := d.s.projection(d.topic); p != nil {
		return readside.PreparePage(p, events)
	}
	return readside.Page{Events: events}
}

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
