package httpapi

import (
	"bytes"
	"runtime"
	"runtime/debug"
	rtmetrics "runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/history"
	"github.com/kinerja/kinerja/projections/promotion"
	"github.com/kinerja/kinerja/projections/standings"
	"github.com/kinerja/kinerja/projections/training"
	"github.com/kinerja/kinerja/projections/unitreport"
	"github.com/kinerja/kinerja/projections/worklist"
	"github.com/xuri/excelize/v2"
)

// openXLSX reopens a workbook written by the server.
func openXLSX(t *testing.T, body []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("reopen XLSX (%d bytes): %v", len(body), err)
	}
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// TestRenderXLSXTypesCells writes one row of every kind and reopens it: an
// 18-digit NIP stays text, dates and instants are dates, numbers are
// numbers, formula-like text is defused, the header is frozen.
func TestRenderXLSXTypesCells(t *testing.T) {
	cols := []exportColumn{{"nip", "NIP", cellText}, {"tmt", "TMT Golongan", cellDate}, {"at", "Dinilai Pada", cellTime},
		{"n", "Jumlah", cellNumber}, {"ok", "Lengkap", cellBool}, {"why", "Alasan", cellText}}
	rows := [][]string{{pegawai, "2021-04-01", "2025-12-31T17:30:00Z", "42", "true", "=HYPERLINK(\"x\")"}}
	body, err := renderXLSX(table{cols: cols, rows: rows}, wib)
	if err != nil {
		t.Fatal(err)
	}
	f := openXLSX(t, body)
	header, err := f.GetRows(xlsxSheet)
	if err != nil || len(header) != 2 {
		t.Fatalf("rows %v %v", header, err)
	}
	if got := strings.Join(header[0], "|"); got != "NIP|TMT Golongan|Dinilai Pada (WIB)|Jumlah|Lengkap|Alasan" {
		t.Errorf("header %q", got)
	}
	checkXLSXCells(t, f, map[string]string{"A2": pegawai, "B2": "2021-04-01", "C2": "2026-01-01 00:30:00", "D2": "42",
		"E2": "TRUE", "F2": "'=HYPERLINK(\"x\")"})
	if typ, _ := f.GetCellType(xlsxSheet, "A2"); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
		t.Errorf("NIP cell type %v, want a string", typ)
	}
	for _, cell := range []string{"B2", "C2", "D2"} {
		raw, _ := f.GetCellValue(xlsxSheet, cell, excelize.Options{RawCellValue: true})
		if typ, _ := f.GetCellType(xlsxSheet, cell); typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s: type %v (raw %q), want a number (Excel dates are numbers)", cell, typ, raw)
		}
	}
	if raw, _ := f.GetCellValue(xlsxSheet, "B2", excelize.Options{RawCellValue: true}); raw != "44287" {
		t.Errorf("B2 raw %q, want the serial of 2021-04-01 (44287)", raw)
	}
	checkFrozenHeader(t, f)
}

// checkXLSXCells compares formatted cell values.
func checkXLSXCells(t *testing.T, f *excelize.File, want map[string]string) {
	t.Helper()
	for cell, w := range want {
		if got, err := f.GetCellValue(xlsxSheet, cell); err != nil || got != w {
			t.Errorf("%s = %q (%v), want %q", cell, got, err, w)
		}
	}
}

// checkFrozenHeader checks that row 1 is frozen.
func checkFrozenHeader(t *testing.T, f *excelize.File) {
	t.Helper()
	p, err := f.GetPanes(xlsxSheet)
	if err != nil || !p.Freeze || p.YSplit != 1 || p.TopLeftCell != "A2" {
		t.Errorf("panes %+v %v, want the header row frozen", p, err)
	}
}

// TestExportFormatsOverHTTP downloads the standings as XLSX (by parameter
// and by Accept) and as CSV from a browser link, and refuses an unknown
// format.
func TestExportFormatsOverHTTP(t *testing.T) {
	rs := newReadServer(t, 5*time.Second)
	rs.startProjections(t)
	tk := rs.seed(t)
	w := written(t, rs.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "draft"))
	path := "/v1/standings?year=2025&sort=nip&min_position=" + u(w.Position)

	for _, r := range []response{
		rs.send(t, "GET", path+"&format=xlsx", tk.hr, nil).must(t, 200, "format=xlsx"),
		rs.send(t, "GET", path, tk.hr, nil, "Accept", xlsxType).must(t, 200, "Accept xlsx"),
	} {
		if ct, cd := r.header.Get("Content-Type"), r.header.Get("Content-Disposition"); ct != xlsxType ||
			cd != "attachment; filename=standings-"+instansi+".xlsx" {
			t.Errorf("headers %q %q", ct, cd)
		}
		f := openXLSX(t, r.body)
		rows, err := f.GetRows(xlsxSheet)
		if err != nil || len(rows) != 9 || rows[0][0] != "NIP" || rows[0][10] != "TMT Golongan" {
			t.Fatalf("rows %v %v", rows, err)
		}
		found := false
		for i, row := range rows[1:] {
			cell, _ := excelize.CoordinatesToCellName(1, i+2)
			if typ, _ := f.GetCellType(xlsxSheet, cell); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
				t.Errorf("%s (%s) type %v, want text", cell, row[0], typ)
			}
			if row[0] == pegawai {
				found = true
				tmt, _ := excelize.CoordinatesToCellName(11, i+2)
				if raw, _ := f.GetCellValue(xlsxSheet, tmt, excelize.Options{RawCellValue: true}); row[10] == "" || raw == row[10] {
					t.Errorf("golongan_tmt %q raw %q, want a date serial", row[10], raw)
				}
			}
		}
		if !found {
			t.Errorf("pegawai %s missing from %v", pegawai, rows)
		}
		checkFrozenHeader(t, f)
	}

	r := rs.send(t, "GET", path+"&format=csv", tk.hr, nil, "Accept", "text/html,*/*").must(t, 200, "format=csv")
	if !bytes.HasPrefix(r.body, []byte(utf8BOM+"nip,year,")) || r.header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		r.header.Get("Content-Disposition") != "attachment; filename=standings-"+instansi+".csv" {
		t.Errorf("CSV %q %v", r.body[:min(20, len(r.body))], r.header)
	}
	if rows := parseCSV(t, r.body); len(rows) != 9 {
		t.Errorf("CSV rows %d", len(rows))
	}
	rs.send(t, "GET", path+"&format=json", tk.hr, nil, "Accept", "text/csv").must(t, 200, "format=json")
	for _, bad := range []string{"&format=pdf", "&format=csv&format=xlsx"} {
		if p := rs.send(t, "GET", path+bad, tk.hr, nil).must(t, 400, bad).problem(t); p.Type != TypeValidation {
			t.Errorf("%s: %+v", bad, p)
		}
	}
}

// TestExportColumns fills every export with one item of each kind of row
// and checks that each row has exactly the export's columns, so that CSV
// and XLSX (which share them) cannot drift from the header.
func TestExportColumns(t *testing.T) {
	ref := []skp.EventRef{{EventID: "e1", Stream: "skp-x-2025", Why: "why"}}
	now := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	day := civil.DateOf(now)
	basis := &skp.RatingsBasis{Annual: true, Plan: ref, Evidence: ref, Objection: ref,
		Trail: []skp.ScoreChange{{EventID: "e2", At: now, RecordedAt: now}}}
	tables := map[string]table{
		"standings":  standingsTable([]standings.Standing{{NIP: pegawai, AnnualAt: &now}}),
		"candidates": candidatesTable([]promotion.Candidate{{NIP: pegawai, Reasons: []promotion.Reason{{Text: "r", EventIDs: []string{"e"}}}}}),
		"explanation": explanationTable(skp.Explanation{StatusBasis: ref, Annual: basis,
			Periodic: []skp.RatingsBasis{{Window: 1, Plan: ref}}}),
		"promotion explanation": promotionExplanationTable(promotionExplanation{
			Reasons: []promotion.ExplainedReason{{Text: "r", Events: ref}}, Years: []promotion.YearBasis{{Year: 2024, Annual: basis}}}),
		"history": historyTable(history.History{Registration: &history.Change{Kind: "registered", Effective: &now},
			Years: []history.Year{{Year: 2025}}}),
		"projections": projectionsTable([]readside.ProjectionStatus{{Name: "standings", UpdatedAt: now}}),
		"replays":     replaysTable([]rebuild.ReplayInfo{{Schema: "r1", StartedAt: now, FinishedAt: &now}}),
		"diff": diffTable(rebuild.DiffReport{Tables: []rebuild.TableDiff{{Table: "t", Key: []string{"nip"},
			Rows: []rebuild.RowDiff{{Kind: "only_live"}, {Kind: "differs", Columns: []rebuild.ColumnDiff{{Column: "c"}}}}}}}),
		"unit members": unitMembersTable([]unitreport.Member{{NIP: pegawai}}),
		"needs":        needsTable([]training.Need{{NIP: pegawai, Measure: &training.Measure{Target: 1}}}),
		"worklist":     worklistTable([]worklist.Task{{NIP: pegawai, Since: day, Deadline: &day}}),
		"events":       eventTable([]eventView{{EventID: "e", RecordedAt: now}}),
		"score trail":  scoreTrailTable([]skp.ScoreChange{{EventID: "e", At: now, RecordedAt: now}}),
		"access":       accessTable([]accessEntryView{{ID: 1, At: now}}),
	}
	for name, tb := range tables {
		if len(tb.rows) == 0 {
			t.Errorf("%s: no rows", name)
		}
		for i, row := range tb.rows {
			if len(row) != len(tb.cols) {
				t.Errorf("%s row %d: %d cells for %d columns", name, i, len(row), len(tb.cols))
			}
		}
		keys := map[string]bool{}
		for _, c := range tb.cols {
			if keys[c.key] || c.label == "" {
				t.Errorf("%s: column %q repeated or without a label", name, c.key)
			}
			keys[c.key] = true
		}
		if _, err := renderXLSX(tb, wib); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestRenderXLSXStreamsRows: the workbook was built in excelize's in-memory
// sheet, cell by cell, which kept about 1 KB a cell alive until the file
// was written (20,000 rows of 32 columns: 680 MB of heap, 16 s), so one
// download of the 200,000 rows a list may have (MaxDownloadRows) took
// gigabytes and minutes, and a few at once could exhaust the server's
// memory. The rows are streamed: the heap grows by far less than the
// cells would take, with the same workbook (header frozen, autofilter over
// the table, every row there).
func TestRenderXLSXStreamsRows(t *testing.T) {
	const rowCount, colCount = 1000, 32
	cols := make([]exportColumn, colCount)
	for i := range cols {
		cols[i] = exportColumn{key: "k" + u(uint64(i)), label: "Kolom " + u(uint64(i)), kind: cellText}
	}
	cols[1].kind, cols[2].kind, cols[3].kind = cellDate, cellNumber, cellTime
	rows := make([][]string, rowCount)
	for r := range rows {
		row := make([]string, colCount)
		for i := range row {
			row[i] = pegawai + "-" + u(uint64(r*colCount+i))
		}
		row[1], row[2], row[3] = "2021-04-01", u(uint64(r)), "2025-12-31T17:30:00Z"
		rows[r] = row
	}
	// The live heap is sampled while the workbook is rendered, with the
	// collector kept close behind (GOGC 10), so that what the samples see
	// above the start is what rendering holds, not garbage.
	defer debug.SetGCPercent(debug.SetGCPercent(10))
	runtime.GC()
	sample := []rtmetrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	rtmetrics.Read(sample)
	start, peak := sample[0].Value.Uint64(), uint64(0)
	done, sampled := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			s := []rtmetrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
			rtmetrics.Read(s)
			peak = max(peak, s[0].Value.Uint64())
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
		}
	}()
	body, err := renderXLSX(table{cols: cols, rows: rows}, wib)
	close(done)
	<-sampled
	if err != nil {
		t.Fatal(err)
	}
	// 32,000 cells held in memory took about 19 MB; streamed, the heap
	// holds a buffer of the sheet (spilled to a file past 16 MB) and the
	// compressed file.
	if grew := int64(peak) - int64(start); grew > 14<<20 {
		t.Errorf("rendering %d cells grew the heap by %d MB, want under 14 MB", rowCount*colCount, grew>>20)
	}
	f := openXLSX(t, body)
	got, err := f.GetRows(xlsxSheet)
	if err != nil || len(got) != rowCount+1 || got[rowCount][0] != rows[rowCount-1][0] || got[0][3] != "Kolom 3 (WIB)" {
		t.Fatalf("%d rows (%v), want the header and %d rows", len(got), err, rowCount)
	}
	checkXLSXCells(t, f, map[string]string{"B2": "2021-04-01", "C3": "1", "D2": "2026-01-01 00:30:00"})
	checkFrozenHeader(t, f)
	filter := ""
	for _, d := range f.GetDefinedName() {
		if d.Name == "_xlnm._FilterDatabase" {
			filter = d.RefersTo
		}
	}
	if want := "'" + xlsxSheet + "'!$A$1:$AF$1001"; filter != want {
		t.Errorf("autofilter %q, want %q", filter, want)
	}
}
