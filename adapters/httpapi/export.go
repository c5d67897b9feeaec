package httpapi

import (
	"mime"
	"net/http"
	"strconv"
	"strings"
)

// cellKind tells the XLSX writer how to type a cell; CSV writes every cell
// as text.
type cellKind int

const (
	// cellText is kept as text: NIPs (18 digits), ids, codes, free text.
	cellText cellKind = iota
	// cellNumber is an integer or decimal; an empty cell stays empty.
	cellNumber
	// cellDate is a calendar date written as YYYY-MM-DD.
	cellDate
	// cellTime is an instant written in RFC 3339.
	cellTime
	// cellBool is true or false.
	cellBool
)

// exportColumn is one column of an export: key is the CSV header (stable, for
// programs), label the XLSX header (Indonesian, for people).
type exportColumn struct {
	key   string
	label string
	kind  cellKind
}

// table is an export: columns and rows of cells in column order.
type table struct {
	cols []exportColumn
	rows [][]string
}

// csvRows returns the CSV header followed by the rows.
func (t table) csvRows() [][]string {
	header := make([]string, len(t.cols))
	for i, c := range t.cols {
		header[i] = c.key
	}
	return append([][]string{header}, t.rows...)
}

// The formats a list endpoint answers in.
const (
	formatJSON = "json"
	formatCSV  = "csv"
	formatXLSX = "xlsx"
)

// xlsxType is the media type of an XLSX workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// formatOf picks a list's format: the format query parameter (json, csv,
// xlsx) when given, so that a plain browser link can download a file,
// otherwise the Accept header (see acceptedFormat). It returns the request
// without the parameter, so that handlers that reject unknown parameters
// never see it.
func formatOf(r *http.Request) (string, *http.Request, error) {
	q := r.URL.Query()
	vs, ok := q["format"]
	if !ok {
		return acceptedFormat(r.Header.Get("Accept")), r, nil
	}
	if len(vs) != 1 || (vs[0] != formatJSON && vs[0] != formatCSV && vs[0] != formatXLSX) {
		return "", r, newRequestError(TypeValidation, "The format parameter must be given once, as json, csv or xlsx.",
			FieldError{Field: "format", Message: "use json, csv or xlsx"})
	}
	q.Del("format")
	r = r.Clone(r.Context())
	r.URL.RawQuery = q.Encode()
	return vs[0], r, nil
}

// acceptedFormat reads an Accept header. The quality of JSON is that of the
// most specific range that matches it (application/json, application/*,
// */*); text/csv and the XLSX type must be named. A tie between a file
// format and JSON goes to the file unless JSON is named too; a tie between
// CSV and XLSX goes to CSV. Without a preference (no header, */*) the
// answer is JSON.
func acceptedFormat(accept string) string {
	var qCSV, qXLSX, qJSON float64
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
		case mt == xlsxType:
			qXLSX = max(qXLSX, q)
		case spec > jsonSpecificity:
			qJSON, jsonSpecificity = q, spec
		case spec > 0 && spec == jsonSpecificity:
			qJSON = max(qJSON, q)
		}
	}
	format, qFile := formatCSV, qCSV
	if qXLSX > qCSV {
		format, qFile = formatXLSX, qXLSX
	}
	if qFile > 0 && (qFile > qJSON || (qFile == qJSON && jsonSpecificity < 3)) {
		return format
	}
	return formatJSON
}

// wantsCSV reports whether an Accept header prefers text/csv to
// application/json and to XLSX.
func wantsCSV(accept string) bool { return acceptedFormat(accept) == formatCSV }

// attachment sets the headers of a file download named filename.
func attachment(h http.Header, contentType, filename string) {
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
}

// safeFilename keeps letters, digits, dots, dashes and underscores of a
// name built from request values.
func safeFilename(name string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && (r == '.' || r == '-' || r == '_' || ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9')) {
			return r
		}
		return '_'
	}, name)
}
