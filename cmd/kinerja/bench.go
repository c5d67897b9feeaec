package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"text/tabwriter"
	"time"

	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/projections/projectiontest"
)

// benchWriters is the number of concurrent writers of the bench's appends.
const benchWriters = 64

// benchFigure is one row of the bench's table.
type benchFigure struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
}

// benchReport is what "kinerja bench" prints and writes as JSON.
type benchReport struct {
	Backend   string        `json:"backend"`
	Employees int           `json:"employees"`
	Events    int           `json:"events"`
	Figures   []benchFigure `json:"figures"`
	http      benchHTTPOptions
}

func (r *benchReport) add(name string, value float64, unit string) {
	r.Figures = append(r.Figures, benchFigure{Name: name, Value: value, Unit: unit})
}

// runBench generates a world of --employees employees (instansi, unit trees,
// NIPs, reporting lines, a year of SKPs with realisation, feedback, ratings,
// amendments and objections), appends it to an empty event log from 64
// writers, and measures the append throughput, each projection's catch-up
// from position 0, the rebuild of all projections, the verification of the
// log and the database size per million events.
func runBench(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	cf := bindConfig(fs)
	employees := fs.Int("employees", 1000, "employees of the generated world (about 50 events each)")
	backend := fs.String("backend", "", "postgres or esdb (default: as KINERJA_EVENTSTORE; esdb takes its URL from KINERJA_EVENTSTORE)")
	jsonFile := fs.String("json", "", "also write the figures as JSON to this file")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the HTTP commands to this file")
	if err := parseFlags(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	if *employees < 1 {
		return &usageError{err: fmt.Errorf("bench: --employees %d < 1", *employees)}
	}
	cfg, err := cf.load(e.getenv)
	if err != nil {
		return err
	}
	switch *backend {
	case "":
	case "postgres":
		cfg.EventStore = "postgres"
	case "esdb":
		if !usesESDB(cfg) {
			return &usageError{err: errors.New("bench: --backend esdb butuh KINERJA_EVENTSTORE=esdb://…")}
		}
	default:
		return &usageError{err: fmt.Errorf("bench: --backend %q: want postgres or esdb", *backend)}
	}
	db, err := openMigrated(ctx, cfg, newLogger(cfg, e))
	if err != nil {
		return err
	}
	defer db.close(slog.LevelDebug)
	if head, _, err := db.store.Head(ctx); err != nil {
		return fmt.Errorf("bench: %w", err)
	} else if head > 0 {
		return fmt.Errorf("bench: log peristiwa tidak kosong (head %d); jalankan bench pada database kosong", head)
	}
	rep := &benchReport{Backend: "postgres", Employees: *employees, http: benchHTTPOptions{cfg: cfg, cpuProfile: *cpuProfile}}
	if usesESDB(cfg) {
		rep.Backend = "esdb"
	}
	if err := benchRun(ctx, e, db, rep); err != nil {
		return err
	}
	printBench(e.stdout, rep)
	if *jsonFile != "" {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(*jsonFile, append(b, '\n'), 0o644); err != nil {
			return fmt.Errorf("bench: --json: %w", err)
		}
	}
	return nil
}

// benchRun runs the measurements in order, with progress on stderr.
func benchRun(ctx context.Context, e *env, db *database, rep *benchReport) error {
	fmt.Fprintf(e.stderr, "bench: membangkitkan dunia %d pegawai…\n", rep.Employees)
	world := projectiontest.Generate(projectiontest.Config{Seed: 1, Employees: rep.Employees,
		Instansi: max(1, min(50, rep.Employees/200)), Units: 30, National: true})
	for _, a := range world {
		rep.Events += len(a.Events)
	}
	elapsed, err := benchAppend(ctx, e.stderr, db.store, world, rep.Events)
	if err != nil {
		return err
	}
	rep.add("append throughput (64 writers)", float64(rep.Events)/elapsed.Seconds(), "events/s")
	var all time.Duration
	for _, p := range db.withLedger(projectionSet()) {
		start := time.Now()
		pr, err := rebuild.Rebuild(ctx, db.pool, db.store, p, rebuild.Config{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
			Progress: func(pr rebuild.Progress) {
				benchProgress(e.stderr, "catch-up "+pr.Projection, uint64(pr.Events), uint64(rep.Events))
			}})
		if err != nil {
			return fmt.Errorf("bench: catch-up %s: %w", p.Name(), err)
		}
		took := time.Since(start)
		all += took
		fmt.Fprintln(e.stderr)
		rep.add("catch-up "+p.Name(), float64(pr.Events)/took.Seconds(), "events/s")
	}
	rep.add("rebuild of all projections", all.Seconds(), "s")
	start := time.Now()
	vr, err := db.store.Verify(ctx, func(done, total uint64) { benchProgress(e.stderr, "verify", done, total) })
	fmt.Fprintln(e.stderr)
	if err != nil || !vr.OK {
		return fmt.Errorf("bench: verify: %v %s", err, vr.Problem)
	}
	rep.add("audit verify", float64(vr.Events)/time.Since(start).Seconds(), "events/s")
	var size int64
	if err := db.pool.QueryRow(ctx, `SELECT pg_database_size(current_database())`).Scan(&size); err != nil {
		return fmt.Errorf("bench: database size: %w", err)
	}
	rep.add("PostgreSQL database size per million events", float64(size)/float64(rep.Events)*1e6/(1<<30), "GiB")
	return benchHTTP(ctx, e, db, rep)
}

// benchAppend appends the world from benchWriters writers, each stream
// always from the same writer (so in order), and returns the time taken.
func benchAppend(ctx context.Context, w io.Writer, st eventStore, world []projectiontest.Append, total int) (time.Duration, error) {
	parts := make([][]projectiontest.Append, benchWriters)
	for _, a := range world {
		h := fnv.New32a()
		h.Write([]byte(a.Stream))
		i := h.Sum32() % benchWriters
		parts[i] = append(parts[i], a)
	}
	var done atomic.Uint64
	var wg sync.WaitGroup
	errs := make(chan error, benchWriters)
	stop := make(chan struct{})
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				benchProgress(w, "append", done.Load(), uint64(total))
			case <-stop:
				return
			}
		}
	}()
	start := time.Now()
	for _, part := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, a := range part {
				if _, err := st.Append(ctx, a.Stream, eventlog.Any, a.Events...); err != nil {
					errs <- err
					return
				}
				done.Add(uint64(len(a.Events)))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stop)
	benchProgress(w, "append", done.Load(), uint64(total))
	fmt.Fprintln(w)
	close(errs)
	if err := <-errs; err != nil {
		return 0, fmt.Errorf("bench: append: %w", err)
	}
	return elapsed, nil
}

// benchProgress redraws a progress line.
func benchProgress(w io.Writer, what string, done, total uint64) {
	fmt.Fprintf(w, "\rbench: %s %d/%d", what, done, total)
}

// printBench prints the report as one table.
func printBench(w io.Writer, rep *benchReport) {
	fmt.Fprintf(w, "kinerja bench: backend %s, %d pegawai, %d peristiwa\n", rep.Backend, rep.Employees, rep.Events)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "measure\tvalue\tunit")
	for _, f := range rep.Figures {
		fmt.Fprintf(tw, "%s\t%.1f\t%s\n", f.Name, f.Value, f.Unit)
	}
	_ = tw.Flush()
}
