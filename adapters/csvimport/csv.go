package csvimport

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kinerja/kinerja/domain/text"
	"golang.org/x/text/unicode/norm"
)

// record is one CSV row and the line it starts on.
type record struct {
	line  int
	cells []string
}

// readCSV reads the header, which must name exactly the columns (in any
// order), and the rows. The delimiter is ',' or ';' (what Excel writes in
// an Indonesian locale), whichever makes the first row name the columns. A
// file that is not CSV is a *FileError; a failure of the reader itself is
// returned wrapped.
func readCSV(in io.Reader, columns []string) ([]string, []record, error) {
	header, out, err := readCSVRows(in, columns)
	if errors.Is(err, errLineTooLong) {
		return nil, nil, badFile(fmt.Sprintf("A line is longer than %d KiB; a row of the template is far shorter. Is the file CSV?", MaxLineBytes>>10))
	}
	return header, out, err
}

// The bounds of an import file beyond its size: a line of CSV, the cells of
// a row of a workbook, the rows. A file within the upload limit could
// otherwise take gigabytes to hold (16 MiB of commas is 16 million cells;
// a workbook row with one cell in its last column is 16,384 cells).
const (
	MaxLineBytes = 64 << 10
	MaxCells     = 64
	MaxRows      = 500000
)

var errLineTooLong = errors.New("line too long")

// lineLimiter fails a read once a line runs past MaxLineBytes.
type lineLimiter struct {
	r    io.Reader
	line int // bytes since the last newline
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, b := range p[:n] {
		if b == '\n' {
			l.line = 0
			continue
		}
		if l.line++; l.line > MaxLineBytes {
			return 0, errLineTooLong
		}
	}
	return n, err
}

func tooManyRows() error {
	return badFile(fmt.Sprintf("The file has more than %d rows; split it.", MaxRows))
}

func readCSVRows(in io.Reader, columns []string) ([]string, []record, error) {
	br := bufio.NewReader(&lineLimiter{r: norm.NFC.Reader(in)})
	first, err := br.ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, nil, fmt.Errorf("csvimport: %w: %w", ErrUnreadable, err)
	}
	if strings.TrimSpace(strings.TrimPrefix(first, "\ufeff")) == "" {
		return nil, nil, badFile("The file is empty; the first row names the columns: " + strings.Join(columns, ","))
	}
	if msg := notCSVText(first); msg != "" {
		return nil, nil, badFile(msg)
	}
	comma, err := delimiterOf(first, columns)
	if err != nil {
		return nil, nil, err
	}
	cr := csv.NewReader(io.MultiReader(strings.NewReader(first), br))
	cr.Comma = comma
	cr.FieldsPerRecord = -1 // a row with the wrong number of cells is rejected, not the file.
	header, err := cr.Read()
	if err != nil {
		return nil, nil, badFile("The first row must name the columns " + strings.Join(columns, ",") + " (in any order).")
	}
	header = cleanHeader(header)
	var out []record
	for {
		cells, err := cr.Read()
		if err == nil {
			if cells = withinHeader(cells, len(header)); blankRow(cells) {
				continue // a row Excel wrote with separators only (";;;").
			}
		}
		if errors.Is(err, io.EOF) {
			return header, out, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, nil, badFile("The file is not valid CSV: " + err.Error())
		}
		if err != nil {
			return nil, nil, fmt.Errorf("csvimport: %w: %w", ErrUnreadable, err)
		}
		if len(out) == MaxRows {
			return nil, nil, tooManyRows()
		}
		line, _ := cr.FieldPos(0)
		if !validUTF8(cells) {
			// A file saved in another encoding (Excel's "CSV" in Windows-1252):
			// its rows with accents would be refused one by one, the others
			// imported; the whole file is refused instead.
			return nil, nil, badFile(fmt.Sprintf("Line %d is not UTF-8 text: %s", line, saveAsCSV))
		}
		out = append(out, record{line: line, cells: cells})
	}
}

// saveAsCSV says what to save a file as instead.
const saveAsCSV = `save the file as "CSV UTF-8" (in Excel: Save As, CSV UTF-8) and import it again.`

// notCSVText says what the first line of a file shows it to be when it is
// not UTF-8 text (UTF-16, a legacy or an XLSX workbook, another encoding),
// or "" when it is text: told to change its separators, such a file was
// answered with its raw bytes quoted.
func notCSVText(first string) string {
	switch {
	case strings.HasPrefix(first, "\xff\xfe"), strings.HasPrefix(first, "\xfe\xff"):
		return `The file is UTF-16 text (as Excel saves "Unicode Text"), not UTF-8: ` + saveAsCSV
	case strings.HasPrefix(first, "\xd0\xcf\x11\xe0"):
		return "The file is an Excel 97-2003 workbook (.xls), not CSV: save it as Excel Workbook (.xlsx), or " + saveAsCSV
	case strings.HasPrefix(first, "PK\x03\x04"):
		return "The file is an XLSX workbook (or another zip archive), not CSV: import it as XLSX " +
			"(a .xlsx file name or --format xlsx with kinerja import; over HTTP, Content-Type " +
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet)."
	case !utf8.ValidString(first) || strings.ContainsRune(first, 0):
		return "Line 1 is not UTF-8 text: " + saveAsCSV
	}
	return ""
}

// delimiterOf picks the delimiter that makes the header line name exactly
// the columns: ',' or ';'. When neither does, the error says what the line
// looks like: separated by something else (a tab, '|'), or by ',' or ';'
// but with other column names.
func delimiterOf(line string, columns []string) (rune, error) {
	for _, comma := range []rune{',', ';'} {
		cr := csv.NewReader(strings.NewReader(line))
		cr.Comma = comma
		if header, err := cr.Read(); err == nil && sameColumns(header, columns) {
			return comma, nil
		}
	}
	want := strings.Join(columns, ",")
	line = strings.TrimRight(strings.TrimPrefix(line, "\ufeff"), "\r\n")
	shown := line
	if len(shown) > 120 {
		shown = shown[:120] + "…"
	}
	if !strings.ContainsAny(line, ",;") {
		other := "nothing between the names"
		for _, sep := range []string{"\t", "|", ":"} {
			if strings.Contains(line, sep) {
				other = fmt.Sprintf("%q", sep)
				break
			}
		}
		return 0, badFile(fmt.Sprintf("The first row %q separates its columns by %s: separate them by ',' or ';' "+
			"(CSV as Excel saves it), naming the columns %s (in any order).", shown, other, want))
	}
	return 0, badFile(fmt.Sprintf("The first row %q does not name the template's columns: %s. The columns are %s "+
		"(in any order, each once, separated by ',' or ';').", shown, headerMismatch(line, columns), want))
}

// headerMismatch says how the header line, split by whichever of ',' and
// ';' names more of the columns, differs from them: the columns missing,
// those not in the template, and those named twice.
func headerMismatch(line string, columns []string) string {
	var best []string
	known := -1
	for _, comma := range []rune{',', ';'} {
		cr := csv.NewReader(strings.NewReader(line))
		cr.Comma, cr.LazyQuotes = comma, true
		header, err := cr.Read()
		if err != nil {
			continue
		}
		header = cleanHeader(header)
		n := 0
		for _, h := range header {
			if slices.Contains(columns, h) {
				n++
			}
		}
		if n > known {
			best, known = header, n
		}
	}
	var missing, unknown, twice []string
	for _, c := range columns {
		if !slices.Contains(best, c) {
			missing = append(missing, c)
		}
	}
	seen := map[string]bool{}
	for _, h := range best {
		switch {
		case seen[h]:
			twice = append(twice, h)
		case !slices.Contains(columns, h):
			unknown = append(unknown, text.Clip(h, 40))
		}
		seen[h] = true
	}
	var parts []string
	for _, p := range []struct {
		what  string
		names []string
	}{{"missing", missing}, {"not in the template", unknown}, {"named twice", twice}} {
		if len(p.names) > 0 {
			parts = append(parts, p.what+" "+strings.Join(p.names, ","))
		}
	}
	if len(parts) == 0 {
		return "they cannot be read"
	}
	return strings.Join(parts, "; ")
}

// cleanHeader trims the names of a header and the byte order mark before
// the first.
func cleanHeader(header []string) []string {
	for i := range header {
		header[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff")))
	}
	return trimTrailingEmpty(header)
}

// withinHeader drops the empty cells a row has past the header's n columns
// (a spreadsheet's separators after the last one); cells that hold
// something stay, for the row to be rejected with its count.
func withinHeader(cells []string, n int) []string {
	for len(cells) > n && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}

// validUTF8 reports whether every cell is valid UTF-8.
func validUTF8(cells []string) bool {
	for _, c := range cells {
		if !utf8.ValidString(c) {
			return false
		}
	}
	return true
}

// blankRow reports whether every cell of a row is blank.
func blankRow(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// badFile is the error of a file that is not CSV with the kind's header.
func badFile(msg string) error { return &FileError{Kind: ErrBadFile, Message: msg} }

// sameColumns reports whether header names exactly the columns, in any
// order and letter case, with or without empty columns after the last.
func sameColumns(header, columns []string) bool {
	header = cleanHeader(slices.Clone(header))
	if len(header) != len(columns) {
		return false
	}
	for _, h := range header {
		if !slices.Contains(columns, h) {
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
