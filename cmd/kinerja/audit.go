package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"time"

	"github.com/kinerja/kinerja/adapters/anchor"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations"
)

// auditCommands is the table of "kinerja audit" subcommands.
func auditCommands() []command {
	return []command{
		{"verify", "recompute the event log's hash chain and report the first break; --anchor checks a signed anchor too", runAuditVerify},
		{"anchor", "sign a statement of the log's head (position, hash, time) with Ed25519", runAuditAnchor},
		{"keygen", "create an Ed25519 anchor signing key", runAuditKeygen},
		{"trail", "print an SKP's score trail (every rating change), optionally --as-of a position or time", runAuditTrail},
	}
}

// runAudit dispatches "kinerja audit <subcommand>".
func runAudit(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		printGroupHelp(e.stderr, "audit", auditCommands())
		if len(args) == 0 {
			return &usageError{err: errors.New("audit: no subcommand given"), shown: true}
		}
		return nil
	}
	for _, c := range auditCommands() {
		if c.name == args[0] {
			return subcommandUsage(c.run(ctx, e, args[1:]), "audit "+c.name)
		}
	}
	return &usageError{err: fmt.Errorf("audit: unknown subcommand %q", args[0])}
}

// runAuditVerify recomputes the hash chain over the whole global log with a
// progress line on stderr. It prints the number of events verified and the
// head, or the first position where the chain breaks, what still verifies
// and the log's head as stored, and then fails; positions missing from the
// tail are named as such. With --anchor it first checks the anchor's
// signature (against --public-key when given) and then that the anchored
// event is still in the verified chain, which also detects a truncated
// tail. It reads only: it neither creates nor migrates the database.
func runAuditVerify(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	cf := bindConfig(fs)
	anchorFile := fs.String("anchor", "", "a signed anchor (JSON from 'kinerja audit anchor') the log must still contain")
	pubFile := fs.String("public-key", "", "the trusted public key of the anchor's signer (PEM or base64); without it only the embedded key is used")
	if err := parseFlags(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	var signed *anchor.Signed
	if *anchorFile != "" {
		a, err := checkAnchorFile(e, *anchorFile, *pubFile)
		if err != nil {
			return err
		}
		signed = &a
	} else if *pubFile != "" {
		return &usageError{err: errors.New("audit verify: --public-key needs --anchor")}
	}
	db, err := openAuditStore(ctx, e, cf)
	if err != nil {
		return err
	}
	defer db.close(slog.LevelDebug)
	pr := &progress{w: e.stderr, every: 100 * time.Millisecond}
	rep, err := verifyLog(ctx, db.store, signed, pr.update)
	pr.finish()
	if err != nil {
		return fmt.Errorf("audit verify: %w", err)
	}
	if !rep.OK {
		printBroken(e, rep, signed)
		if rep.MissingFrom != 0 {
			return fmt.Errorf("audit verify: hash chain broken: %s missing from the tail", eventlog.Positions(rep.MissingFrom, rep.MissingTo, "are", "is"))
		}
		return fmt.Errorf("audit verify: hash chain broken at position %d", rep.FirstBadPosition)
	}
	fmt.Fprintf(e.stdout, "verified %d events; head position %d; head hash %s\n", rep.Events, rep.HeadPosition, rep.HeadHashHex())
	if signed != nil {
		fmt.Fprintf(e.stdout, "anchor held: position %d still has hash %s\n", signed.Statement.Position, signed.Statement.HeadHash)
	}
	return nil
}

// printBroken prints the report of a broken chain: the first bad position
// and what is wrong there (a position missing from the tail says so), what
// still verifies, and the log's head as stored, which the log reaches
// whatever broke before it.
func printBroken(e *env, rep eventlog.VerifyReport, signed *anchor.Signed) {
	if rep.MissingFrom != 0 {
		fmt.Fprintf(e.stdout, "chain broken at position %d (not in the log): %s\n", rep.FirstBadPosition, rep.Problem)
		fmt.Fprintf(e.stdout, "missing from the tail: %s\n", eventlog.Positions(rep.MissingFrom, rep.MissingTo, "", ""))
	} else {
		fmt.Fprintf(e.stdout, "chain broken at position %d: %s\n", rep.FirstBadPosition, rep.Problem)
	}
	switch {
	case rep.LastGoodPosition >= rep.FirstBadPosition && signed != nil && signed.Statement.Position == rep.FirstBadPosition:
		// An anchor whose position now holds another hash: the chain
		// verifies, but the history it vouched for was rewritten.
		fmt.Fprintf(e.stdout, "the chain verifies over %d events, but nothing at or before position %d is vouched for by the anchor\n", rep.Events, rep.FirstBadPosition)
	case rep.LastGoodPosition >= rep.FirstBadPosition:
		// A head row behind the log, or with another hash at its end.
		fmt.Fprintf(e.stdout, "the chain itself verifies over %d events to position %d, but the head row does not vouch for it from position %d on\n",
			rep.Events, rep.LastGoodPosition, rep.FirstBadPosition)
	case signed != nil && signed.Statement.Position > rep.HeadPosition:
		// The log ends before the anchored position: the events kept chain
		// together, but the anchor cannot tell whether they are the ones
		// it vouched for.
		fmt.Fprintf(e.stdout, "the chain verifies over %d events to position %d, but the anchor vouches only through position %d, which the log no longer reaches: none of them is confirmed\n",
			rep.Events, rep.LastGoodPosition, signed.Statement.Position)
	case signed != nil && signed.Statement.Position > rep.LastGoodPosition:
		// The chain breaks before the anchored position.
		fmt.Fprintf(e.stdout, "the chain verifies over %d events to position %d, but the anchor vouches through position %d, past the break: none of them is confirmed\n",
			rep.Events, rep.LastGoodPosition, signed.Statement.Position)
	default:
		fmt.Fprintf(e.stdout, "the %d events before it are intact; last good position %d, hash %s\n", rep.Events, rep.LastGoodPosition, rep.LastGoodHashHex())
	}
	if rep.HeadPosition > rep.LastGoodPosition {
		fmt.Fprintf(e.stdout, "head position %d; head hash %s (as stored; the chain is not verified past position %d)\n",
			rep.HeadPosition, rep.HeadHashHex(), rep.LastGoodPosition)
	} else {
		fmt.Fprintf(e.stdout, "head position %d; head hash %s (as stored)\n", rep.HeadPosition, rep.HeadHashHex())
	}
}

// verifyLog verifies the chain, against the anchor when there is one.
func verifyLog(ctx context.Context, st eventStore, a *anchor.Signed, progress func(done, total uint64)) (eventlog.VerifyReport, error) {
	if a == nil {
		return st.Verify(ctx, progress)
	}
	hash, err := a.Statement.Hash()
	if err != nil {
		return eventlog.VerifyReport{}, err
	}
	return st.VerifyAnchored(ctx, a.Statement.Position, hash, progress)
}

// openAuditStore loads the configuration and opens the event store
// without migrating anything.
func openAuditStore(ctx context.Context, e *env, cf *configFlags) (*database, error) {
	cfg, err := cf.load(e.getenv)
	if err != nil {
		return nil, err
	}
	db, err := connect(ctx, cfg, newLogger(cfg, e))
	if err != nil {
		return nil, err
	}
	if !usesESDB(cfg) {
		// Without it, the first query failed with the server's
		// "relation "event_head" does not exist".
		var migrated bool
		if err := db.pool.QueryRow(ctx, `SELECT to_regclass('event_head') IS NOT NULL`).Scan(&migrated); err != nil || !migrated {
			db.close(slog.LevelDebug)
			if err != nil {
				return nil, fmt.Errorf("check the schema of %s: %w", redactURL(cfg.DatabaseURL), err)
			}
			return nil, fmt.Errorf("the database %s holds no Kinerja event log: check DATABASE_URL, or run kinerja migrate first", redactURL(cfg.DatabaseURL))
		}
	}
	// Read-only: a schema newer than this binary (rolled back after a
	// migration) is worth a warning, not a refusal (openMigrated refuses).
	if err := migrations.Check(ctx, db.pool); errors.Is(err, migrations.ErrNewerSchema) {
		db.logger.Warn("database schema is newer than this binary; reading only", "error", err.Error())
	}
	if err := db.openStore(ctx, cfg); err != nil {
		db.close(slog.LevelDebug)
		return nil, err
	}
	return db, nil
}
