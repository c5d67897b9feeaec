package pgstore

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// The comparison benchmarks put Kinerja's store side by side with
// watermill-sql's PostgreSQL publisher (what a Watermill user would pick to
// keep events in PostgreSQL) and a raw multi-row INSERT into a bare table,
// interleaved in one run (Kinerja, watermill-sql, raw, Kinerja, ...) so that
// the load of a shared machine falls on all three alike. They print a table
// of medians; -short runs a tenth of the events for a quick check. Run:
//
//	go test -run '^$' -bench 'BenchmarkCompare' -benchtime 1x -timeout 30m ./adapters/pgstore/

const (
	compareStreams = 10000
	compareRounds  = 3
)

type compareWorkload struct {
	writers, batch, events int
}

var compareWorkloads = []compareWorkload{
	{1, 1, 2000}, {16, 1, 8000}, {64, 1, 16000}, {1, 100, 30000}, {8, 100, 60000},
}

// compareSystem appends one batch of events for writer w.
type compareSystem struct {
	name   string
	append func(ctx context.Context, w int, stream int, evs []eventlog.NewEvent) error
}

// BenchmarkCompareAppend runs the write workloads against the three systems
// and prints events/s and the ratios per workload.
func BenchmarkCompareAppend(b *testing.B) {
	scale := 1
	if testing.Short() {
		scale = 10
	}
	// watermill-sql and raw share one schema and one pool.
	pool := comparePool(b, pgtest.New(b).URL)
	systems := []compareSystem{newKinerjaSystem(b), newWatermillSystem(b, pool), newRawSystem(b, pool)}
	rates := make([][][]float64, len(compareWorkloads)) // [workload][system][round]
	wal := make([][][]float64, len(compareWorkloads))   // WAL bytes per event, likewise
	for wi := range compareWorkloads {
		rates[wi] = make([][]float64, len(systems))
		wal[wi] = make([][]float64, len(systems))
	}
	load := loadAverage()
	for round := 0; round < compareRounds; round++ {
		for wi, wl := range compareWorkloads {
			for si, sys := range systems {
				before := walPosition(b, pool)
				rates[wi][si] = append(rates[wi][si], runCompareWorkload(b, sys, wl, wl.events/scale, uint64(round)))
				n := wl.events / scale / wl.batch / wl.writers * wl.writers * wl.batch
				wal[wi][si] = append(wal[wi][si], float64(walPosition(b, pool)-before)/float64(n))
			}
		}
	}
	var out strings.Builder
	fmt.Fprintf(&out, "\nAppends, events/s, medians of %d interleaved rounds (load average before %s, after %s)\n\n", compareRounds, load, loadAverage())
	fmt.Fprintln(&out, "| workload | Kinerja | watermill-sql | raw | Kinerja/raw | Kinerja/watermill-sql |")
	fmt.Fprintln(&out, "|---|---|---|---|---|---|")
	for wi, wl := range compareWorkloads {
		k, w, r := median(rates[wi][0]), median(rates[wi][1]), median(rates[wi][2])
		fmt.Fprintf(&out, "| %d writer(s) × %d | %.0f | %.0f | %.0f | %.2f | %.2f |\n", wl.writers, wl.batch, k, w, r, k/r, k/w)
	}
	fmt.Fprintln(&out, "\nWAL written per event, bytes (the whole server's, medians; the commit flushes it)")
	fmt.Fprintln(&out, "\n| workload | Kinerja | watermill-sql | raw |")
	fmt.Fprintln(&out, "|---|---|---|---|")
	for wi, wl := range compareWorkloads {
		fmt.Fprintf(&out, "| %d writer(s) × %d | %.0f | %.0f | %.0f |\n", wl.writers, wl.batch, median(wal[wi][0]), median(wal[wi][1]), median(wal[wi][2]))
	}
	fmt.Fprint(os.Stdout, out.String())
}

// walPosition returns the server's current WAL insert position in bytes.
func walPosition(b *testing.B, pool *pgxpool.Pool) int64 {
	var pos int64
	if err := pool.QueryRow(context.Background(), `SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint`).Scan(&pos); err != nil {
		b.Fatal(err)
	}
	return pos
}

// runCompareWorkload appends events events in calls of wl.batch from
// wl.writers goroutines and returns events/s. Writer w appends to the streams
// whose number is w modulo the writers, picked at random.
func runCompareWorkload(b *testing.B, sys compareSystem, wl compareWorkload, events int, seed uint64) float64 {
	ctx := context.Background()
	calls := events / wl.batch
	perWriter := calls / wl.writers
	var wg sync.WaitGroup
	start := time.Now()
	for w := 0; w < wl.writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(w)))
			owned := compareStreams / wl.writers
			for i := 0; i < perWriter; i++ {
				stream := w + wl.writers*rng.IntN(owned)
				if err := sys.append(ctx, w, stream, compareEvents(wl.batch)); err != nil {
					b.Errorf("%s: %v", sys.name, err)
					return
				}
			}
		}(w)
	}
	wg.Wait()
	return float64(perWriter*wl.writers*wl.batch) / time.Since(start).Seconds()
}

func compareStream(i int) string { return fmt.Sprintf("skp-cmp%05d-2025", i) }

// compareData is a ~300-byte JSON object.
var compareData = json.RawMessage(`{"nip":"198609262015051001","period":"2025","unit":"unit-0042","ratings":{"hasil_kerja":"sesuai_ekspektasi","perilaku_kerja":"di_atas_ekspektasi"},"predikat":"baik","notes":"Pegawai menyelesaikan seluruh rencana hasil kerja tepat waktu dan mendukung rekan kerja dengan sangat baik sepanjang periode."}`)

// compareEvents returns n events with ~300-byte data and ~200-byte metadata.
func compareEvents(n int) []eventlog.NewEvent {
	evs := make([]eventlog.NewEvent, n)
	for i := range evs {
		evs[i] = eventlog.NewEvent{
			ID: eventlog.NewID(), Type: "skp.ratings_given", SchemaVersion: 1, Data: compareData,
			Metadata: eventlog.Metadata{
				ActorID: "198001012005011002", ActorRole: "pejabat_penilai", CorrelationID: "0192f0c4-7b1e-7c3a-9d2e-4f5a6b7c8d9e",
				RequestID: "req-7f3a9c2e4b1d", Client: "web/1.4.2", PolicyVersion: "2025.1", Instansi: "kemenpan-rb",
			},
		}
	}
	return evs
}

func newKinerjaSystem(b *testing.B) compareSystem {
	sc := pgtest.New(b)
	s, err := New(sc.Pool, Config{NotifyChannel: "kinerja_events_" + sc.Name})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(s.Close)
	versions := make([]uint64, compareStreams)
	return compareSystem{name: "kinerja", append: func(ctx context.Context, _ int, stream int, evs []eventlog.NewEvent) error {
		res, err := s.Append(ctx, compareStream(stream), eventlog.Exact(versions[stream]), evs...)
		versions[stream] = res.Version
		return err
	}}
}

// comparePool opens a pool of at most 40 connections (64 writers queue for
// them, as they would in a service) that lets idle connections go quickly:
// the server's 100 connections are shared with other tests.
func comparePool(b *testing.B, url string) *pgxpool.Pool {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		b.Fatal(err)
	}
	cfg.MaxConns = 40
	cfg.MaxConnIdleTime = 2 * time.Second
	cfg.HealthCheckPeriod = time.Second
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(pool.Close)
	return pool
}

func newWatermillSystem(b *testing.B, pool *pgxpool.Pool) compareSystem {
	pub, err := wsql.NewPublisher(wsql.BeginnerFromPgx(pool), wsql.PublisherConfig{
		SchemaAdapter: wsql.DefaultPostgreSQLSchema{}, AutoInitializeSchema: true,
	}, watermill.NopLogger{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = pub.Close() })
	return compareSystem{name: "watermill-sql", append: func(ctx context.Context, _ int, stream int, evs []eventlog.NewEvent) error {
		msgs := make([]*message.Message, len(evs))
		for i, e := range evs {
			m := message.NewMessage(e.ID, message.Payload(e.Data))
			m.Metadata = message.Metadata{
				"stream": compareStream(stream), "type": e.Type, "actor_id": e.Metadata.ActorID, "actor_role": e.Metadata.ActorRole,
				"correlation_id": e.Metadata.CorrelationID, "request_id": e.Metadata.RequestID, "client": e.Metadata.Client,
				"policy_version": e.Metadata.PolicyVersion, "instansi": e.Metadata.Instansi,
			}
			m.SetContext(ctx)
			msgs[i] = m
		}
		return pub.Publish("kinerja_events", msgs...)
	}}
}

func newRawSystem(b *testing.B, pool *pgxpool.Pool) compareSystem {
	if _, err := pool.Exec(context.Background(), `CREATE TABLE raw_events (id uuid, stream text, version bigint, type text,
		schema_version int, data json, metadata json, recorded_at timestamptz)`); err != nil {
		b.Fatal(err)
	}
	return compareSystem{name: "raw", append: func(ctx context.Context, _ int, stream int, evs []eventlog.NewEvent) error {
		var q strings.Builder
		q.WriteString(`INSERT INTO raw_events (id, stream, version, type, schema_version, data, metadata, recorded_at) VALUES `)
		args := make([]any, 0, 8*len(evs))
		now := time.Now().UTC()
		for i, e := range evs {
			meta, err := json.Marshal(e.Metadata)
			if err != nil {
				return err
			}
			if i > 0 {
				q.WriteString(",")
			}
			n := len(args)
			fmt.Fprintf(&q, "($%d,$%d,$%d,$%d,$%d,$%d,$%d,$%d)", n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8)
			args = append(args, e.ID, compareStream(stream), i+1, e.Type, e.SchemaVersion, string(e.Data), string(meta), now)
		}
		_, err := pool.Exec(ctx, q.String(), args...)
		return err
	}}
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// loadAverage returns the machine's 1, 5 and 15 minute load averages.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
