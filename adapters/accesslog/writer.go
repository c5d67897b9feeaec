package accesslog

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/access"
)

// write is the writer goroutine: it takes the first waiting entry, then as
// many more as are queued (up to BatchSize), and inserts them together.
// After stop it drains the queue and exits.
func (s *Store) write(ctx context.Context) {
	defer close(s.exited)
	defer s.cancel()
	batch := make([]access.Entry, 0, s.cfg.BatchSize)
	var markers []chan struct{}
	for {
		select {
		case it := <-s.queue:
			batch, markers = add(batch, markers, it)
		case <-s.stop:
			s.drain(ctx, batch, markers)
			return
		}
		batch, markers = s.fill(batch, markers)
		s.insert(ctx, batch)
		for _, m := range markers {
			close(m)
		}
		batch, markers = batch[:0], markers[:0]
	}
}

// fill adds queued items without waiting until the batch is full.
func (s *Store) fill(batch []access.Entry, markers []chan struct{}) ([]access.Entry, []chan struct{}) {
	for len(batch) < s.cfg.BatchSize {
		select {
		case it := <-s.queue:
			batch, markers = add(batch, markers, it)
		default:
			return batch, markers
		}
	}
	return batch, markers
}

// drain inserts batch and everything still queued, batch by batch.
func (s *Store) drain(ctx context.Context, batch []access.Entry, markers []chan struct{}) {
	for {
		batch, markers = s.fill(batch, markers)
		if len(batch) == 0 && len(markers) == 0 {
			return
		}
		s.insert(ctx, batch)
		for _, m := range markers {
			close(m)
		}
		batch, markers = batch[:0], markers[:0]
	}
}

func add(batch []access.Entry, markers []chan struct{}, it item) ([]access.Entry, []chan struct{}) {
	if it.done != nil {
		return batch, append(markers, it.done)
	}
	return append(batch, it.entry), markers
}

// insert writes batch with COPY, retrying; a batch that still fails is dropped.
func (s *Store) insert(ctx context.Context, batch []access.Entry) {
	if len(batch) == 0 {
		return
	}
	delay := s.cfg.RetryDelay
	var err error
	for attempt := 1; attempt <= s.cfg.Attempts; attempt++ {
		if err = s.copy(ctx, batch); err == nil {
			s.recorded.Add(float64(len(batch)))
			return
		}
		s.failures.Inc()
		if attempt == s.cfg.Attempts || !sleep(ctx, delay) {
			break
		}
		delay *= 2
	}
	s.cfg.Logger.Error("access log: insert failed; entries dropped", "entries", len(batch), "error", err)
	s.dropped.Add(float64(len(batch)))
}

// sleep waits for d or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// columns are the access_log columns an insert sets, in the order of row.
var columns = []string{"at", "subject", "roles", "instansi", "method", "route", "resource_kind", "resource_id",
	"query", "status", "request_id", "client_addr", "resource_instansi"}

func row(e access.Entry) []any {
	roles, others := e.Roles, e.ResourceInstansi
	if roles == nil {
		roles = []string{}
	}
	if others == nil {
		others = []string{}
	}
	return []any{e.At, e.Subject, roles, e.Instansi, e.Method, e.Route, e.ResourceKind, e.ResourceID,
		e.Query, e.Status, e.RequestID, e.ClientAddr, others}
}

func (s *Store) copy(ctx context.Context, batch []access.Entry) error {
	_, err := s.pool.CopyFrom(ctx, pgx.Identifier{"access_log"}, columns,
		pgx.CopyFromSlice(len(batch), func(i int) ([]any, error) { return row(batch[i]), nil }))
	if err != nil {
		return fmt.Errorf("accesslog: insert %d entries: %w", len(batch), err)
	}
	return nil
}
