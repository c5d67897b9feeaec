package forward

import (
	"context"
	"time"
)

// save writes the checkpoint if it moved and reports progress.
func (r *run) save(ctx context.Context) error {
	r.saveMu.Lock()
	defer r.saveMu.Unlock()
	r.mu.Lock()
	p := r.prog
	moved := p.Position != r.saved
	r.since = 0
	r.mu.Unlock()
	if !moved {
		return nil
	}
	if err := r.own.save(ctx, p.Position, p.Published); err != nil {
		return err
	}
	r.mu.Lock()
	r.saved = max(r.saved, p.Position)
	r.mu.Unlock()
	if r.f.cfg.OnProgress != nil {
		r.f.cfg.OnProgress(p)
	}
	return nil
}

// saveEvery saves the checkpoint every CheckpointInterval until ctx ends;
// a failed save (the lock's connection is gone) ends the run with its error.
func (r *run) saveEvery(ctx context.Context, fail context.CancelCauseFunc) {
	t := time.NewTicker(r.f.cfg.CheckpointInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			// Not cancelled mid-statement: pgx closes a connection whose
			// query is cancelled, and the lock lives on it.
			if err := r.save(context.WithoutCancel(ctx)); err != nil {
				fail(err)
				return
			}
		}
	}
}

// sleep waits d or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}
