package httpapi

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"time"

	"github.com/gorilla/mux"
	"github.com/kinerja/kinerja/adapters/csvimport"
)

// Importer appends master data from a CSV file (see package csvimport).
type Importer interface {
	Import(ctx context.Context, req csvimport.Request) (csvimport.Report, error)
}

// ImportReport is the answer to an import: how many rows it read, how many
// it appended as new events, how many were imported before (and so appended
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
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

// importReportOf is the view of an import's report.
func importReportOf(rep csvimport.Report) ImportReport {
	out := ImportReport{Kind: rep.Kind, Rows: rep.Rows, Accepted: rep.Accepted, Unchanged: rep.Unchanged,
		Rejected: make([]RejectedRow, len(rep.Rejected))}
	for i, r := range rep.Rejected {
		out.Rejected[i] = RejectedRow{Line: r.Line, Field: r.Field, Reason: r.Message}
	}
	return out
}

// importProblem maps an import's error: an unknown kind is 404, a file
// that is not CSV with the kind's header 400, a body too large 413, one
// that could not be read to the end 400.
func importProblem(err error) error {
	var fe *csvimport.FileError
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &fe) && errors.Is(err, csvimport.ErrUnknownKind):
		return newRequestError(TypeNotFound, fe.Message)
	case errors.As(err, &fe):
		return newRequestError(TypeMalformed, fe.Message)
	case errors.As(err, &mbe):
		return jsonProblem(mbe)
	case errors.Is(err, csvimport.ErrUnreadable):
		return bodyReadProblem(err)
	}
	return err
}

// RowFault reports whether an error of the command Service is the caller's
// fault (its problem is a 4xx) rather than the system's: the test a CSV
// import uses to reject a row and go on.
func RowFault(err error) bool { return problemFor(err).Status < 500 }

// MaxImportBytes caps the body of a CSV import.
const MaxImportBytes = 32 << 20

// importDeadline bounds reading and answering one CSV import.
const importDeadline = 30 * time.Minute

// importHandler serves POST /v1/import/{kind}: HR or an admin uploads a CSV
// file (text/csv) of units, employees or reporting lines of their own
// instansi. The answer is the import report: 200 even when rows were
// rejected, since the valid rows were appended.
func (s *Server) importHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := headersOnce(r, "Authorization", IdempotencyKeyHeader); err != nil {
			s.writeError(w, r, err)
			return
		}
		if err := noQuery(r); err != nil {
			s.writeError(w, r, err)
			return
		}
		if r.Header.Get("If-Match") != "" {
			// It was ignored: the rows were imported whatever it said.
			s.writeError(w, r, newRequestError(TypeValidation, "An import has no single version to match: send it without If-Match.",
				FieldError{Field: "If-Match", Message: "not taken by an import"}))
			return
		}
		p, err := s.authenticate(r.Context(), r.Header.Get("Authorization"))
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		noteCaller(r.Context(), p)
		by, err := asMasterData(p, p.Instansi)
		format := csvimport.FormatCSV
		if err == nil {
			format, err = importFormatOf(r)
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		// A large file takes longer than the server's usual deadlines allow.
		rc := http.NewResponseController(w)
		_ = rc.SetReadDeadline(time.Now().Add(importDeadline))
		_ = rc.SetWriteDeadline(time.Now().Add(importDeadline))
		rep, err := s.api.Importer.Import(r.Context(), csvimport.Request{Kind: mux.Vars(r)["kind"],
			CSV: http.MaxBytesReader(w, r.Body, MaxImportBytes), Format: format, By: by, Instansi: p.Instansi,
			Client: clientOf(r), RequestID: RequestID(r.Context())})
		if err != nil {
			s.writeError(w, r, importProblem(err))
			return
		}
		s.logRowFailures(r, rep)
		s.writeJSON(w, r, http.StatusOK, importReportOf(rep))
	})
}

// importFormatOf reads the format of an import from its Content-Type:
// text/csv (delimited by ',' or ';', in UTF-8) or an XLSX workbook, sent
// without a content coding.
func importFormatOf(r *http.Request) (string, error) {
	if err := requireIdentityEncoding(r); err != nil {
		return "", err
	}
	ct := r.Header.Get("Content-Type")
	mt, params, err := mime.ParseMediaType(ct)
	switch {
	case err == nil && mt == xlsxType:
		return csvimport.FormatXLSX, nil
	case err == nil && mt == "text/csv":
		return csvimport.FormatCSV, mediaCharset(mt, params)
	}
	return "", newRequestError(TypeUnsupportedMediaType, fmt.Sprintf("Send the file as text/csv or %s (got Content-Type %q).", xlsxType, ct),
		FieldError{Field: "Content-Type", Message: "must be text/csv or " + xlsxType})
}

// logRowFailures logs the rows of an import that failed for a reason of the
// system, whose causes the report does not show.
func (s *Server) logRowFailures(r *http.Request, rep csvimport.Report) {
	for _, rj := range rep.Rejected {
		if rj.Cause != nil {
			s.deps.Logger.ErrorContext(r.Context(), "import row failed", "error", rj.Cause.Error(),
				"request_id", RequestID(r.Context()))
		}
	}
}
