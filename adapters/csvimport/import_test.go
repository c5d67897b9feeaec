package csvimport

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/unit"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// newImporter returns an Importer over a fresh event store; rowFault
// decides which errors of the Service are the row's.
func newImporter(t *testing.T, rowFault func(error) bool) *Importer {
	t.Helper()
	im, _ := newImporterOn(t, rowFault)
	return im
}

// newImporterOn is newImporter and its database schema.
func newImporterOn(t *testing.T, rowFault func(error) bool) (*Importer, *pgtest.Schema) {
	t.Helper()
	sc := pgtest.New(t)
	st, err := pgstore.New(sc.Pool, pgstore.Config{NotifyChannel: "kinerja_events_" + sc.Name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	svc, err := command.NewService(command.ServiceConfig{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	im, err := New(Config{Service: svc, Now: time.Now, RowFault: rowFault})
	if err != nil {
		t.Fatal(err)
	}
	return im, sc
}

func ruleBroken(err error) bool { return errors.Is(err, unit.ErrAlreadyRegistered) }

func importUnits(t *testing.T, im *Importer, csv string) (Report, error) {
	t.Helper()
	return im.Import(context.Background(), Request{Kind: Units, CSV: strings.NewReader(csv),
		By: actor.Actor{NIP: "test", Role: actor.System}, Instansi: "pemprov-x"})
}

func TestRowErrorsNameLineAndField(t *testing.T) {
	im := newImporter(t, ruleBroken)
	rep, err := importUnits(t, im, "code,name,parent,instansi\n"+
		"root,Root,,pemprov-x\n"+
		"a,A,nowhere,pemprov-x\n"+
		"b,B,,pemkab-y\n"+
		"c,C\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []RowError{
		{Line: 3, Field: "parent", Message: `parent unit "nowhere" is not registered (list parents before their children)`},
		{Line: 4, Field: "instansi", Message: `instansi "pemkab-y" is not yours (pemprov-x)`},
		{Line: 5, Message: "the row has 2 cells; the header names 4 columns"},
	}
	if rep.Rows != 4 || rep.Accepted != 1 || !cmp.Equal(rep.Rejected, want) {
		t.Fatalf("report %+v, want rejected %+v", rep, want)
	}
	// The same file again appends nothing; a clashing row breaks a rule
	// the Service checks and is rejected without a field.
	rep, err = importUnits(t, im, "code,name,parent,instansi\nroot,Root,,pemprov-x\nroot,Other name,,pemprov-x\n")
	if err != nil || rep.Unchanged != 1 || len(rep.Rejected) != 1 || rep.Rejected[0].Field != "" || rep.Rejected[0].Line != 3 {
		t.Fatalf("re-import: %+v, %v", rep, err)
	}
}

func TestFileErrorsAndSystemFailures(t *testing.T) {
	im := newImporter(t, func(error) bool { return false })
	_, err := im.Import(context.Background(), Request{Kind: "widgets", CSV: strings.NewReader("")})
	var fe *FileError
	if !errors.As(err, &fe) || !errors.Is(err, ErrUnknownKind) || !strings.Contains(fe.Message, "widgets") {
		t.Fatalf("unknown kind: %v", err)
	}
	if _, err := importUnits(t, im, "code,name\nx,y\n"); !errors.Is(err, ErrBadFile) {
		t.Fatalf("wrong header: %v", err)
	}
	if _, err := importUnits(t, im, "code,name,parent,instansi\n\"a,b\n"); !errors.Is(err, ErrBadFile) {
		t.Fatalf("not CSV: %v", err)
	}
	// An error of the Service that is not the row's fault rejects the row
	// with its cause, and the import goes on and reports what it appended.
	rep, err := importUnits(t, im, "code,name,parent,instansi\nr,R,,pemprov-x\nr,Other,,pemprov-x\ns,S,,pemprov-x\n")
	if err != nil || rep.Accepted != 2 || len(rep.Rejected) != 1 {
		t.Fatalf("system failure: %+v, %v", rep, err)
	}
	rj := rep.Rejected[0]
	if rj.Line != 3 || rj.Message != msgSystemFailure || !errors.Is(rj.Cause, unit.ErrAlreadyRegistered) || !strings.Contains(rj.Cause.Error(), "line 3") {
		t.Fatalf("system failure row: %+v", rj)
	}
	// It said "register unit r: register unit r: unit already registered".
	if n := strings.Count(rj.Cause.Error(), "register unit r"); n != 1 {
		t.Errorf("the cause names the command %d times: %v", n, rj.Cause)
	}
}

// TestInterruptedImportBlamesNoRow checks that an import whose context ends
// midway stops, says how far it got, and rejects no row for it (the rows
// after the interruption were once all rejected, their parent "not
// registered"); importing again appends the rest.
func TestInterruptedImportBlamesNoRow(t *testing.T) {
	im := newImporter(t, ruleBroken)
	csv := "code,name,parent,instansi\nroot,Root,,pemprov-x\na,A,root,pemprov-x\nb,B,root,pemprov-x\n" +
		"c,C,a,pemprov-x\nd,D,b,pemprov-x\ne,E,root,pemprov-x\n"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rep, err := im.Import(ctx, Request{Kind: Units, CSV: strings.NewReader(csv), By: actor.Actor{NIP: "test", Role: actor.System},
		Instansi: "pemprov-x", Progress: func(done, _ int) {
			if done == 3 {
				cancel()
			}
		}})
	var ie *InterruptedError
	if !errors.As(err, &ie) || ie.Done != 3 || ie.Rows != 6 || !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want an interruption after 3 of 6 rows", err)
	}
	if rep.Accepted != 3 || len(rep.Rejected) != 0 {
		t.Fatalf("report %+v, want 3 appended and none rejected", rep)
	}
	rep, err = importUnits(t, im, csv)
	if err != nil || rep.Unchanged != 3 || rep.Accepted != 3 || len(rep.Rejected) != 0 {
		t.Fatalf("import again: %+v, %v; want 3 already imported, 3 appended", rep, err)
	}
}

// TestRejectedRowNamesTheCommandOnce checks a clashing employee row's
// message: it once read "register employee N: register employee N: ...".
func TestRejectedRowNamesTheCommandOnce(t *testing.T) {
	im := newImporter(t, func(err error) bool { return errors.Is(err, employee.ErrAlreadyRegistered) })
	if _, err := importUnits(t, im, "code,name,parent,instansi\nroot,Root,,pemprov-x\n"); err != nil {
		t.Fatal(err)
	}
	const head = "nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt\n"
	const row = "198609262015051001,%s,pns,pemprov-x,root,administrasi,pelaksana,Analis,III/b,2021-04-01\n"
	rep, err := im.Import(context.Background(), Request{Kind: Employees, By: actor.Actor{NIP: "test", Role: actor.System}, Instansi: "pemprov-x",
		CSV: strings.NewReader(head + fmt.Sprintf(row, "Citra") + fmt.Sprintf(row, "Citra Lain"))})
	want := []RowError{{Line: 3, Message: "register employee 198609262015051001: employee already registered"}}
	if err != nil || rep.Accepted != 1 || !cmp.Equal(rep.Rejected, want) {
		t.Fatalf("report %+v, %v; want rejected %+v", rep, err, want)
	}
}

// TestEmptyOfficialIsRequired: a reporting line without an atasan pejabat
// penilai said `atasan_pejabat_penilai "" is not a registered employee`.
func TestEmptyOfficialIsRequired(t *testing.T) {
	im := newImporter(t, ruleBroken)
	if _, err := importUnits(t, im, "code,name,parent,instansi\nroot,Root,,pemprov-x\n"); err != nil {
		t.Fatal(err)
	}
	by := actor.Actor{NIP: "test", Role: actor.System}
	const emp = "nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt\n" +
		"198609262015051001,Citra,pns,pemprov-x,root,administrasi,pelaksana,Analis,III/b,2021-04-01\n" +
		"197502031998072979,Budi,pns,pemprov-x,root,administrasi,administrator,Kepala,IV/a,2019-04-01\n"
	if rep, err := im.Import(context.Background(), Request{Kind: Employees, By: by, CSV: strings.NewReader(emp)}); err != nil || rep.Accepted != 2 {
		t.Fatalf("employees: %+v %v", rep, err)
	}
	rep, err := im.Import(context.Background(), Request{Kind: ReportingLines, By: by, CSV: strings.NewReader(
		"nip,pejabat_penilai,atasan_pejabat_penilai,effective_from,acting,reason\n" +
			"198609262015051001,197502031998072979,,2025-01-01,no,struktur\n")})
	want := []RowError{{Line: 2, Field: "atasan_pejabat_penilai", Message: "atasan_pejabat_penilai is required (the NIP of a registered employee)"}}
	if err != nil || !cmp.Equal(rep.Rejected, want) {
		t.Fatalf("report %+v, %v; want rejected %+v", rep, err, want)
	}
}

// TestAReferenceThatCannotBeReadIsNoMissingReference: with the database
// gone during an import, a row whose unit could not be read was rejected
// as `unit "c-root" is not registered` (which it was): a failure of the
// system reads as bad data. The row fails as not imported, with the cause,
// so that importing the file again retries it.
func TestAReferenceThatCannotBeReadIsNoMissingReference(t *testing.T) {
	im, sc := newImporterOn(t, ruleBroken)
	sc.Pool.Close() // the database is gone
	rep, err := im.Import(context.Background(), Request{Kind: Employees, By: actor.Actor{NIP: "test", Role: actor.System}, Instansi: "pemprov-x",
		CSV: strings.NewReader("nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt\n" +
			"198609262015051001,Citra,pns,pemprov-x,root,administrasi,pelaksana,Analis,III/b,2021-04-01\n")})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rejected) != 1 || rep.Rejected[0].Cause == nil || strings.Contains(rep.Rejected[0].Message, "not registered") {
		t.Fatalf("report %+v", rep)
	}
}

// TestEmployeeCodesAsTyped: the template's codes are read as a person types
// them ("Administrasi" was refused while "PNS" was taken), and a status that
// is none of them is the status column's fault (it was reported under nip).
func TestEmployeeCodesAsTyped(t *testing.T) {
	im := newImporter(t, ruleBroken)
	if _, err := importUnits(t, im, "code,name,parent,instansi\nroot,Root,,pemprov-x\n"); err != nil {
		t.Fatal(err)
	}
	rep, err := im.Import(context.Background(), Request{Kind: Employees, By: actor.Actor{NIP: "test", Role: actor.System}, Instansi: "pemprov-x",
		CSV: strings.NewReader("nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt\n" +
			"198609262015051001,Ani,PNS,pemprov-x,root,Administrasi,Pelaksana,Analis,iii/a,2021-04-01\n" +
			"198609262015051002,Budi,Pns,pemprov-x,root,Fungsional Keahlian,Ahli Pertama,Analis,III/b,2021-04-01\n" +
			"198609262015051003,Citra,pegawai tetap,pemprov-x,root,administrasi,pelaksana,Analis,III/a,2021-04-01\n")})
	if err != nil || rep.Accepted != 2 || len(rep.Rejected) != 1 || rep.Rejected[0].Field != "status" || rep.Rejected[0].Line != 4 {
		t.Fatalf("report %+v, %v; want two accepted and line 4 rejected for its status", rep, err)
	}
}

// TestRejectedReasonsAreBounded: a reason may quote the value refused; 60 KB
// cells made a report as large as the file.
func TestRejectedReasonsAreBounded(t *testing.T) {
	im := newImporter(t, ruleBroken)
	huge := strings.Repeat("é", 30000)
	rep, err := importUnits(t, im, "code,name,parent,instansi\nroot,Root,"+huge+",pemprov-x\n")
	if err != nil || len(rep.Rejected) != 1 {
		t.Fatalf("report %+v, %v", rep, err)
	}
	if m := rep.Rejected[0].Message; len(m) > 600 || !strings.HasSuffix(m, "…") || !utf8.ValidString(m) {
		t.Errorf("a reason of %d bytes: %.80q…", len(m), m)
	}
}
