package pgstore

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// BenchmarkCompareRead reads the whole log three ways, interleaved: ReadAll
// page by page, a subscription's catch-up, and a raw keyset SELECT of every
// column over the same table (pages of DefaultReadLimit). Then it measures
// live delivery at 500 events/s: the time from an append returning to its
// event reaching a subscriber. Run:
//
//	go test -run '^$' -bench 'BenchmarkCompareRead' -benchtime 1x -timeout 30m ./adapters/pgstore/
func BenchmarkCompareRead(b *testing.B) {
	total, live := 200000, 2500
	if testing.Short() {
		total, live = 20000, 500
	}
	s, sc := newStore(b)
	ctx := context.Background()
	for done := 0; done < total; done += 1000 {
		if _, err := s.Append(ctx, fmt.Sprintf("skp-read%03d-2025", done/1000%100), eventlog.Any, compareEvents(1000)...); err != nil {
			b.Fatal(err)
		}
	}
	load := loadAverage()
	readers := []struct {
		name string
		read func() (int, error)
	}{
		{"ReadAll", func() (int, error) { return readAllLog(ctx, s) }},
		{"subscription catch-up", func() (int, error) { return catchUp(ctx, s, uint64(total)) }},
		{"raw keyset SELECT", func() (int, error) { return rawKeyset(ctx, sc.Pool) }},
	}
	rates := make([][]float64, len(readers))
	for round := 0; round < compareRounds; round++ {
		for i, r := range readers {
			start := time.Now()
			n, err := r.read()
			if err != nil || n != total {
				b.Fatalf("%s: read %d of %d: %v", r.name, n, total, err)
			}
			rates[i] = append(rates[i], float64(n)/time.Since(start).Seconds())
		}
	}
	p50, p99 := liveLatency(b, s, live)
	var out strings.Builder
	fmt.Fprintf(&out, "\nReading the whole log of %d events, events/s, medians of %d interleaved rounds (load average before %s, after %s)\n\n",
		total, compareRounds, load, loadAverage())
	fmt.Fprintln(&out, "| read | events/s | ratio to raw |")
	fmt.Fprintln(&out, "|---|---|---|")
	raw := median(rates[len(rates)-1])
	for i, r := range readers {
		fmt.Fprintf(&out, "| %s | %.0f | %.2f |\n", r.name, median(rates[i]), median(rates[i])/raw)
	}
	fmt.Fprintf(&out, "\nLive delivery at 500 events/s (%d events): p50 %.2f ms, p99 %.2f ms\n", live, p50, p99)
	fmt.Fprint(os.Stdout, out.String())
}

func readAllLog(ctx context.Context, s *Store) (int, error) {
	n, after := 0, uint64(0)
	for {
		page, err := s.ReadAll(ctx, after, 0)
		if err != nil || len(page) == 0 {
			return n, err
		}
		n += len(page)
		after = page[len(page)-1].Position
	}
}

func catchUp(ctx context.Context, s *Store, head uint64) (int, error) {
	sub := s.Subscribe(ctx, 0)
	defer sub.Close()
	n := 0
	for e := range sub.Events() {
		n++
		if e.Position == head {
			return n, nil
		}
	}
	return n, sub.Err()
}

// rawKeyset reads every column of the log in keyset pages, decoding nothing
// but what the driver decodes.
func rawKeyset(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	n, after := 0, int64(0)
	for {
		rows, err := pool.Query(ctx, `SELECT id, stream, version, position, type, schema_version, data, metadata, recorded_at, prev_hash, hash
			FROM events WHERE position > $1 ORDER BY position LIMIT $2`, after, DefaultReadLimit)
		if err != nil {
			return n, err
		}
		page := 0
		for rows.Next() {
			var id [16]byte
			var stream, typ string
			var version, position int64
			var schema int32
			var data, meta, prev, hash []byte
			var recorded time.Time
			if err := rows.Scan(&id, &stream, &version, &position, &typ, &schema, &data, &meta, &recorded, &prev, &hash); err != nil {
				rows.Close()
				return n, err
			}
			after = position
			page++
		}
		if err := rows.Err(); err != nil {
			return n, err
		}
		n += page
		if page == 0 {
			return n, nil
		}
	}
}

// liveLatency appends n events at 500 events/s, one per append, and returns
// the p50 and p99 in milliseconds of the time from an append returning to
// its event reaching a live subscriber (0 when it arrived first).
func liveLatency(b *testing.B, s *Store, n int) (float64, float64) {
	ctx := context.Background()
	head, _, err := s.Head(ctx)
	if err != nil {
		b.Fatal(err)
	}
	sub := s.Subscribe(ctx, head)
	defer sub.Close()
	arrived := make(chan time.Time, n)
	go func() {
		for range sub.Events() {
			arrived <- time.Now()
		}
	}()
	returned := make([]time.Time, n)
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	for i := 0; i < n; i++ {
		<-tick.C
		if _, err := s.Append(ctx, "skp-live-2025", eventlog.Any, compareEvents(1)...); err != nil {
			b.Fatal(err)
		}
		returned[i] = time.Now()
	}
	lat := make([]float64, n)
	for i := range lat {
		select {
		case t := <-arrived:
			lat[i] = max(0, float64(t.Sub(returned[i]).Microseconds())/1000)
		case <-time.After(10 * time.Second):
			b.Fatalf("event %d not delivered within 10s", i)
		}
	}
	slices.Sort(lat)
	return lat[n/2], lat[n*99/100]
}
