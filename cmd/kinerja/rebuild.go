package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/adapters/rebuild"
)

// runRebuild rebuilds projections from position 0 into fresh tables and
// swaps them in when caught up; queries keep answering from the old tables
// meanwhile. Usage: kinerja rebuild [flags] NAME|all.
func runRebuild(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("rebuild", flag.ContinueOnError)
	cf := bindConfig(fs)
	batch := fs.Int("batch", 5000, "events per read and per transaction")
	if err := parseArgs(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	if fs.NArg() != 1 {
		return &usageError{err: fmt.Errorf("rebuild: want one projection name or all (%s)", strings.Join(projectionNames(), ", "))}
	}
	selected, err := projectionsNamed("rebuild", fs.Args())
	if err != nil {
		return err
	}
	if *batch < 1 {
		return &usageError{err: fmt.Errorf("rebuild: -batch %d < 1", *batch)}
	}
	cfg, err := cf.load(e.getenv)
	if err != nil {
		return err
	}
	logger := newLogger(cfg, e)
	db, err := openMigrated(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer db.close(slog.LevelDebug)
	return rebuildAll(ctx, db, selected, *batch, logger, e.stdout)
}

// rebuildAll rebuilds ps in one pass over the log, printing each
// projection's progress to w as a line at most once a second on a
// terminal, once every progressLogEvery into a file or a pipe, and when it
// is swapped in.
func rebuildAll(ctx context.Context, db *database, ps []readside.Projection, batch int, logger *slog.Logger, w io.Writer) error {
	every := progressEvery(w, time.Second)
	last := map[string]time.Time{}
	var swapped []string
	progress := func(pr rebuild.Progress) {
		if pr.Swapped {
			swapped = append(swapped, pr.Projection)
		}
		if !pr.Swapped && time.Since(last[pr.Projection]) < every {
			return
		}
		last[pr.Projection] = time.Now()
		pct := 100.0
		if pr.Head > 0 {
			pct = 100 * float64(pr.Position) / float64(pr.Head)
		}
		state := "building"
		if pr.Swapped {
			state = "swapped in"
		}
		fmt.Fprintf(w, "rebuild %s: %s, position %d of %d (%.0f%%), %d events in %s, %.0f events/s\n",
			pr.Projection, state, pr.Position, pr.Head, pct, pr.Events, pr.Elapsed.Round(time.Millisecond), pr.EventsPerSecond())
	}
	_, err := rebuild.RebuildAll(ctx, db.pool, db.store, ps, rebuild.Config{BatchSize: batch, Progress: progress, Logger: logger})
	if err != nil && ctx.Err() != nil {
		var kept []string
		for _, p := range ps {
			if !slices.Contains(swapped, p.Name()) {
				kept = append(kept, p.Name())
			}
		}
		done := ""
		if len(swapped) > 0 {
			done = fmt.Sprintf(" (%s was rebuilt and swapped in before)", strings.Join(swapped, ", "))
		}
		return fmt.Errorf("rebuild interrupted: the live tables of %s were not changed%s; run it again to rebuild: %w",
			strings.Join(kept, ", "), done, err)
	}
	return err
}
