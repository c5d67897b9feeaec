package httpapi

import (
	"context"
	"encoding/csv"
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// listing is what a list endpoint found: a JSON body, and the same rows as
// a CSV table for clients that send Accept: text/csv.
type listing struct {
	// body is the JSON response.
	body any
	// table returns the CSV header row followed by one row per item.
	table func() [][]string
	// filename names a CSV download, without ".csv".
	filename string
	// etag, when set, is sent as the ETag header.
	etag string
	// nextAfter, when set, is the cursor of the next page; it is also sent
	// as the X-Next-After header, so that CSV clients can page too.
	nextAfter *uint64
	// header holds more response headers, sent with JSON and CSV alike.
	header http.Header
}

// listFunc is the part of a list handler that authorizes and loads.
type listFunc func(ctx context.Context, c *call) (listing, error)

// listHandler serves a list as JSON, or as CSV when the client prefers
// text/csv (see wantsCSV).
func (s *Server) listHandler(f listFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c, err := s.begin(w, r)
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		l, err := f(r.Context(), c)
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
		if wantsCSV(r.Header.Get("Accept")) {
			writeCSV(w, l.filename, l.table())
			return
		}
		writeJSON(w, http.StatusOK, l.body)
	}
}

// wantsCSV reports whether an Accept header prefers text/csv to
// application/json. The quality of JSON is that of the most specific range
// that matches it (application/json, application/*, */*); text/csv must be
// named. A tie goes to CSV unless JSON is named too. Without a preference
// (no header, */*) the answer is JSON.
func wantsCSV(accept string) bool {
	var qCSV, qJSON float64
	jsonSpecificity := 0 // 0 unmatched, 1 */*, 2 application/*, 3 application/json
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		spec := map[string]int{"*/*": 1, "application/*": 2, "application/json": 3}[mt]
		switch {
		case mt == "text/csv":
			qCSV = max(qCSV, q)
		case spec > jsonSpecificity:
			qJSON, jsonSpecificity = q, spec
		case spec > 0 && spec == jsonSpecificity:
			qJSON = max(qJSON, q)
		}
	}
	return qCSV > 0 && (qCSV > qJSON || (qCSV == qJSON && jsonSpecificity < 3))
}

// writeCSV writes rows as an RFC 4180 CSV attachment. Cells that a
// spreadsheet would run as a formula are defused (see csvSafe).
func writeCSV(w http.ResponseWriter, filename string, rows [][]string) {
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", `attachment; filename="`+filename+`.csv"`)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
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
