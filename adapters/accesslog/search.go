package accesslog

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/access"
	"github.com/prometheus/client_golang/prometheus"
)

// Search returns one page of the entries that match f, in (At, ID) order:
// at most f.FetchSize() (a page shorter than f.PageSize() is the last; with
// f.Peek, one longer than it is not). Errors wrap
// access.ErrBadFilter for an impossible filter.
//
// An instansi's entries are its readers' reads and the reads of its data by
// officials of another instansi (resource_instansi). Each half is one range
// of its own index in (at, id) order, limited to a page; the page is the
// first of their union.
func (s *Store) Search(ctx context.Context, f access.Filter) ([]access.Entry, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	var where []string
	args := []any{f.Instansi}
	arg := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.Subject != "" {
		arg("subject = ?", f.Subject)
	}
	if f.ResourceID != "" {
		arg("resource_id = ?", f.ResourceID)
	}
	if f.ResourceKind != "" {
		arg("resource_kind = ?", f.ResourceKind)
	}
	if !f.From.IsZero() {
		arg("at >= ?", f.From)
	}
	if !f.To.IsZero() {
		arg("at < ?", f.To)
	}
	if !f.After.IsZero() {
		args = append(args, f.After.At, f.After.ID)
		where = append(where, fmt.Sprintf("(at, id) > ($%d, $%d)", len(args)-1, len(args)))
	}
	args = append(args, f.FetchSize())
	limit := ` ORDER BY at, id LIMIT $` + strconv.Itoa(len(args))
	rest := ""
	if len(where) > 0 {
		rest = " AND " + strings.Join(where, " AND ")
	}
	q := `SELECT ` + entryColumns + ` FROM (
		(SELECT ` + entryColumns + ` FROM access_log WHERE instansi = $1` + rest + limit + `)
		UNION ALL
		(SELECT ` + entryColumns + ` FROM access_log WHERE resource_instansi @> ARRAY[$1]::text[]
			AND resource_instansi <> '{}' AND instansi <> $1` + rest + limit + `)
	) page` + limit
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("accesslog: search: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanEntry)
	if err != nil {
		return nil, fmt.Errorf("accesslog: search: %w", err)
	}
	return out, nil
}

// entryColumns are the columns scanEntry reads, in its order.
const entryColumns = `id, at, subject, roles, instansi, method, route, resource_kind, resource_id, query, status,
	request_id, client_addr, resource_instansi`

func scanEntry(row pgx.CollectableRow) (access.Entry, error) {
	var e access.Entry
	err := row.Scan(&e.ID, &e.At, &e.Subject, &e.Roles, &e.Instansi, &e.Method, &e.Route, &e.ResourceKind,
		&e.ResourceID, &e.Query, &e.Status, &e.RequestID, &e.ClientAddr, &e.ResourceInstansi)
	e.At = e.At.UTC()
	if len(e.ResourceInstansi) == 0 {
		e.ResourceInstansi = nil // as recorded
	}
	return e, err
}

// purgeBatch bounds the rows one DELETE of Purge removes, so that a large
// purge holds no long locks and makes no huge transaction.
const purgeBatch = 5000

// Purge deletes the entries recorded before cutoff and returns how many.
func (s *Store) Purge(ctx context.Context, cutoff time.Time) (int64, error) {
	var total int64
	for {
		tag, err := s.pool.Exec(ctx, `DELETE FROM access_log WHERE id IN (
			SELECT id FROM access_log WHERE at < $1 LIMIT $2)`, cutoff, purgeBatch)
		if err != nil {
			return total, fmt.Errorf("accesslog: purge before %s: %w", cutoff.Format(time.RFC3339), err)
		}
		total += tag.RowsAffected()
		if tag.RowsAffected() < purgeBatch {
			return total, nil
		}
	}
}

// RunPurger deletes the entries older than Config.Retention now and then
// every Config.PurgeEvery, until ctx ends. Failures are logged and retried
// at the next tick.
func (s *Store) RunPurger(ctx context.Context) {
	t := time.NewTicker(s.cfg.PurgeEvery)
	defer t.Stop()
	for {
		cutoff := s.cfg.Now().Add(-s.cfg.Retention)
		n, err := s.Purge(ctx, cutoff)
		switch {
		case err != nil && ctx.Err() == nil:
			s.cfg.Logger.Error("access log: purge failed", "error", err)
		case n > 0:
			s.cfg.Logger.Info("access log: purged expired entries", "entries", n, "before", cutoff.UTC().Format(time.RFC3339))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// newMetrics creates the store's counters.
func (s *Store) newMetrics() {
	counter := func(name, help string) prometheus.Counter {
		return prometheus.NewCounter(prometheus.CounterOpts{Namespace: "kinerja", Subsystem: "access_log", Name: name, Help: help})
	}
	s.recorded = counter("recorded_total", "Access log entries inserted.")
	s.dropped = counter("dropped_total", "Access log entries dropped: the queue was full, the log was closed, or an insert failed every attempt.")
	s.failures = counter("insert_failures_total", "Failed attempts to insert a batch of access log entries.")
}

// Collectors returns the store's metrics (entries inserted, dropped, failed
// insert attempts, and the queue's length) for a Prometheus registry.
func (s *Store) Collectors() []prometheus.Collector {
	queued := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Namespace: "kinerja", Subsystem: "access_log", Name: "queued",
		Help: "Access log entries waiting to be inserted."}, func() float64 { return float64(len(s.queue)) })
	return []prometheus.Collector{s.recorded, s.dropped, s.failures, queued}
}
