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

// minBenchEmployees is the smallest world bench generates (see runBench).
const minBenchEmployees = 10

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
// writers, and measures the append throughput, the rebuild of all
// projections from position 0 in one pass and each projection's catch-up
// within it, the verification of the
// log and the database size per million events.
func runBench(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	cf := bindConfig(fs)
	employees := fs.Int("employees", 1000, "employees of the generated world (about 47 events each)")
	backend := fs.String("backend", "", "postgres or esdb (default: as KINERJA_EVENTSTORE; esdb takes its URL from KINERJA_EVENTSTORE)")
	jsonFile := fs.String("json", "", "also write the figures as JSON to this file")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the HTTP commands to this file")
	if err := parseFlags(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	// The queries run as an HR official of the first instansi and need
	// active staff there besides: one employee is not a world to query.
	if *employees < minBenchEmployees {
		return &usageError{err: fmt.Errorf("bench: --employees %d: at least %d", *employees, minBenchEmployees)}
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
	fmt.Fprintf(e.stderr, "bench: membangkitkan dan menulis dunia %d pegawai…\n", rep.Employees)
	cfg := projectiontest.Config{Seed: 1, Employees: rep.Employees,
		Instansi: max(1, min(50, rep.Employees/200)), Units: 30, National: true}
	events, elapsed, err := benchAppend(ctx, e.stderr, db.store, cfg, benchEventsPerEmployee*rep.Employees)
	if err != nil {
		return err
	}
	rep.Events = events
	rep.add("append throughput (64 writers)", float64(rep.Events)/elapsed.Seconds(), "events/s")
	start := time.Now()
	line := newBenchProgress(e.stderr)
	progs, err := rebuild.RebuildAll(ctx, db.pool, db.store, db.withLedger(projectionSet()), rebuild.Config{
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Progress: func(pr rebuild.Progress) {
			line.set("bench: rebuild (catch-up) %s %d/%d", pr.Projection, pr.Events, rep.Events)
		}})
	line.done()
	if err != nil {
		return fmt.Errorf("bench: rebuild: %w", err)
	}
	all := time.Since(start)
	for _, pr := range progs {
		rep.add("catch-up "+pr.Projection+" (all together, one pass)", float64(pr.Events)/pr.CatchUp.Seconds(), "events/s")
	}
	rep.add("rebuild of all projections (one pass)", all.Seconds(), "s")
	start = time.Now()
	line = newBenchProgress(e.stderr)
	vr, err := db.store.Verify(ctx, func(done, total uint64) { line.set("bench: verify %d/%d", done, total) })
	line.done()
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

// benchEventsPerEmployee is about how many events the national world has
// per employee (for the progress line only).
const benchEventsPerEmployee = 47

// benchChunk is the number of employees whose years the generator holds at
// once: the world streams into the writers instead of being held whole (at
// 100,000 employees a whole world is 6 GB, and collecting it took a quarter
// of the process's CPU).
const benchChunk = 2000

// benchAppend generates the world of cfg in chunks and appends it from
// benchWriters writers, each stream always from the same writer (so in
// order), while it is generated; it returns the events appended and the
// time taken. about is the expected number of events, for the progress.
func benchAppend(ctx context.Context, w io.Writer, st eventStore, cfg projectiontest.Config, about int) (int, time.Duration, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var done atomic.Uint64
	var wg sync.WaitGroup
	ins := make([]chan projectiontest.Append, benchWriters)
	for i := range ins {
		ins[i] = make(chan projectiontest.Append, 256)
		wg.Go(func() {
			for a := range ins[i] {
				if ctx.Err() != nil {
					continue // drain
				}
				if _, err := st.Append(ctx, a.Stream, eventlog.Any, a.Events...); err != nil {
					cancel(fmt.Errorf("bench: append: %w", err))
					continue
				}
				done.Add(uint64(len(a.Events)))
			}
		})
	}
	line := newBenchProgress(w)
	stop, ticked := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(ticked)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				line.set("bench: append %d/%d", done.Load(), about)
			case <-stop:
				return
			}
		}
	}()
	start := time.Now()
	genErr := projectiontest.GenerateEach(cfg, benchChunk, func(a projectiontest.Append) error {
		h := fnv.New32a()
		h.Write([]byte(a.Stream))
		select {
		case ins[h.Sum32()%benchWriters] <- a:
			return nil
		case <-ctx.Done():
			return context.Cause(ctx)
		}
	})
	for _, in := range ins {
		close(in)
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stop)
	<-ticked
	line.set("bench: append %d/%d", done.Load(), done.Load())
	line.done()
	if err := context.Cause(ctx); err != nil {
		return 0, 0, err
	}
	if genErr != nil {
		return 0, 0, genErr
	}
	return int(done.Load()), elapsed, nil
}

// newBenchProgress returns the progress line of one step of the bench,
// redrawn at most once a second on a terminal (every projection of a
// rebuild reports each page).
func newBenchProgress(w io.Writer) *progressLine { return newProgressLine(w, time.Second) }

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
