package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
)

// runMigrate creates the database if it is missing and applies every
// pending migration. It is safe to run twice and from two processes at once.
func runMigrate(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	cf := bindConfig(fs)
	if err := parseFlags(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	cfg, err := cf.load(e.getenv)
	if err != nil {
		return err
	}
	db, err := openMigrated(ctx, cfg, newLogger(cfg, e))
	if err != nil {
		return err
	}
	db.close(slog.LevelDebug)
	if len(db.applied) == 0 {
		fmt.Fprintln(e.stdout, "database schema is up to date")
		return nil
	}
	for _, name := range db.applied {
		fmt.Fprintf(e.stdout, "applied %s\n", name)
	}
	return nil
}
