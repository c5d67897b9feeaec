package csvimport

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

// The formats of an import file.
const (
	// FormatCSV is CSV delimited by ',' or ';' (the default).
	FormatCSV = "csv"
	// FormatXLSX is an Excel workbook whose first sheet holds the same
	// columns as the CSV template, header in row 1.
	FormatXLSX = "xlsx"
)

// dateColumns are the columns that hold calendar dates; in a workbook they
// may be Excel dates, which are read back as YYYY-MM-DD.
var dateColumns = map[string]bool{"golongan_tmt": true, "effective_from": true}

// MaxUnzippedXLSX bounds what a workbook may unpack to. A workbook is a zip
// archive: without a bound, a file of under a megabyte that unpacks to a
// gigabyte of sheet (a zip bomb) would take the server's memory. The
// template's columns for the largest CSV an import takes (32 MiB) unpack to
// well under it.
const MaxUnzippedXLSX = 128 << 20

// MaxSharedStrings bounds the unpacked size of a workbook's shared strings
// (xl/sharedStrings.xml), which the reader holds in memory whole, as a
// table of every string: a workbook of 290 KB whose shared strings were 7
// million one-letter strings (119 MB unpacked, under MaxUnzippedXLSX) took
// 870 MB and 38 s of CPU. A workbook's text cannot need more than the
// largest CSV an import takes.
const MaxSharedStrings = 32 << 20

// checkSharedStrings refuses a workbook whose shared strings unpack to
// more than MaxSharedStrings, counting what they unpack to (a zip entry's
// declared size may lie). A file that is not a zip archive is left to the
// workbook reader's own error.
func checkSharedStrings(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	for _, f := range zr.File {
		if !strings.EqualFold(strings.TrimPrefix(f.Name, "/"), "xl/sharedStrings.xml") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return nil
		}
		n, _ := io.Copy(io.Discard, io.LimitReader(rc, MaxSharedStrings+1))
		_ = rc.Close()
		if n > MaxSharedStrings {
			return badFile(fmt.Sprintf("The workbook's shared strings unpack to more than %d MiB; split it, or send it as CSV.", MaxSharedStrings>>20))
		}
	}
	return nil
}

// maxXLSXPartInMemory is the largest part of a workbook unpacked in memory;
// larger sheets and shared strings go to a temporary file.
const maxXLSXPartInMemory = 16 << 20

// readXLSX reads the first sheet of a workbook like readCSV reads a file:
// row 1 names the columns, each later row is a record whose line is its row
// number. Cells are read as stored, so that a NIP typed as text keeps its 18
// digits and a date cell becomes YYYY-MM-DD whatever its display format.
func readXLSX(in io.Reader, columns []string) ([]string, []record, error) {
	data, err := io.ReadAll(in)
	if err != nil {
		return nil, nil, fmt.Errorf("csvimport: %w: %w", ErrUnreadable, err)
	}
	if err := checkSharedStrings(data); err != nil {
		return nil, nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: MaxUnzippedXLSX, UnzipXMLSizeLimit: maxXLSXPartInMemory})
	if err != nil && strings.Contains(err.Error(), "unzip size exceeds") {
		return nil, nil, badFile(fmt.Sprintf("The workbook unpacks to more than %d MiB; split it, or send it as CSV.", MaxUnzippedXLSX>>20))
	}
	if err != nil {
		return nil, nil, badFile("The file is not an XLSX workbook (" + err.Error() + "); send the template saved as Excel Workbook (.xlsx), or as CSV.")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, nil, badFile("The workbook has no sheet.")
	}
	// Row by row: GetRows would hold every row, each padded to its last
	// cell's column.
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, nil, badFile("The first sheet cannot be read: " + err.Error())
	}
	defer rows.Close()
	var header []string
	var out []record
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, nil, badFile("The first sheet cannot be read: " + err.Error())
		}
		cells = trimTrailingEmpty(cells)
		if len(cells) > MaxCells {
			return nil, nil, badFile(fmt.Sprintf("Row %d has cells beyond column %d; the template has %d columns.", n, MaxCells, len(columns)))
		}
		if n == 1 {
			header = cleanHeader(cells)
			if !sameColumns(header, columns) {
				return nil, nil, badFile(fmt.Sprintf("Row 1 of sheet %q must name the columns %s (in any order); it names %s.",
					sheets[0], strings.Join(columns, ","), strings.Join(header, ",")))
			}
			continue
		}
		if len(cells) == 0 {
			continue // Excel keeps formatted empty rows.
		}
		if len(out) == MaxRows {
			return nil, nil, tooManyRows()
		}
		for j := range cells {
			cells[j] = norm.NFC.String(cells[j])
			if j < len(header) && dateColumns[header[j]] {
				cells[j] = excelDate(cells[j])
			}
		}
		for len(cells) < len(header) {
			cells = append(cells, "") // trailing empty cells are not stored.
		}
		out = append(out, record{line: n, cells: cells})
	}
	if err := rows.Error(); err != nil {
		return nil, nil, badFile("The first sheet cannot be read: " + err.Error())
	}
	if header == nil {
		return nil, nil, badFile("The first sheet is empty; row 1 names the columns: " + strings.Join(columns, ","))
	}
	return header, out, nil
}

// excelDate turns a date serial into YYYY-MM-DD and leaves text as it is.
func excelDate(v string) string {
	n, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return v
	}
	t, err := excelize.ExcelDateToTime(n, false)
	if err != nil {
		return v
	}
	return t.Format(time.DateOnly)
}

func trimTrailingEmpty(cells []string) []string {
	for len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}
