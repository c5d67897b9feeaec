package httpapi

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestImportFormatsOverHTTP imports units as an XLSX workbook and as CSV
// delimited by ';', and names a wrong delimiter in the problem.
func TestImportFormatsOverHTTP(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	f := excelize.NewFile()
	defer f.Close()
	for cell, row := range map[string][]string{"A1": {"code", "name", "parent", "instansi"},
		"A2": {"seksi-x", "Seksi X", "bidang-a", instansi}} {
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	var rep ImportReport
	a.send(t, "POST", "/v1/import/units", tk.hr, buf.Bytes(), "Content-Type", xlsxType).must(t, 200, "xlsx").json(t, &rep)
	if rep.Rows != 1 || rep.Accepted != 1 || len(rep.Rejected) != 0 {
		t.Fatalf("xlsx report %+v", rep)
	}
	a.send(t, "POST", "/v1/import/units", tk.hr, "\ufeffcode;name;parent;instansi\r\nseksi-y;Seksi Y;bidang-a;"+instansi+"\r\n",
		"Content-Type", "text/csv").must(t, 200, "semicolons").json(t, &rep)
	if rep.Rows != 1 || rep.Accepted != 1 {
		t.Fatalf("semicolon report %+v", rep)
	}
	p := a.denied(t, 400, TypeMalformed, "tabs", "POST", "/v1/import/units", tk.hr, "code\tname\tparent\tinstansi\n",
		"Content-Type", "text/csv")
	if !strings.Contains(p.Detail, "separate them by ',' or ';'") {
		t.Errorf("tab-separated: %+v", p)
	}
	a.denied(t, 400, TypeMalformed, "csv as xlsx", "POST", "/v1/import/units", tk.hr, "code,name,parent,instansi\n",
		"Content-Type", xlsxType)
	a.denied(t, 415, TypeUnsupportedMediaType, "pdf", "POST", "/v1/import/units", tk.hr, "x", "Content-Type", "application/pdf")
	units := "code,name,parent,instansi\nseksi-z,Seksi Z,bidang-a," + instansi + "\n"
	a.denied(t, 415, TypeUnsupportedMediaType, "csv in latin1", "POST", "/v1/import/units", tk.hr, units,
		"Content-Type", "text/csv; charset=windows-1252")
	a.denied(t, 415, TypeUnsupportedMediaType, "gzip csv", "POST", "/v1/import/units", tk.hr, units,
		"Content-Type", "text/csv", "Content-Encoding", "gzip")
	a.denied(t, 415, TypeUnsupportedMediaType, "gzip xlsx", "POST", "/v1/import/units", tk.hr, units,
		"Content-Type", xlsxType, "Content-Encoding", "gzip")
	a.send(t, "POST", "/v1/import/units", tk.hr, units, "Content-Type", "text/csv; charset=utf-8").
		must(t, 200, "csv in utf-8").json(t, &rep)
	if rep.Accepted != 1 {
		t.Fatalf("utf-8 report %+v", rep)
	}
}
