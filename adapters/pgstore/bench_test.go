package pgstore

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// BenchmarkAppend measures appends through the store and, in the same run,
// the same rows written to a bare table with no checks, indexes, hash chain
// or head lock (plain INSERT per event, or COPY per batch). It reports both
// rates and their ratio. Run:
//
//	go test -run '^$' -bench BenchmarkAppend -benchtime 20000x ./adapters/pgstore/
func BenchmarkAppend(b *testing.B) {
	for _, c := range []struct {
		writers, batch int
	}{{1, 1}, {8, 1}, {64, 1}, {1, 100}, {8, 100}} {
		b.Run(fmt.Sprintf("writers=%d/batch=%d", c.writers, c.batch), func(b *testing.B) {
			benchAppend(b, c.writers, c.batch)
		})
	}
}

func benchAppend(b *testing.B, writers, batch int) {
	sc := pgtest.New(b)
	pool := benchPool(b, sc.URL, writers)
	s, err := New(pool, Config{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	calls := (b.N + batch - 1) / batch
	events := calls * batch
	mk := func(w, i int) []eventlog.NewEvent { return eventstoretest.Events(batch) }

	b.ResetTimer()
	start := time.Now()
	runWriters(b, writers, calls, func(ctx context.Context, w, i int) error {
		_, err := s.Append(ctx, fmt.Sprintf("skp-w%d-2025", w), eventlog.Any, mk(w, i)...)
		return err
	})
	storeRate := float64(events) / time.Since(start).Seconds()
	b.StopTimer()

	if _, err := pool.Exec(context.Background(), `CREATE TABLE raw_events (LIKE events)`); err != nil {
		b.Fatal(err)
	}
	var pos atomic.Int64
	start = time.Now()
	runWriters(b, writers, calls, func(ctx context.Context, w, i int) error {
		return rawWrite(ctx, pool, &pos, fmt.Sprintf("skp-w%d-2025", w), mk(w, i))
	})
	rawRate := float64(events) / time.Since(start).Seconds()
	b.ReportMetric(storeRate, "events/s")
	b.ReportMetric(rawRate, "raw-events/s")
	b.ReportMetric(storeRate/rawRate, "ratio")
}

func benchPool(b *testing.B, url string, writers int) *pgxpool.Pool {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		b.Fatal(err)
	}
	cfg.MaxConns = int32(min(writers, 64)) + 2
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(pool.Close)
	return pool
}

// runWriters runs calls calls spread over writers goroutines.
func runWriters(b *testing.B, writers, calls int, call func(ctx context.Context, w, i int) error) {
	ctx := context.Background()
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= calls {
					return
				}
				if err := call(ctx, w, i); err != nil {
					b.Error(err)
					return
				}
			}
		}(w)
	}
	wg.Wait()
}

// rawWrite is the baseline: the same rows, no checks. One event is a plain
// INSERT (its own transaction); a batch is one COPY.
func rawWrite(ctx context.Context, pool *pgxpool.Pool, pos *atomic.Int64, stream string, evs []eventlog.NewEvent) error {
	now := time.Now().UTC()
	hash := make([]byte, 32)
	if len(evs) == 1 {
		e := evs[0]
		_, err := pool.Exec(ctx, `INSERT INTO raw_events VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
			pos.Add(1), e.ID, stream, 1, e.Type, e.SchemaVersion, string(e.Data), `{"actor_id":"x"}`, now, hash, hash)
		return err
	}
	rows := make([][]any, len(evs))
	for i, e := range evs {
		rows[i] = []any{pos.Add(1), e.ID, stream, int64(i + 1), e.Type, int32(e.SchemaVersion), string(e.Data), `{"actor_id":"x"}`, now, hash, hash}
	}
	_, err := pool.CopyFrom(ctx, pgx.Identifier{"raw_events"},
		[]string{"position", "id", "stream", "version", "type", "schema_version", "data", "metadata", "recorded_at", "prev_hash", "hash"},
		pgx.CopyFromRows(rows))
	return err
}
