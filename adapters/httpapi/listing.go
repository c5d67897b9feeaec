package httpapi

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// listing is what a list endpoint found: a JSON body, and the same rows as
// a table for clients that ask for CSV or XLSX (see formatOf).
type listing struct {
	// body is the JSON response.
	body any
	// table returns the rows as an export (CSV or XLSX); its columns are
	// defined in export_columns.go.
	table func() table
	// filename names a download, without ".csv" or ".xlsx".
	filename string
	// etag, when set, is sent as the ETag header.
	etag string
	// nextAfter, when set, is the cursor of the next page; it is also sent
	// as the X-Next-After header, so that CSV clients can page too.
	nextAfter *uint64
	// header holds more response headers, sent with JSON and CSV alike.
	header http.Header
	// total, when set, is the number of rows of the whole list, which pages
	// by limit and offset (at most pageMax a page): a download that names
	// neither holds the whole list (see wholeList).
	total, pageMax int
}

// MaxDownloadRows bounds a download of a whole list.
const MaxDownloadRows = 200000

// listFunc is the part of a list handler that authorizes and loads.
type listFunc func(ctx context.Context, c *call) (listing, error)

// listHandler serves a list as JSON, CSV or XLSX (see formatOf).
func (s *Server) listHandler(f listFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		explicit := r.URL.Query().Has("format")
		format, r, err := formatOf(r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		c, err := s.begin(w, r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		l, err := f(r.Context(), c)
		if err == nil && l.table == nil && format != formatJSON {
			// A resource without a table form (the cascade is a tree) is
			// JSON only: an explicit format is an error, an Accept header a
			// preference it cannot meet, answered with JSON.
			if explicit {
				err = newRequestError(TypeValidation, "This resource is served as JSON only.",
					FieldError{Field: "format", Message: "use json, or leave it out"})
			}
			format = formatJSON
		}
		if err == nil && format != formatJSON {
			// A download reads, holds and renders up to MaxDownloadRows
			// rows: a caller runs at most MaxDownloadsPerSubject at once.
			// The slot is taken once the request is known to be a download
			// the caller may have (its first page read), and held until the
			// file is sent.
			var release func()
			if release, err = s.downloads.acquire(c.p.NIP); err == nil {
				defer release()
			}
		}
		if err == nil && format != formatJSON && l.total > 0 {
			l, err = s.wholeList(r.Context(), c, f, l)
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		h := w.Header()
		h.Set("Vary", "Accept")
		if l.etag != "" {
			h.Set("ETag", l.etag)
		}
		if l.nextAfter != nil {
			h.Set("X-Next-After", strconv.FormatUint(*l.nextAfter, 10))
		}
		for k, v := range l.header {
			h[k] = v
		}
		switch format {
		case formatCSV:
			writeCSV(w, l.filename, l.table().csvRows())
		case formatXLSX:
			s.writeXLSX(w, r, l.filename, l.table())
		default:
			s.writeJSON(w, r, http.StatusOK, l.body)
		}
	}
}

// utf8BOM starts every CSV download, so that Excel reads it as UTF-8.
const utf8BOM = "\uFEFF"

// writeCSV writes rows as an RFC 4180 CSV attachment that starts with a
// UTF-8 byte order mark. Cells that a spreadsheet would run as a formula
// are defused (see csvSafe).
func writeCSV(w http.ResponseWriter, filename string, rows [][]string) {
	attachment(w.Header(), "text/csv; charset=utf-8", safeFilename(filename)+".csv")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, utf8BOM)
	cw := csv.NewWriter(w)
	for _, row := range rows {
		for i, cell := range row {
			row[i] = csvSafe(cell)
		}
		_ = cw.Write(row) // the status is sent; a broken connection is all that can fail.
	}
	cw.Flush()
}

// csvSafe prefixes a cell that starts like a spreadsheet formula (=, +, -,
// @, tab, carriage return) with an apostrophe, so that free text such as a
// reason cannot run as a formula when HR opens the export (CSV injection).
// Negative numbers are left alone.
func csvSafe(cell string) string {
	if cell == "" || !strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return cell
	}
	if _, err := strconv.ParseFloat(cell, 64); err == nil {
		return cell
	}
	return "'" + cell
}

// writeXLSX writes a table as an XLSX attachment (see renderXLSX), its
// instants in the zone of the caller's instansi, as zoned does for JSON
// and CSV (a workbook passes through zoned untouched).
func (s *Server) writeXLSX(w http.ResponseWriter, r *http.Request, filename string, t table) {
	body, err := renderXLSX(t, s.zoneOf(r.Context()))
	if err != nil {
		s.writeError(w, r, fmt.Errorf("export %s: %w", filename, err))
		return
	}
	attachment(w.Header(), xlsxType, safeFilename(filename)+".xlsx")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

// wholeList makes a download of a paged list (CSV, XLSX) hold all of it
// when the request names no limit and no offset: the later pages are read
// by offset and their rows appended to the first page's. A list that
// changes meanwhile may repeat or miss a row at a page boundary. A list of
// more than MaxDownloadRows is refused with how to narrow it, rather than
// cut short where no one would notice.
func (s *Server) wholeList(ctx context.Context, c *call, f listFunc, l listing) (listing, error) {
	q := c.r.URL.Query()
	if q.Has("limit") || q.Has("offset") {
		return l, nil
	}
	if l.total > MaxDownloadRows {
		return l, newRequestError(TypeValidation, fmt.Sprintf("The list has %d rows; a download holds at most %d. Filter it (by unit or year), or page it with limit and offset.", l.total, MaxDownloadRows),
			FieldError{Field: "limit", Message: "give limit and offset to download a page"})
	}
	tab := l.table()
	for len(tab.rows) < l.total {
		q.Set("limit", strconv.Itoa(l.pageMax))
		q.Set("offset", strconv.Itoa(len(tab.rows)))
		next := *c
		next.r = c.r.Clone(ctx)
		next.r.URL.RawQuery = q.Encode()
		page, err := f(ctx, &next)
		if err != nil {
			return l, err
		}
		rows := page.table().rows
		if len(rows) == 0 {
			break // the list shrank meanwhile
		}
		tab.rows = append(tab.rows, rows...)
	}
	l.table = func() table { return tab }
	return l, nil
}
