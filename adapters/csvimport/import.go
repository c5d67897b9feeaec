// Package csvimport appends master data (units, employees, reporting lines)
// from CSV files through the command Service, row by row. It is used by the
// HTTP API and by the kinerja import command; its errors say which file or
// row was at fault and know nothing of HTTP.
package csvimport

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/text"
)

// The kinds of master data a CSV import carries.
const (
	Units          = "units"
	Employees      = "employees"
	ReportingLines = "reporting-lines"
)

// Report says what an import did: how many rows it read, how many it
// appended as new events, how many were imported before (and so appended
// nothing), and each rejected row with its line number and reason.
type Report struct {
	Kind      string
	Rows      int
	Accepted  int
	Unchanged int
	Rejected  []RowError
}

// Request is one CSV import.
type Request struct {
	// Kind is Units, Employees or ReportingLines.
	Kind string
	// CSV is the file: a header row naming the columns, then one row per
	// record; CSV delimited by ',' or ';', or a workbook (see Format).
	CSV io.Reader
	// Format is FormatCSV (the default when empty) or FormatXLSX.
	Format string
	// By is the actor the events are recorded under.
	By actor.Actor
	// Instansi, when set, is the only instansi rows may belong to.
	Instansi string
	// Client and RequestID go into the events' metadata.
	Client, RequestID string
	// Progress, when set, is called after each row with the rows done and the total.
	Progress func(done, total int)
}

// Config configures an Importer.
type Config struct {
	// Service appends the rows' events and loads units and employees.
	Service *command.Service
	// Now is the clock of the events. Default: time.Now.
	Now func() time.Time
	// RowFault reports whether an error of the Service is the row's fault
	// (a broken rule, bad input), so that the row is rejected and the
	// import goes on, rather than a failure of the system, which stops it.
	RowFault func(error) bool
}

// Importer appends master data from CSV files through the Service, row by
// row. Each row's events carry an idempotency key derived from the kind and
// the row's content, so importing the same file again appends nothing.
type Importer struct {
	svc      *command.Service
	now      func() time.Time
	rowFault func(error) bool
}

// New returns an Importer for cfg.
func New(cfg Config) (*Importer, error) {
	switch {
	case cfg.Service == nil:
		return nil, errors.New("csvimport: Config.Service is nil")
	case cfg.RowFault == nil:
		return nil, errors.New("csvimport: Config.RowFault is nil")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Importer{svc: cfg.Service, now: cfg.Now, rowFault: cfg.RowFault}, nil
}

// rowFunc validates one row (its cells by column name) and appends it.
type rowFunc func(ctx context.Context, m command.Meta, scope string, row map[string]string) (command.Result, error)

// Import reads the CSV and appends every valid row. A file that cannot be
// read as CSV with the kind's header is an error (a *FileError, or the
// reader's error wrapped); bad rows are reported, not errors. A row the
// store failed to append is reported too, with its Cause, and the import
// goes on: the report always says which rows were appended.
func (im *Importer) Import(ctx context.Context, req Request) (Report, error) {
	columns, do, err := im.kind(req.Kind)
	if err != nil {
		return Report{}, err
	}
	var header []string
	var records []record
	switch req.Format {
	case "", FormatCSV:
		header, records, err = readCSV(req.CSV, columns)
	case FormatXLSX:
		header, records, err = readXLSX(req.CSV, columns)
	default:
		err = &FileError{Kind: ErrBadFile, Message: fmt.Sprintf("Unknown file format %q: use %s or %s.", req.Format, FormatCSV, FormatXLSX)}
	}
	if err != nil {
		return Report{}, err
	}
	rep := Report{Kind: req.Kind, Rows: len(records), Rejected: []RowError{}}
	for i, rec := range records {
		if !im.row(ctx, req, do, header, rec, &rep) {
			return rep, &InterruptedError{Done: i, Rows: len(records), Err: ctx.Err()}
		}
		if req.Progress != nil {
			req.Progress(i+1, len(records))
		}
	}
	return rep, nil
}

// InterruptedError is returned, with the report of the rows done, by an
// import whose context ended before its last row: the rows not done are
// neither appended nor rejected, and importing the file again resumes
// (rows already imported are recognised and append nothing).
type InterruptedError struct {
	// Done rows were decided, of Rows.
	Done, Rows int
	Err        error
}

func (e *InterruptedError) Error() string {
	return fmt.Sprintf("import interrupted after %d of %d rows (%v); import the file again to resume: rows already imported append nothing", e.Done, e.Rows, e.Err)
}

func (e *InterruptedError) Unwrap() error { return e.Err }

// row validates and appends one record, counting it in rep: appended,
// unchanged, or rejected as a bad row or a failure of the system. It
// reports false, counting nothing, when ctx ended before the row was
// decided: whatever the row failed on then is no fault of the row.
func (im *Importer) row(ctx context.Context, req Request, do rowFunc, header []string, rec record, rep *Report) bool {
	if ctx.Err() != nil {
		return false
	}
	if len(rec.cells) != len(header) {
		rep.Rejected = append(rep.Rejected, RowError{Line: rec.line,
			Message: fmt.Sprintf("the row has %d cells; the header names %d columns", len(rec.cells), len(header))})
		return true
	}
	row := map[string]string{}
	for j, name := range header {
		row[name] = strings.TrimSpace(rec.cells[j])
	}
	m := command.Meta{Actor: req.By, At: im.now(), RequestID: req.RequestID, Client: req.Client,
		IdempotencyKey: rowKey(req.Kind, header, rec.cells)}
	res, err := do(ctx, m, req.Instansi, row)
	if err != nil && ctx.Err() != nil {
		return false
	}
	var re *RowError
	switch {
	case err == nil && res.Replayed:
		rep.Unchanged++
	case err == nil:
		rep.Accepted++
	case errors.As(err, &re):
		rep.Rejected = append(rep.Rejected, RowError{Line: rec.line, Field: re.Field, Message: text.Clip(re.Message, maxReason)})
	case im.rowFault(err):
		rep.Rejected = append(rep.Rejected, RowError{Line: rec.line, Message: text.Clip(err.Error(), maxReason)})
	default:
		rep.Rejected = append(rep.Rejected, RowError{Line: rec.line, Message: msgSystemFailure,
			Cause: fmt.Errorf("import %s line %d: %w", req.Kind, rec.line, err)})
	}
	return true
}

// maxReason bounds a rejected row's reason: it may quote the value
// refused, and 60 KB cells made an 18 MB report of an 18 MB file.
const maxReason = 500

// kind returns the columns and the row function of an import kind.
func (im *Importer) kind(kind string) ([]string, rowFunc, error) {
	switch kind {
	case Units:
		return unitColumns(), im.unitRow, nil
	case Employees:
		return employeeColumns(), im.employeeRow, nil
	case ReportingLines:
		return lineColumns(), im.lineRow, nil
	}
	return nil, nil, &FileError{Kind: ErrUnknownKind, Message: fmt.Sprintf("Unknown import kind %q: use %s, %s or %s.",
		kind, Units, Employees, ReportingLines)}
}
