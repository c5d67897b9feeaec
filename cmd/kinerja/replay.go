package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// runReplay builds read models as they were at a point of the log into a
// scratch schema, for the inspectorate, or drops such a schema; "replay
// diff" compares a replay with the live read models and "replay list" lists
// the replays. Usage:
//
//	kinerja replay --until TIME|POSITION --projection NAME|all --into SCHEMA
//	kinerja replay --drop SCHEMA
//	kinerja replay diff --schema SCHEMA --projection NAME|all [--json]
//	kinerja replay list
func runReplay(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "diff":
			return subcommandUsage(runReplayDiff(ctx, e, args[1:]), "replay diff")
		case "list":
			return subcommandUsage(runReplayList(ctx, e, args[1:]), "replay list")
		}
	}
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	cf := bindConfig(fs)
	until := fs.String("until", "", "last position to apply, or a time (RFC 3339; a date such as 2025-03-31 means the end of that day in Asia/Jakarta)")
	names := fs.String("projection", "all", "projection to build: a name, names separated by commas, or all")
	into := fs.String("into", "", "scratch schema to build into (a lower-case identifier; an earlier replay there is replaced)")
	drop := fs.String("drop", "", "drop this replay schema instead of building one")
	batch := fs.Int("batch", 5000, "events per read and per transaction")
	if err := parseFlags(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	if *drop != "" {
		if *until != "" || *into != "" {
			return &usageError{err: errors.New("replay: --drop takes no --until or --into")}
		}
		return dropReplay(ctx, e, cf, *drop)
	}
	req, err := replayRequest(*until, *names, *into, *batch)
	if err != nil {
		return err
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
	return buildReplay(ctx, e, db, req, logger)
}

// replayArgs is a checked replay command line.
type replayArgs struct {
	until eventlog.AsOf
	ps    []readside.Projection
	into  string
	batch int
}

// replayRequest checks the flags of a replay.
func replayRequest(until, names, into string, batch int) (replayArgs, error) {
	if until == "" || into == "" {
		return replayArgs{}, &usageError{err: errors.New("replay: --until and --into are required")}
	}
	at, err := eventlog.ParseUntil(until, civil.DefaultZone())
	if err != nil {
		return replayArgs{}, &usageError{err: fmt.Errorf("replay: --until: %w", err)}
	}
	if err := rebuild.ValidateSchemaName(into); err != nil {
		return replayArgs{}, &usageError{err: fmt.Errorf("replay: --into: %w", err)}
	}
	ps, err := projectionsNamed("replay", strings.Split(names, ","))
	if err != nil {
		return replayArgs{}, err
	}
	if batch < 1 {
		return replayArgs{}, &usageError{err: fmt.Errorf("replay: -batch %d < 1", batch)}
	}
	return replayArgs{until: at, ps: ps, into: into, batch: batch}, nil
}

// buildReplay runs the replay with a progress line on stderr and prints
// what was built.
func buildReplay(ctx context.Context, e *env, db *database, req replayArgs, logger *slog.Logger) error {
	pl := newReplayLine(e.stderr)
	info, err := rebuild.Replay(ctx, db.pool, db.store, req.ps, rebuild.ReplayConfig{
		Schema: req.into, Until: req.until, BatchSize: req.batch, Progress: pl.update, Logger: logger})
	pl.finish()
	if err != nil {
		if errors.Is(err, rebuild.ErrUnsafeSchema) {
			return &usageError{err: err}
		}
		return fmt.Errorf("%w (drop the incomplete schema with 'kinerja replay --drop %s')", err, req.into)
	}
	fmt.Fprintf(e.stdout, "replayed %s into schema %s up to position %d (until %s): %d events\n",
		strings.Join(info.Projections, ", "), info.Schema, info.Position, info.Until, info.Events)
	if req.until.Position > info.Position {
		// Probably a mistyped position: say so rather than pass a replay
		// of the whole log off as the state at that position.
		fmt.Fprintf(e.stderr, "note: --until %d is past the log's head: the replay holds the whole log, up to position %d\n",
			req.until.Position, info.Position)
	}
	return nil
}

// replayLine draws the progress of a replay on one line, redrawn at most
// five times a second on a terminal (see progressLine).
type replayLine struct{ line *progressLine }

func newReplayLine(w io.Writer) *replayLine {
	return &replayLine{line: newProgressLine(w, 200*time.Millisecond)}
}

func (l *replayLine) update(p rebuild.ReplayProgress) {
	pct := 100.0
	if p.Until > 0 {
		pct = 100 * float64(p.Position) / float64(p.Until)
	}
	l.line.set("replay into %s: position %d of %d (%.0f%%), %d events, %.0f events/s",
		p.Schema, p.Position, p.Until, pct, p.Events, p.EventsPerSecond())
}

func (l *replayLine) finish() { l.line.done() }

// dropReplay drops a replay schema; it refuses any other schema.
func dropReplay(ctx context.Context, e *env, cf *configFlags, schema string) error {
	if err := rebuild.ValidateSchemaName(schema); err != nil {
		return &usageError{err: fmt.Errorf("replay: --drop: %w", err)}
	}
	db, err := openAuditStore(ctx, e, cf)
	if err != nil {
		return err
	}
	defer db.close(slog.LevelDebug)
	if err := rebuild.DropReplay(ctx, db.pool, schema); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "dropped replay schema %s\n", schema)
	return nil
}

// runReplayList prints the replays of the database, one per line.
func runReplayList(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("replay list", flag.ContinueOnError)
	cf := bindConfig(fs)
	if err := parseFlags(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	db, err := openAuditStore(ctx, e, cf)
	if err != nil {
		return err
	}
	defer db.close(slog.LevelDebug)
	list, err := rebuild.ListReplays(ctx, db.pool)
	if err != nil {
		return err
	}
	for _, r := range list {
		state := "complete"
		if !r.Complete {
			state = "incomplete"
		}
		owner := "no instansi (command line)"
		if r.Instansi != "" {
			owner = "instansi " + r.Instansi + " by " + r.BuiltBy
		}
		fmt.Fprintf(e.stdout, "%s\t%s\tposition %d\tuntil %s\t%s\tstarted %s\t%s\n", r.Schema, strings.Join(r.Projections, ","),
			r.Position, r.Until, state, r.StartedAt.Format(time.RFC3339), owner)
	}
	return nil
}

// errDiffers is returned by "replay diff" when a replay and the live read
// models differ, so that the command exits with 1.
var errDiffers = errors.New("the replay differs from the live read models")

// runReplayDiff compares the tables of projections in a replay schema with
// the live ones and prints the differences.
func runReplayDiff(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("replay diff", flag.ContinueOnError)
	cf := bindConfig(fs)
	schema := fs.String("schema", "", "the replay schema to compare")
	names := fs.String("projection", "all", "projection to compare: a name, names separated by commas, or all (those the replay holds)")
	limit := fs.Int("limit", rebuild.DefaultDiffRows, "differing rows listed per table")
	asJSON := fs.Bool("json", false, "print the reports as JSON, one per line")
	if err := parseFlags(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	if err := rebuild.ValidateSchemaName(*schema); err != nil {
		return &usageError{err: fmt.Errorf("replay diff: --schema: %w", err)}
	}
	ps, err := projectionsNamed("replay", strings.Split(*names, ","))
	if err != nil {
		return err
	}
	db, err := openAuditStore(ctx, e, cf)
	if err != nil {
		return err
	}
	defer db.close(slog.LevelDebug)
	reports, err := diffReplay(ctx, db, *schema, ps, *names == "all", *limit)
	if err != nil {
		return err
	}
	differs := 0
	for _, rep := range reports {
		if *asJSON {
			b, _ := json.Marshal(rep)
			fmt.Fprintln(e.stdout, string(b))
		} else {
			printDiff(e.stdout, rep)
		}
		for _, t := range rep.Tables {
			differs += t.OnlyLive + t.OnlyReplay + t.Differing
		}
	}
	if differs > 0 {
		return fmt.Errorf("%w: %d rows", errDiffers, differs)
	}
	return nil
}

// diffReplay diffs each projection; with all, those the replay lacks are
// skipped.
func diffReplay(ctx context.Context, db *database, schema string, ps []readside.Projection, all bool, limit int) ([]rebuild.DiffReport, error) {
	info, err := rebuild.ReplayInfoOf(ctx, db.pool, schema)
	if err != nil {
		return nil, err
	}
	var out []rebuild.DiffReport
	for _, p := range ps {
		if all && !slices.Contains(info.Projections, p.Name()) {
			continue
		}
		rep, err := rebuild.Diff(ctx, db.pool, schema, p, rebuild.DiffOptions{Limit: limit})
		if err != nil {
			return nil, err
		}
		out = append(out, rep)
	}
	return out, nil
}

// printDiff prints a report for a reader: a summary line per table and one
// line per listed row.
func printDiff(w io.Writer, rep rebuild.DiffReport) {
	state := "same as live"
	if !rep.Equal {
		state = "DIFFERS from live"
	}
	fmt.Fprintf(w, "%s: replay %s (position %d) %s %s (checkpoint %d)\n", rep.Projection, rep.Schema, rep.ReplayPosition,
		state, rep.LiveSchema, rep.LivePosition)
	for _, t := range rep.Tables {
		fmt.Fprintf(w, "  %s: %d differing, %d only live, %d only in the replay\n", t.Table, t.Differing, t.OnlyLive, t.OnlyReplay)
		for _, r := range t.Rows {
			key, _ := json.Marshal(r.Key)
			fmt.Fprintf(w, "    %s %s", r.Kind, key)
			for _, c := range r.Columns {
				fmt.Fprintf(w, " %s: live %s, replay %s;", c.Column, c.Live, c.Replay)
			}
			fmt.Fprintln(w)
		}
		if t.Truncated {
			fmt.Fprintf(w, "    … (more rows; raise --limit)\n")
		}
	}
}
