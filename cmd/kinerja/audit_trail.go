package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/eventlog"
	nipcode "github.com/kinerja/kinerja/domain/nip"
	"github.com/kinerja/kinerja/domain/skp"
)

// runAuditTrail prints the score trail of one employee's SKP for a year, as
// of now or of --as-of (a global position, an RFC 3339 time, or a date:
// the end of that day in Asia/Jakarta, as replay's --until): every
// rating event with the ratings before and after, the actor, the reason and
// its position and hash, one JSON object per line.
func runAuditTrail(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("audit trail", flag.ContinueOnError)
	cf := bindConfig(fs)
	nip := fs.String("nip", "", "the employee's NIP")
	year := fs.Int("year", 0, "the year of the SKP")
	asOfFlag := fs.String("as-of", "", "a global position, an RFC 3339 time, or a date such as 2025-03-31 (the end of that day in Asia/Jakarta) (default: now)")
	if err := parseFlags(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	if *nip == "" || *year == 0 {
		return &usageError{err: errors.New("audit trail: --nip and --year are required")}
	}
	// As an SKP's own year (skp.Draft): -5 or 25 is a mistyped argument,
	// not an SKP missing from the log.
	if *year < 2000 || *year > 9999 {
		return &usageError{err: fmt.Errorf("audit trail: --year %d: an SKP's year is from 2000 to 9999", *year)}
	}
	// A mistyped NIP would read as an employee without rating events.
	if _, err := nipcode.Parse(*nip); err != nil {
		if _, perr := nipcode.ParsePPPK(*nip); perr != nil {
			return &usageError{err: fmt.Errorf("audit trail: --nip %q is neither a valid NIP nor a valid NI PPPK: %w", *nip, err)}
		}
	}
	var asOf eventlog.AsOf
	if *asOfFlag != "" {
		// A date reads as replay's --until does (it was refused here).
		a, err := eventlog.ParseUntil(*asOfFlag, civil.DefaultZone())
		if err != nil {
			return &usageError{err: fmt.Errorf("audit trail: %w", err)}
		}
		asOf = a
	}
	db, err := openAuditStore(ctx, e, cf)
	if err != nil {
		return err
	}
	defer db.close(slog.LevelDebug)
	evs, err := db.store.ReadStreamAsOf(ctx, skp.Stream(*nip, *year), asOf)
	if err != nil {
		return fmt.Errorf("audit trail: %w", err)
	}
	if len(evs) == 0 {
		return fmt.Errorf("audit trail: no SKP of %s for %d in the log (as of %s)", *nip, *year, asOf)
	}
	trail, err := skp.ScoreTrail(evs)
	if err != nil {
		return fmt.Errorf("audit trail: %w", err)
	}
	enc := json.NewEncoder(e.stdout)
	for _, c := range trail {
		if err := enc.Encode(c); err != nil {
			return fmt.Errorf("audit trail: %w", err)
		}
	}
	fmt.Fprintf(e.stderr, "%d rating events in %s as of %s\n", len(trail), skp.Stream(*nip, *year), asOf)
	return nil
}
