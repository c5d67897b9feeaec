package pgstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// smallPartitions replaces the schema's empty first partition by none and
// sets the partition size to size, so that the store itself creates every
// partition as the log grows.
func smallPartitions(t *testing.T, pool *pgxpool.Pool, size int) {
	t.Helper()
	ctx := context.Background()
	if _, err := pool.Exec(ctx, `DROP TABLE events_p000000000001`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE event_partitioning SET size = $1`, size); err != nil {
		t.Fatal(err)
	}
}

// TestAppendAcrossPartitionsConcurrently appends with 16 concurrent writers
// across many partition boundaries, with no partition created beforehand:
// positions are gapless, the chain verifies, every partition holds its range,
// and an event id or (stream, version) stored in one partition is refused in
// another, through the store and by a direct insert.
func TestAppendAcrossPartitionsConcurrently(t *testing.T) {
	s, sc := newStore(t)
	ctx := context.Background()
	smallPartitions(t, sc.Pool, 100)
	const writers, appends = 16, 30
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range appends {
				stream := fmt.Sprintf("skp-w%d-%d", w, i%3)
				if _, err := s.Append(ctx, stream, eventlog.Any, eventstoretest.Events(1+(w+i)%4)...); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	all, err := s.ReadAll(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range all {
		if e.Position != uint64(i+1) {
			t.Fatalf("event %d has position %d: positions must be gapless", i, e.Position)
		}
	}
	rep, err := s.Verify(ctx, nil)
	if err != nil || !rep.OK || rep.Events != uint64(len(all)) {
		t.Fatalf("verify: %+v %v", rep, err)
	}
	parts, err := s.Partitions(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := len(all)/100 + 1; len(parts) < want {
		t.Fatalf("%d events in %d partitions, want at least %d", len(all), len(parts), want)
	}
	checkPartitionRows(t, sc.Pool, len(all))
	refuseDuplicates(t, s, sc.Pool, all[0], uint64(len(all)))
}

// checkPartitionRows checks that each partition holds its own 100 positions.
func checkPartitionRows(t *testing.T, pool *pgxpool.Pool, events int) {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT tableoid::regclass::text, min(position), max(position) FROM events GROUP BY 1 ORDER BY 2`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var name string
		var lo, hi int64
		if err := rows.Scan(&name, &lo, &hi); err != nil {
			t.Fatal(err)
		}
		if lo != int64(n*100+1) || (hi != lo+99 && hi != int64(events)) || !strings.HasPrefix(name, "events_p") {
			t.Fatalf("partition %s holds %d..%d, want %d..%d", name, lo, hi, n*100+1, n*100+100)
		}
		n++
	}
	if rows.Err() != nil || n < 2 {
		t.Fatalf("%d partitions hold events (%v)", n, rows.Err())
	}
}

// refuseDuplicates tries to store first's id and first's (stream, version)
// again, in the last partition.
func refuseDuplicates(t *testing.T, s *Store, pool *pgxpool.Pool, first eventlog.Event, head uint64) {
	t.Helper()
	ctx := context.Background()
	dup := eventstoretest.Events(1)
	dup[0].ID = first.ID
	if _, err := s.Append(ctx, "skp-other", eventlog.NoStream, dup...); !errors.Is(err, eventlog.ErrDuplicateEvent) {
		t.Fatalf("append of a stored event id: %v, want ErrDuplicateEvent", err)
	}
	const insert = `INSERT INTO events (position, id, stream, version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
		VALUES ($1, $2, $3, $4, 't', 1, '{}', '{}', now(), '\x00', '\x00')`
	for _, c := range []struct {
		name, id, stream, constraint string
		version                      uint64
	}{
		{"event id", first.ID, "skp-other", "event_ids_pkey", 1},
		{"stream version", "00000000-0000-4000-8000-000000000001", first.Stream, "event_versions_pkey", first.Version},
	} {
		_, err := pool.Exec(ctx, insert, int64(head+1), c.id, c.stream, int64(c.version))
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "23505" || pgErr.ConstraintName != c.constraint {
			t.Errorf("direct insert of a duplicate %s in another partition: %v, want a unique violation of %s", c.name, err, c.constraint)
		}
	}
	if rep, err := s.Verify(ctx, nil); err != nil || !rep.OK || rep.HeadPosition != head {
		t.Fatalf("verify after refused duplicates: %+v %v", rep, err)
	}
}

// TestVerifyFindsBrokenLinkAtPartitionBoundary edits the first event of a
// partition as a superuser would: the link across the boundary is checked.
func TestVerifyFindsBrokenLinkAtPartitionBoundary(t *testing.T) {
	s, sc := newStore(t)
	ctx := context.Background()
	smallPartitions(t, sc.Pool, 10)
	for range 5 {
		if _, err := s.Append(ctx, "skp-b-2025", eventlog.Any, eventstoretest.Events(5)...); err != nil {
			t.Fatal(err)
		}
	}
	tamper(t, sc.Pool, []string{`UPDATE events SET prev_hash = '\x01' WHERE position = 21`})
	rep, err := s.Verify(ctx, nil)
	if err != nil || rep.OK || rep.FirstBadPosition != 21 || rep.Events != 20 || !strings.Contains(rep.Problem, "prev_hash") {
		t.Fatalf("verify: %+v %v, want the broken link at 21", rep, err)
	}
	if rep.LastGoodPosition != 20 || rep.HeadPosition != 25 {
		t.Fatalf("last good %d, head %d; want 20 and the log's head 25", rep.LastGoodPosition, rep.HeadPosition)
	}
}

// TestVerifyReportsTheHeadPastABreakInAnotherRange breaks the chain in the
// first of three ranges, and then at the last event: the head reported is
// the last event of the log, read by another worker or drained past the
// break, not the last good event.
func TestVerifyReportsTheHeadPastABreakInAnotherRange(t *testing.T) {
	s, sc := newStore(t)
	ctx := context.Background()
	smallPartitions(t, sc.Pool, 10)
	for range 5 {
		if _, err := s.Append(ctx, "skp-b-2025", eventlog.Any, eventstoretest.Events(5)...); err != nil {
			t.Fatal(err)
		}
	}
	head, headHash := lastStored(t, sc.Pool)
	for _, bad := range []uint64{25, 5} {
		tamper(t, sc.Pool, []string{fmt.Sprintf(`UPDATE events SET data = '{"n":99}' WHERE position = %d`, bad)})
		rep, err := s.Verify(ctx, nil)
		if err != nil || rep.OK || rep.FirstBadPosition != bad || rep.LastGoodPosition != bad-1 || rep.Events != bad-1 {
			t.Fatalf("verify: %+v %v, want the break at %d", rep, err, bad)
		}
		if rep.HeadPosition != head || !bytes.Equal(rep.HeadHash, headHash) || rep.MissingFrom != 0 {
			t.Fatalf("break at %d: head %d %x, want the log's %d %x", bad, rep.HeadPosition, rep.HeadHash, head, headHash)
		}
	}
}

// TestPartitionsEstimateEventsBeforeAnalyze: a partition's estimate of its
// events came from the planner's statistics only, which are -1 (shown as 0)
// until the partition is first analyzed: "kinerja partitions" after a demo
// showed 0 events in a partition holding thousands.
func TestPartitionsEstimateEventsBeforeAnalyze(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	if _, err := s.Append(ctx, "skp-p-2025", eventlog.NoStream, eventstoretest.Events(30)...); err != nil {
		t.Fatal(err)
	}
	// The committer's backend reports its inserts when it ends (or after
	// ten idle seconds).
	s.Close()
	deadline := time.Now().Add(15 * time.Second)
	for {
		parts, err := s.Partitions(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var n uint64
		for _, p := range parts {
			n += uint64(p.Events)
		}
		if n == 30 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the partitions estimate %d events, want 30: %+v", n, parts)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
