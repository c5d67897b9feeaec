package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"text/tabwriter"

	"github.com/kinerja/kinerja/adapters/pgstore"
)

// runPartitions lists the partitions of the PostgreSQL event log and creates
// the next one ahead of the head (as the store does by itself while
// appending), so an operator can see where the log lives and move old
// partitions to cheaper storage (ALTER TABLE <partition> SET TABLESPACE).
func runPartitions(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("partitions", flag.ContinueOnError)
	cf := bindConfig(fs)
	if err := parseFlags(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	cfg, err := cf.load(e.getenv)
	if err != nil {
		return err
	}
	if usesESDB(cfg) {
		return &usageError{err: errors.New("partitions: hanya untuk event store PostgreSQL (KINERJA_EVENTSTORE=postgres)")}
	}
	db, err := openMigrated(ctx, cfg, newLogger(cfg, e))
	if err != nil {
		return err
	}
	defer db.close(slog.LevelDebug)
	st, ok := db.store.(*pgstore.Store)
	if !ok {
		return errors.New("partitions: the event store is not PostgreSQL")
	}
	covered, err := st.EnsurePartitions(ctx)
	if err != nil {
		return fmt.Errorf("partitions: %w", err)
	}
	parts, err := st.Partitions(ctx)
	if err != nil {
		return fmt.Errorf("partitions: %w", err)
	}
	head, _, err := st.Head(ctx)
	if err != nil {
		return fmt.Errorf("partitions: %w", err)
	}
	tw := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "partisi\tdari posisi\tsampai sebelum\tperkiraan event\tukuran (MB)\t")
	for _, p := range parts {
		lower := fmt.Sprint(p.Lower)
		if p.Lower == 0 {
			lower = "awal"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.1f\t\n", p.Name, lower, p.Upper, p.Events, float64(p.Bytes)/(1<<20))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "head %d; partisi tersedia sampai sebelum posisi %d\n", head, covered)
	return nil
}
