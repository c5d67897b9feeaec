package csvimport

import (
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// record is one CSV row and the line it starts on.
type record struct {
	line  int
	cells []string
}

// readCSV reads the header, which must name exactly the columns (in any
// order), and the rows. A file that is not CSV is a *FileError; a failure
// of the reader itself is returned wrapped.
func readCSV(in io.Reader, columns []string) ([]string, []record, error) {
	cr := csv.NewReader(norm.NFC.Reader(in))
	cr.FieldsPerRecord = -1 // a row with the wrong number of cells is rejected, not the file.
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, badFile("The file is empty; the first row names the columns: " + strings.Join(columns, ","))
	}
	if err != nil || !sameColumns(header, columns) {
		return nil, nil, badFile("The first row must name the columns " + strings.Join(columns, ",") + " (in any order).")
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
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, nil, badFile("The file is not valid CSV: " + err.Error())
		}
		if err != nil {
			return nil, nil, fmt.Errorf("csvimport: read: %w", err)
		}
		line, _ := cr.FieldPos(0)
		out = append(out, record{line: line, cells: cells})
	}
}

// badFile is the error of a file that is not CSV with the kind's header.
func badFile(msg string) error { return &FileError{Kind: ErrBadFile, Message: msg} }

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
