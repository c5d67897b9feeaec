package httpapi

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/command"
	"golang.org/x/text/unicode/norm"
)

// The kinds of master data a CSV import carries.
const (
	ImportUnits          = "units"
	ImportEmployees      = "employees"
	ImportReportingLines = "reporting-lines"
)

// ImportReport says what an import did: how many rows it read, how many it
// appended as new events, how many were imported before (and so appended
// nothing), and each rejected row with its line number and reason.
type ImportReport struct {
	Kind      string        `json:"kind"`
	Rows      int           `json:"rows"`
	Accepted  int           `json:"accepted"`
	Unchanged int           `json:"unchanged"`
	Rejected  []RejectedRow `json:"rejected"`
}

// RejectedRow is a row the import did not append.
type RejectedRow struct {
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

// ImportRequest is one CSV import.
type ImportRequest struct {
	// Kind is ImportUnits, ImportEmployees or ImportReportingLines.
	Kind string
	// CSV is the file: a header row naming the columns, then one row per record.
	CSV io.Reader
	// By is the actor the events are recorded under.
	By actor.Actor
	// Instansi, when set, is the only instansi rows may belong to.
	Instansi string
	// Client and RequestID go into the events' metadata.
	Client, RequestID string
	// Progress, when set, is called after each row with the rows done and the total.
	Progress func(done, total int)
}

// Importer appends master data from CSV files through the Service, row by
// row. Each row's events carry an idempotency key derived from the kind and
// the row's content, so importing the same file again appends nothing.
type Importer struct {
	svc *command.Service
	now func() time.Time
}

// NewImporter returns an Importer over svc; now is the clock of the events.
func NewImporter(svc *command.Service, now func() time.Time) *Importer {
	if now == nil {
		now = time.Now
	}
	return &Importer{svc: svc, now: now}
}

// rowFunc validates one row (its cells by column name) and appends it.
type rowFunc func(ctx context.Context, m command.Meta, scope string, row map[string]string) (command.Result, error)

// Import reads the CSV and appends every valid row. A file that cannot be
// read as CSV with the kind's header is an error (a *requestError); bad rows
// are reported, not errors. A failure of the store stops the import.
func (im *Importer) Import(ctx context.Context, req ImportRequest) (ImportReport, error) {
	columns, do, err := im.kind(req.Kind)
	if err != nil {
		return ImportReport{}, err
	}
	header, records, err := readCSV(req.CSV, columns)
	if err != nil {
		return ImportReport{}, err
	}
	rep := ImportReport{Kind: req.Kind, Rows: len(records), Rejected: []RejectedRow{}}
	for i, rec := range records {
		if err := im.row(ctx, req, do, header, rec, &rep); err != nil {
			return rep, err
		}
		if req.Progress != nil {
			req.Progress(i+1, len(records))
		}
	}
	return rep, nil
}

// row validates and appends one record, counting it in rep. Only a failure
// of the system is returned; a bad row is reported.
func (im *Importer) row(ctx context.Context, req ImportRequest, do rowFunc, header []string, rec record, rep *ImportReport) error {
	if len(rec.cells) != len(header) {
		rep.Rejected = append(rep.Rejected, RejectedRow{Line: rec.line,
			Reason: fmt.Sprintf("the row has %d cells; the header names %d columns", len(rec.cells), len(header))})
		return nil
	}
	row := map[string]string{}
	for j, name := range header {
		row[name] = strings.TrimSpace(rec.cells[j])
	}
	m := command.Meta{Actor: req.By, At: im.now(), RequestID: req.RequestID, Client: req.Client,
		IdempotencyKey: rowKey(req.Kind, header, rec.cells)}
	res, err := do(ctx, m, req.Instansi, row)
	switch {
	case err == nil && res.Replayed:
		rep.Unchanged++
	case err == nil:
		rep.Accepted++
	case rowError(err):
		rep.Rejected = append(rep.Rejected, RejectedRow{Line: rec.line, Reason: err.Error()})
	default:
		return fmt.Errorf("import %s line %d: %w", req.Kind, rec.line, err)
	}
	return nil
}

// kind returns the columns and the row function of an import kind.
func (im *Importer) kind(kind string) ([]string, rowFunc, error) {
	switch kind {
	case ImportUnits:
		return unitColumns(), im.unitRow, nil
	case ImportEmployees:
		return employeeColumns(), im.employeeRow, nil
	case ImportReportingLines:
		return lineColumns(), im.lineRow, nil
	}
	return nil, nil, newRequestError(TypeNotFound, fmt.Sprintf("Unknown import kind %q: use %s, %s or %s.",
		kind, ImportUnits, ImportEmployees, ImportReportingLines))
}

// record is one CSV row and the line it starts on.
type record struct {
	line  int
	cells []string
}

// readCSV reads the header, which must name exactly the columns (in any
// order), and the rows.
func readCSV(in io.Reader, columns []string) ([]string, []record, error) {
	cr := csv.NewReader(norm.NFC.Reader(in))
	cr.FieldsPerRecord = -1 // a row with the wrong number of cells is rejected, not the file.
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, newRequestError(TypeMalformed, "The file is empty; the first row names the columns: "+strings.Join(columns, ","))
	}
	if err != nil || !sameColumns(header, columns) {
		return nil, nil, newRequestError(TypeMalformed, "The first row must name the columns "+strings.Join(columns, ",")+" (in any order).")
	}
	for i := range header {
		header[i] = strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff"))
	}
	var out []record
	for {
		cells, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return header, out, nil
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, nil, jsonProblem(err)
		}
		if err != nil {
			return nil, nil, newRequestError(TypeMalformed, "The file is not valid CSV: "+err.Error())
		}
		line, _ := cr.FieldPos(0)
		out = append(out, record{line: line, cells: cells})
	}
}

// sameColumns reports whether header names exactly the columns.
func sameColumns(header, columns []string) bool {
	if len(header) != len(columns) {
		return false
	}
	for _, h := range header {
		if !slices.Contains(columns, strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))) {
			return false
		}
	}
	return true
}

// rowKey is the idempotency key of a row: a hash of the kind and the row's
// cells by column name, so that column order and spacing do not matter.
func rowKey(kind string, header, cells []string) string {
	pairs := make([]string, len(header))
	for i, h := range header {
		pairs[i] = h + "=" + strings.TrimSpace(cells[i])
	}
	slices.Sort(pairs)
	sum := sha256.Sum256([]byte(kind + "\x00" + strings.Join(pairs, "\x00")))
	return "import/" + kind + "/" + hex.EncodeToString(sum[:16])
}

// rowError reports whether err is the row's fault (a 4xx problem) rather
// than the system's.
func rowError(err error) bool { return problemFor(err).Status < 500 }
