package httpapi

import (
	"bytes"
	"fmt"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// xlsxSheet is the name of an export's only sheet.
const xlsxSheet = "Data"

// xlsxStyles are the cell styles of an export workbook.
type xlsxStyles struct {
	header, text, date, time int
}

// renderXLSX writes a table as a one-sheet workbook: the header row holds
// the Indonesian labels (bold, frozen, with an autofilter), text cells are
// strings formatted as text (so an 18-digit NIP stays a NIP), numbers are
// numbers, dates and instants are Excel dates shown in loc (the zone's
// abbreviation is named in the header), and free text that would run as a
// formula is defused as in CSV.
//
// The rows go through excelize's stream writer, row by row: its in-memory
// sheet (SetCellValue per cell) held about 1 KB a cell and took 16 s for
// 20,000 rows of 32 columns, so a download of the 200,000 rows a list may
// have (MaxDownloadRows) would have needed gigabytes and minutes.
func renderXLSX(t table, loc *time.Location) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", xlsxSheet); err != nil {
		return nil, fmt.Errorf("xlsx: name sheet: %w", err)
	}
	st, err := newXLSXStyles(f)
	if err != nil {
		return nil, err
	}
	// The autofilter is set on the sheet before the stream writer takes it
	// over; the writer writes it (and the sheet's filter mode) with the rows.
	if err := autoFilter(f, len(t.cols), len(t.rows)); err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter(xlsxSheet)
	if err != nil {
		return nil, fmt.Errorf("xlsx: stream: %w", err)
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, fmt.Errorf("xlsx: freeze header: %w", err)
	}
	zone := time.Now().In(loc).Format("MST")
	header := make([]any, len(t.cols))
	for i, c := range t.cols {
		label := c.label
		if c.kind == cellTime {
			label += " (" + zone + ")"
		}
		header[i] = excelize.Cell{StyleID: st.header, Value: label}
		width := max(12, min(45, float64(len(label))+4))
		if err := sw.SetColWidth(i+1, i+1, width); err != nil {
			return nil, fmt.Errorf("xlsx: column width: %w", err)
		}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return nil, fmt.Errorf("xlsx: header: %w", err)
	}
	cells := make([]any, len(t.cols))
	for r, row := range t.rows {
		clear(cells)
		for i, c := range t.cols {
			if i >= len(row) {
				break
			}
			v, style := xlsxValue(c.kind, row[i], loc, st)
			if v != nil || style != 0 {
				cells[i] = excelize.Cell{StyleID: style, Value: v}
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return nil, fmt.Errorf("xlsx: cell: %w", err)
		}
		if err := sw.SetRow(cell, cells); err != nil {
			return nil, fmt.Errorf("xlsx: row %d: %w", r+2, err)
		}
	}
	if err := sw.Flush(); err != nil {
		return nil, fmt.Errorf("xlsx: flush: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, fmt.Errorf("xlsx: write: %w", err)
	}
	return buf.Bytes(), nil
}

func newXLSXStyles(f *excelize.File) (xlsxStyles, error) {
	var st xlsxStyles
	var err error
	text := "@"
	date := "yyyy-mm-dd"
	stamp := "yyyy-mm-dd hh:mm:ss"
	for _, s := range []struct {
		dst   *int
		style excelize.Style
	}{
		{&st.header, excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}}},
		{&st.text, excelize.Style{CustomNumFmt: &text}},
		{&st.date, excelize.Style{CustomNumFmt: &date}},
		{&st.time, excelize.Style{CustomNumFmt: &stamp}},
	} {
		if *s.dst, err = f.NewStyle(&s.style); err != nil {
			return st, fmt.Errorf("xlsx: style: %w", err)
		}
	}
	return st, nil
}

// xlsxValue types one cell; a value that does not parse as its kind stays
// text, so nothing is lost.
func xlsxValue(kind cellKind, s string, loc *time.Location, st xlsxStyles) (any, int) {
	if s == "" {
		return nil, 0
	}
	switch kind {
	case cellNumber:
		if n, err := strconv.ParseFloat(s, 64); err == nil {
			return n, 0
		}
	case cellDate:
		if d, err := time.Parse(time.DateOnly, s); err == nil {
			return d, st.date
		}
	case cellTime:
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			// Excel has no zones: write the wall clock of loc.
			w := t.In(loc)
			return time.Date(w.Year(), w.Month(), w.Day(), w.Hour(), w.Minute(), w.Second(), 0, time.UTC), st.time
		}
	case cellBool:
		if b, err := strconv.ParseBool(s); err == nil {
			return b, 0
		}
	}
	return csvSafe(s), st.text
}

// autoFilter puts an autofilter on the table: the header row and its rows.
func autoFilter(f *excelize.File, cols, rows int) error {
	if cols == 0 {
		return nil
	}
	last, err := excelize.CoordinatesToCellName(cols, rows+1)
	if err != nil {
		return fmt.Errorf("xlsx: filter range: %w", err)
	}
	if err := f.AutoFilter(xlsxSheet, "A1:"+last, nil); err != nil {
		return fmt.Errorf("xlsx: autofilter: %w", err)
	}
	return nil
}
