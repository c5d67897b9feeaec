package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kinerja/kinerja/adapters/csvimport"
	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/domain/actor"
)

// importActor is the actor CLI imports are recorded under: the system role,
// with an identifier naming the process.
func importActor() actor.Actor { return actor.Actor{NIP: "kinerja-import", Role: actor.System} }

// runImport imports master data from a CSV file through the use cases:
//
//	kinerja import --kind employees|units|reporting-lines [--format csv|xlsx] FILE
//
// The format defaults to xlsx for a FILE ending in .xlsx, csv otherwise; a
// CSV file may be delimited by ',' or ';'.
// Valid rows are appended as events; rejected rows are listed with their
// line number and reason, and make the command fail. Importing the same file
// again appends nothing.
func runImport(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	cf := bindConfig(fs)
	kind := fs.String("kind", "", "what the file holds: units, employees or reporting-lines")
	format := fs.String("format", "", "csv (',' or ';' delimited) or xlsx; default: xlsx for a .xlsx FILE, csv otherwise")
	if err := parseArgs(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	if fs.NArg() != 1 || *kind == "" {
		return &usageError{err: fmt.Errorf("import: want --kind KIND and one FILE, got %q", fs.Args())}
	}
	switch *kind {
	case csvimport.Units, csvimport.Employees, csvimport.ReportingLines:
	default:
		return &usageError{err: fmt.Errorf("import: --kind must be %s, %s or %s, got %q", csvimport.Units, csvimport.Employees, csvimport.ReportingLines, *kind)}
	}
	if *format == "" {
		*format = csvimport.FormatCSV
		if strings.EqualFold(filepath.Ext(fs.Arg(0)), ".xlsx") {
			*format = csvimport.FormatXLSX
		}
	}
	if *format != csvimport.FormatCSV && *format != csvimport.FormatXLSX {
		return &usageError{err: fmt.Errorf("import: --format must be csv or xlsx, got %q", *format)}
	}
	cfg, err := cf.load(e.getenv)
	if err != nil {
		return err
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	logger := newLogger(cfg, e)
	db, err := openMigrated(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer db.close(slog.LevelDebug)
	rep, err := importFile(ctx, db, *kind, *format, f, e.stderr)
	var interrupted *csvimport.InterruptedError
	if errors.As(err, &interrupted) {
		// Say what the rows done came to, then why the rest were not.
		_ = printReport(e.stdout, fs.Arg(0), rep, interrupted.Done)
		return err
	}
	if err != nil {
		return err
	}
	return printReport(e.stdout, fs.Arg(0), rep, rep.Rows)
}

// importFile runs one import, drawing progress on w; the progress line is
// ended when it returns, so that what is printed next has a line of its own.
func importFile(ctx context.Context, db *database, kind, format string, in io.Reader, w io.Writer) (csvimport.Report, error) {
	svc, err := newService(db, time.Now)
	if err != nil {
		return csvimport.Report{}, err
	}
	im, err := csvimport.New(csvimport.Config{Service: svc, Now: time.Now, RowFault: httpapi.RowFault})
	if err != nil {
		return csvimport.Report{}, err
	}
	line := newProgressLine(w, 200*time.Millisecond)
	defer line.done()
	progress := func(done, total int) { line.set("import %s: %d/%d rows", kind, done, total) }
	return im.Import(ctx, csvimport.Request{Kind: kind, CSV: in, Format: format, By: importActor(),
		Client: "kinerja import", Progress: progress})
}

// printReport prints the outcome of the first done rows and fails when
// rows were rejected; done is less than the file's rows when the import
// was interrupted.
func printReport(w io.Writer, file string, rep csvimport.Report, done int) error {
	if done < rep.Rows {
		fmt.Fprintf(w, "%s: %d of %d rows done before the interruption: %d appended, %d already imported, %d rejected\n",
			file, done, rep.Rows, rep.Accepted, rep.Unchanged, len(rep.Rejected))
	} else {
		fmt.Fprintf(w, "%s: %d rows: %d appended, %d already imported, %d rejected\n",
			file, rep.Rows, rep.Accepted, rep.Unchanged, len(rep.Rejected))
	}
	for _, r := range rep.Rejected {
		fmt.Fprintf(w, "%s:%d: %s\n", file, r.Line, r.Message)
	}
	if len(rep.Rejected) > 0 {
		return fmt.Errorf("import: %d of %d rows rejected", len(rep.Rejected), rep.Rows)
	}
	return nil
}
