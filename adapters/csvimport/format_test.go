package csvimport

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/xuri/excelize/v2"
)

// TestSemicolonCSV imports the file Excel saves in an Indonesian locale:
// a byte order mark, ';' between cells, CRLF line ends; rows keep their
// line numbers.
func TestSemicolonCSV(t *testing.T) {
	im := newImporter(t, ruleBroken)
	rep, err := importUnits(t, im, "\ufeffcode;name;parent;instansi\r\n"+
		"root;\"Dinas; Kesehatan\";;pemprov-x\r\n"+
		"a;A;nowhere;pemprov-x\r\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []RowError{{Line: 3, Field: "parent", Message: `parent unit "nowhere" is not registered (list parents before their children)`}}
	if rep.Rows != 2 || rep.Accepted != 1 || !cmp.Equal(rep.Rejected, want) {
		t.Fatalf("report %+v", rep)
	}
	// The same rows with ',' are the same rows: nothing new.
	rep, err = importUnits(t, im, "code,name,parent,instansi\nroot,\"Dinas; Kesehatan\",,pemprov-x\n")
	if err != nil || rep.Unchanged != 1 {
		t.Fatalf("re-import with commas: %+v %v", rep, err)
	}
}

// TestSpreadsheetLeftoversAreNotRows: Excel saves rows it once formatted
// as separators only (";;;"), columns past the last as trailing separators,
// and people capitalise headers: each empty row was rejected ("code: \"\"
// is not a unit code") and the file exited 1; the other two refused the
// whole file. Empty rows are skipped (as the XLSX reader skips them),
// trailing empty columns dropped, and header names compared in any case.
func TestSpreadsheetLeftoversAreNotRows(t *testing.T) {
	im := newImporter(t, ruleBroken)
	rep, err := importUnits(t, im, "Code;Name;Parent;Instansi;;\r\n"+
		"root;Dinas Kesehatan;;pemprov-x;;\r\n"+
		";;;;;\r\n"+
		"a;Bidang A;root;pemprov-x\r\n"+
		" ; ;;\r\n")
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rows != 2 || rep.Accepted != 2 || len(rep.Rejected) != 0 {
		t.Fatalf("report %+v", rep)
	}
	// A row with something past the header's columns is still refused.
	rep, err = importUnits(t, im, "code,name,parent,instansi\nb,B,root,pemprov-x,extra\n")
	if err != nil || len(rep.Rejected) != 1 || !strings.Contains(rep.Rejected[0].Message, "5 cells") {
		t.Fatalf("a row with an extra cell: %+v %v", rep, err)
	}
}

// TestBadDelimiterIsNamed refuses a header that neither ',' nor ';'
// splits into the columns, saying what it found.
func TestBadDelimiterIsNamed(t *testing.T) {
	im := newImporter(t, ruleBroken)
	for in, want := range map[string]string{
		"code\tname\tparent\tinstansi\nr\tR\t\tpemprov-x\n": `separates its columns by "\t": separate them by ',' or ';'`,
		"code|name|parent|instansi\n":                       `separates its columns by "|"`,
		"code;name;instansi\n":                              "does not name the template's columns: missing parent. The columns are code,name,parent,instansi",
		// An extra or misspelt column was reported as a separator problem,
		// without naming it.
		"code,name,parent,instansi,extra_col\n": "not in the template extra_col",
		"code,nama,parent,instansi,code\n":      "missing name; not in the template nama; named twice code",
		"\ufeff\n":                              "The file is empty",
	} {
		_, err := importUnits(t, im, in)
		var fe *FileError
		if !errors.As(err, &fe) || !errors.Is(err, ErrBadFile) || !strings.Contains(fe.Message, want) {
			t.Errorf("%q: %v, want a bad file naming %q", in, err, want)
		}
	}
}

// TestXLSXImport imports the employees template as a workbook: the NIP as
// text keeps its 18 digits, golongan_tmt as an Excel date (in any display
// format) is read as that date, columns may come in any order.
func TestXLSXImport(t *testing.T) {
	im := newImporter(t, ruleBroken)
	by := actor.Actor{NIP: "test", Role: actor.System}
	ctx := context.Background()
	if _, err := importUnits(t, im, "code,name,parent,instansi\nroot,Root,,pemprov-x\n"); err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	cols := []string{"golongan_tmt", "nip", "name", "status", "instansi", "unit", "jabatan_kind", "jabatan_level",
		"jabatan_name", "golongan"}
	mustSet(t, f, "A1", cols)
	mustSet(t, f, "A2", []any{time.Date(2021, 4, 1, 0, 0, 0, 0, time.UTC), "198609262015051001", "Ani", "pns",
		"pemprov-x", "root", "administrasi", "pelaksana", "Analis", "III/a"})
	mustSet(t, f, "A3", []any{"2020-10-01", "198609262015051002", "Budi", "pns", "pemprov-x", "root", "administrasi",
		"pelaksana", "Analis", "III/b"})
	style, _ := f.NewStyle(&excelize.Style{NumFmt: 14}) // m/d/yy: the displayed text is not the template's format.
	_ = f.SetCellStyle("Sheet1", "A2", "A2", style)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	rep, err := im.Import(ctx, Request{Kind: Employees, CSV: &buf, Format: FormatXLSX, By: by, Instansi: "pemprov-x"})
	if err != nil || rep.Rows != 2 || rep.Accepted != 2 || len(rep.Rejected) != 0 {
		t.Fatalf("xlsx import: %+v %v", rep, err)
	}
	// The same rows as CSV are unchanged: the workbook was read as the CSV.
	rep, err = im.Import(ctx, Request{Kind: Employees, By: by, Instansi: "pemprov-x", CSV: strings.NewReader(
		"nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt\n" +
			"198609262015051001,Ani,pns,pemprov-x,root,administrasi,pelaksana,Analis,III/a,2021-04-01\n")})
	if err != nil || rep.Unchanged != 1 {
		t.Fatalf("same row as CSV: %+v %v", rep, err)
	}
	_, err = im.Import(ctx, Request{Kind: Employees, CSV: strings.NewReader("nip,name\n"), Format: FormatXLSX, By: by})
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Message, "not an XLSX workbook") {
		t.Errorf("CSV sent as XLSX: %v", err)
	}
}

func mustSet[T any](t *testing.T, f *excelize.File, cell string, row []T) {
	t.Helper()
	if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
		t.Fatal(err)
	}
}

// handWorkbook starts a workbook written by hand, part by part, as a zip
// bomb is: its content types, relationships and workbook naming one sheet
// (and shared strings when sharedStrings); the caller writes the sheet (and the
// strings) with part, closes z and reads buf.
func handWorkbook(t *testing.T, sharedStrings bool) (*bytes.Buffer, *zip.Writer, func(name, body string) io.Writer) {
	t.Helper()
	buf := &bytes.Buffer{}
	z := zip.NewWriter(buf)
	part := func(name, body string) io.Writer {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		io.WriteString(w, body)
		return w
	}
	types, rels := "", ""
	if sharedStrings {
		types = `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`
		rels = `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>`
	}
	part("[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`+types+`</Types>`)
	part("_rels/.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)
	part("xl/workbook.xml", `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`)
	part("xl/_rels/workbook.xml.rels", `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>`+rels+`</Relationships>`)
	return buf, z, part
}

// TestXLSXBombIsRefused: a workbook of a few hundred kilobytes whose sheet
// unpacks to more than MaxUnzippedXLSX is refused as a bad file before it
// is unpacked, rather than unpacked into the server's memory.
func TestXLSXBombIsRefused(t *testing.T) {
	buf, z, part := handWorkbook(t, false)
	sheet := part("xl/worksheets/sheet1.xml", `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	spaces := bytes.Repeat([]byte(" "), 1<<20)
	for range MaxUnzippedXLSX>>20 + 1 {
		sheet.Write(spaces)
	}
	io.WriteString(sheet, `</sheetData></worksheet>`)
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	if buf.Len() > 1<<20 {
		t.Fatalf("the bomb is %d bytes, want under a megabyte", buf.Len())
	}
	_, _, err := readXLSX(buf, unitColumns())
	var fe *FileError
	if !errors.As(err, &fe) || !errors.Is(err, ErrBadFile) || !strings.Contains(fe.Message, "unpacks to more than 128 MiB") {
		t.Fatalf("a workbook unpacking past the limit: %v", err)
	}
}

// TestSharedStringsBombIsRefused: a workbook of under a megabyte whose
// shared strings are millions of one-letter strings (under MaxUnzippedXLSX
// unpacked) took 870 MB and 38 s of CPU to read (7 million strings); past
// MaxSharedStrings it is refused before the reader builds their table.
func TestSharedStringsBombIsRefused(t *testing.T) {
	buf, z, part := handWorkbook(t, true)
	part("xl/worksheets/sheet1.xml", `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`)
	strs := part("xl/sharedStrings.xml", `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	one := bytes.Repeat([]byte("<si><t>a</t></si>"), 1<<16)
	for written := 0; written <= MaxSharedStrings; written += len(one) {
		strs.Write(one)
	}
	io.WriteString(strs, `</sst>`)
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	if buf.Len() > 1<<20 {
		t.Fatalf("the workbook is %d bytes, want under a megabyte", buf.Len())
	}
	_, _, err := readXLSX(buf, unitColumns())
	var fe *FileError
	if !errors.As(err, &fe) || !errors.Is(err, ErrBadFile) || !strings.Contains(fe.Message, "shared strings unpack to more than 32 MiB") {
		t.Fatalf("a workbook of 2 million shared strings: %v", err)
	}
}

// TestWideRowsAndLongLinesAreRefused: a workbook of a few kilobytes whose
// rows each hold one cell in the last column (16,384 cells a row once
// read) took a gigabyte of memory, and 16 MiB of commas in a CSV as much;
// both are refused as bad files at the first such row.
func TestWideRowsAndLongLinesAreRefused(t *testing.T) {
	f := excelize.NewFile()
	for i, h := range unitColumns() {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue("Sheet1", cell, h)
	}
	for r := 2; r < 5; r++ {
		f.SetCellValue("Sheet1", "XFD"+strconv.Itoa(r), 1)
	}
	var wb bytes.Buffer
	if err := f.Write(&wb); err != nil {
		t.Fatal(err)
	}
	_, _, err := readXLSX(&wb, unitColumns())
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Message, "Row 2 has cells beyond column 64") {
		t.Errorf("a workbook of rows 16,384 cells wide: %v", err)
	}
	csv := "code,name,parent,instansi\n" + "a" + strings.Repeat(",", 1<<20) + "\n"
	_, _, err = readCSV(strings.NewReader(csv), unitColumns())
	if !errors.As(err, &fe) || !strings.Contains(fe.Message, "A line is longer than 64 KiB") {
		t.Errorf("a CSV line of a million commas: %v", err)
	}
	// A row of the template with a long reason is far under the bound.
	ok := "code,name,parent,instansi\nroot," + strings.Repeat("é", 4000) + ",,pemprov-x\n"
	if _, recs, err := readCSV(strings.NewReader(ok), unitColumns()); err != nil || len(recs) != 1 {
		t.Errorf("a long but fair row: %v", err)
	}
}

// TestLocaleLeftoversAreExplained: a file saved in Windows-1252 imported
// its rows without accents and refused the others one by one ("not valid
// UTF-8"); dates an Indonesian spreadsheet writes day first (15/01/2020)
// were refused with "(want YYYY-MM-DD)" only; a NIP kept as a number
// (198506152010011000) was refused as "serial 000". The file is refused as
// a whole, and the two rows say what to write.
func TestLocaleLeftoversAreExplained(t *testing.T) {
	im := newImporter(t, ruleBroken)
	_, err := importUnits(t, im, "code,name,parent,instansi\nroot,Dinas Kesehatan,,pemprov-x\nb,Bidang Gizi \xe9,root,pemprov-x\n")
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Message, "Line 3 is not UTF-8") {
		t.Fatalf("a Windows-1252 file: %v", err)
	}
	if _, err := importUnits(t, im, "code,name,parent,instansi\nroot,Dinas,,pemprov-x\n"); err != nil {
		t.Fatal(err)
	}
	rep, err := im.Import(context.Background(), Request{Kind: Employees, By: actor.Actor{NIP: "test", Role: actor.System}, Instansi: "pemprov-x",
		CSV: strings.NewReader("nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt\n" +
			"198609262015051001,Citra,pns,pemprov-x,root,administrasi,pelaksana,Analis,III/b,15/04/2021\n" +
			"198506152010011000,Dewi,pns,pemprov-x,root,administrasi,pelaksana,Analis,III/b,2021-04-01\n")})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rejected) != 2 || !strings.Contains(rep.Rejected[0].Message, "write 2021-04-15") ||
		!strings.Contains(rep.Rejected[1].Message, "format the column as Text") {
		t.Fatalf("report %+v", rep)
	}
}

// TestFileInAnotherFormatIsNamed: a file that is not UTF-8 text from its
// first line — UTF-16 as Excel saves "Unicode Text", a legacy .xls
// workbook, an XLSX sent as CSV, Windows-1252 in the header — was answered
// with its raw bytes quoted ("\xff\xfec\x00o\x00d\x00e…") and told to change
// its separators or column names. It is now named, with what to save instead.
func TestFileInAnotherFormatIsNamed(t *testing.T) {
	im := newImporter(t, ruleBroken)
	utf16 := []byte{0xff, 0xfe}
	for _, r := range "code,name,parent,instansi\r\nroot,R,,pemprov-x\r\n" {
		utf16 = append(utf16, byte(r), 0)
	}
	for in, want := range map[string]string{
		string(utf16): `The file is UTF-16 text`,
		"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00\x00\x00": "an Excel 97-2003 workbook (.xls)",
		"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00":  "The file is an XLSX workbook (or another zip archive)",
		"code,n\xe4me,parent,instansi\n":                   "Line 1 is not UTF-8 text",
	} {
		_, err := importUnits(t, im, in)
		var fe *FileError
		if !errors.As(err, &fe) || !errors.Is(err, ErrBadFile) || !strings.Contains(fe.Message, want) {
			t.Errorf("%q: %v, want a bad file saying %q", in, err, want)
		} else if strings.Contains(fe.Message, `\x`) {
			t.Errorf("%q: %q quotes the file's bytes", in, fe.Message)
		}
	}
}
