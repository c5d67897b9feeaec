package pgstore

import (
	"context"
	"sort"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// BenchmarkSubscriptionLatency measures the time from an append returning to
// its event arriving at a live subscriber (LISTEN/NOTIFY path; the safety
// poll is set to a minute so it cannot help). Run:
//
//	go test -run '^$' -bench BenchmarkSubscriptionLatency -benchtime 500x ./adapters/pgstore/
func BenchmarkSubscriptionLatency(b *testing.B) {
	s, _ := newStore(b)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sub := s.Subscribe(ctx, 0)
	defer sub.Close()
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.Append(ctx, "skp-lat-2025", eventlog.Any, eventstoretest.Events(1)...); err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		select {
		case <-sub.Events():
		case <-time.After(10 * time.Second):
			b.Fatal("event not delivered within 10s")
		}
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
}

// BenchmarkVerify measures recomputing the hash chain over b.N events (the
// events are appended first, untimed, in batches of 1000). Run:
//
//	go test -run '^$' -bench BenchmarkVerify -benchtime 1000000x -timeout 30m ./adapters/pgstore/
func BenchmarkVerify(b *testing.B) {
	s, _ := newStore(b)
	ctx := context.Background()
	for done := 0; done < b.N; {
		n := min(1000, b.N-done)
		if _, err := s.Append(ctx, "skp-v-2025", eventlog.Any, eventstoretest.Events(n)...); err != nil {
			b.Fatal(err)
		}
		done += n
	}
	b.ResetTimer()
	start := time.Now()
	rep, err := s.Verify(ctx, nil)
	if err != nil || !rep.OK || rep.Events != uint64(b.N) {
		b.Fatalf("verify: %+v %v", rep, err)
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "events/s")
}
