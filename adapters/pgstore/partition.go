package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// The events table is partitioned by position range (migration 0033). The
// store keeps partitions ahead of the head: when a commit brings the head
// into the last partition, a background task creates the next. A commit that still finds no
// partition for its positions (a burst faster than the task) creates them
// itself and is retried once.

// partitions is the store's state of the partitions ahead.
type partitions struct {
	// ensureAt is the head at which more partitions are created.
	ensureAt atomic.Uint64
	running  atomic.Bool
	wg       sync.WaitGroup
}

// Partition is one partition of the events table: positions from Lower
// (inclusive; 0 for the first, which has no lower bound) to Upper (exclusive).
type Partition struct {
	Name         string
	Lower, Upper int64
	// Events is the planner's estimate of the rows (exact after ANALYZE).
	Events int64
	Bytes  int64
}

// EnsurePartitions creates the partitions needed to hold every position up
// to the head plus one partition size, and returns the exclusive upper bound
// now covered.
func (s *Store) EnsurePartitions(ctx context.Context) (uint64, error) {
	return s.ensurePartitions(ctx, 0)
}

// ensurePartitions creates partitions to hold every position up to the head
// plus max(partition size, margin).
func (s *Store) ensurePartitions(ctx context.Context, margin int) (uint64, error) {
	var covered, size int64
	err := s.pool.QueryRow(ctx, `SELECT p.covered, p.size FROM event_head h, events_ensure_partitions(h.position, $1) p`,
		int64(margin)).Scan(&covered, &size)
	if err != nil {
		return 0, fmt.Errorf("create event partitions: %w", err)
	}
	s.parts.ensureAt.Store(uint64(max(covered-size, 0)))
	return uint64(covered), nil
}

// Partitions lists the partitions of the events table in position order.
func (s *Store) Partitions(ctx context.Context) ([]Partition, error) {
	// reltuples is -1 until the partition's first ANALYZE; the statistics
	// collector's live row count is kept from the first insert on.
	rows, err := s.pool.Query(ctx, `SELECT b.name, coalesce(b.lower, 0), b.upper,
		CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint ELSE coalesce(st.n_live_tup, 0) END,
		pg_total_relation_size(c.oid)
		FROM events_partition_bounds() b JOIN pg_class c ON c.oid = b.name::regclass
		LEFT JOIN pg_stat_user_tables st ON st.relid = c.oid
		ORDER BY b.upper`)
	if err != nil {
		return nil, fmt.Errorf("list event partitions: %w", err)
	}
	defer rows.Close()
	var out []Partition
	for rows.Next() {
		var p Partition
		if err := rows.Scan(&p.Name, &p.Lower, &p.Upper, &p.Events, &p.Bytes); err != nil {
			return nil, fmt.Errorf("list event partitions: %w", err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list event partitions: %w", err)
	}
	return out, nil
}

// partitionAhead starts the background creation of partitions when head has
// reached the point set by the last creation. The committer calls it.
func (s *Store) partitionAhead(head uint64) {
	if head < s.parts.ensureAt.Load() || !s.parts.running.CompareAndSwap(false, true) {
		return
	}
	s.parts.wg.Add(1)
	go func() {
		defer s.parts.wg.Done()
		defer s.parts.running.Store(false)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		// An error leaves ensureAt as it was: the next commit tries again,
		// and a commit that finds no partition creates it itself.
		_, _ = s.EnsurePartitions(ctx)
	}()
}

// isNoPartition reports an insert refused because no partition holds its
// position.
func isNoPartition(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23514" && strings.Contains(pgErr.Message, "no partition")
}
