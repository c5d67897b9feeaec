package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/adapters/csvimport"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/xuri/excelize/v2"
)

// runImportFile runs "kinerja import" on content and returns stdout, stderr
// and the error.
func runImportFile(t *testing.T, sc *pgtest.Schema, kind, content string) (string, string, error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), kind+".csv")
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"import", "--kind", kind, file},
		mapEnv(map[string]string{"DATABASE_URL": sc.URL}), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestImportCommand(t *testing.T) {
	sc := pgtest.New(t)
	units := "code,name,parent,instansi\ndinas,Dinas,,pemprov-x\nbidang,Bidang,dinas,pemprov-x\nyatim,Yatim,nowhere,pemprov-x\n"
	out, stderr, err := runImportFile(t, sc, "units", units)
	if err == nil || !strings.Contains(out, "3 rows: 2 appended, 0 already imported, 1 rejected") ||
		!strings.Contains(out, "units.csv:4: parent unit \"nowhere\" is not registered") {
		t.Fatalf("units import: %v\n%s", err, out)
	}
	if !strings.Contains(stderr, "import units: 3/3 rows") {
		t.Fatalf("no progress on stderr: %q", stderr)
	}
	employees := "nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt\n" +
		"198609262015051001,Citra,pns,pemprov-x,bidang,administrasi,pelaksana,Analis,III/b,2021-04-01\n" +
		"198613262015051001,Bad NIP,pns,pemprov-x,bidang,administrasi,pelaksana,Analis,III/b,2021-04-01\n" +
		"199001012015052003,Bad date,pns,pemprov-x,bidang,administrasi,pelaksana,Analis,III/a,2021-02-30\n"
	out, _, err = runImportFile(t, sc, "employees", employees)
	if err == nil || !strings.Contains(out, "1 appended, 0 already imported, 2 rejected") ||
		!strings.Contains(out, "employees.csv:3: nip:") || !strings.Contains(out, "employees.csv:4: golongan_tmt:") {
		t.Fatalf("employees import: %v\n%s", err, out)
	}
	out, _, _ = runImportFile(t, sc, "employees", employees)
	if !strings.Contains(out, "0 appended, 1 already imported, 2 rejected") {
		t.Fatalf("re-import appended again:\n%s", out)
	}
	// A wrong command line (exit 2), refused before the database is opened.
	if _, _, err := runImportFile(t, sc, "widgets", "a\n1\n"); report(err, &bytes.Buffer{}) != 2 {
		t.Fatalf("unknown kind: %v", err)
	}
}

// TestImportCommandXLSX imports a workbook, its format taken from the file
// name, and refuses an unknown --format.
func TestImportCommandXLSX(t *testing.T) {
	sc := pgtest.New(t)
	f := excelize.NewFile()
	defer f.Close()
	for cell, row := range map[string][]string{"A1": {"code", "name", "parent", "instansi"},
		"A2": {"dinas", "Dinas", "", "pemprov-x"}, "A3": {"yatim", "Yatim", "nowhere", "pemprov-x"}} {
		if err := f.SetSheetRow("Sheet1", cell, &row); err != nil {
			t.Fatal(err)
		}
	}
	file := filepath.Join(t.TempDir(), "units.xlsx")
	if err := f.SaveAs(file); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	env := mapEnv(map[string]string{"DATABASE_URL": sc.URL})
	err := run(context.Background(), []string{"import", "--kind", "units", file}, env, &out, &errOut)
	if err == nil || !strings.Contains(out.String(), "2 rows: 1 appended, 0 already imported, 1 rejected") ||
		!strings.Contains(out.String(), "units.xlsx:3: parent unit \"nowhere\"") {
		t.Fatalf("xlsx import: %v\n%s", err, out.String())
	}
	err = run(context.Background(), []string{"import", "--kind", "units", "--format", "ods", file}, env, &out, &errOut)
	if report(err, &bytes.Buffer{}) != 2 || !strings.Contains(err.Error(), "csv or xlsx") {
		t.Fatalf("unknown format: %v", err)
	}
}

// TestInterruptedImportReportsTheRowsDone: after "import interrupted after
// 938 of 3000 rows" the summary read "3000 rows: 938 appended", as if the
// other 2,062 had been looked at.
func TestInterruptedImportReportsTheRowsDone(t *testing.T) {
	var out bytes.Buffer
	_ = printReport(&out, "big.csv", csvimport.Report{Rows: 3000, Accepted: 930, Unchanged: 8}, 938)
	if got, want := out.String(), "big.csv: 938 of 3000 rows done before the interruption: 930 appended, 8 already imported, 0 rejected\n"; got != want {
		t.Errorf("summary %q, want %q", got, want)
	}
}
