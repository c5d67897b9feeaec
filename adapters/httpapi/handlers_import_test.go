package httpapi

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestImportReportsRejectedRowsByLine(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	csv := "nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt\n" +
		"199505052020012008,Gilang,pns,pemprov-jabar,bidang-a,administrasi,pelaksana,Staf,III/a,2020-01-01\n" +
		"199505052020012009,\"Nama, Dengan Koma\",pns,pemprov-jabar,nowhere,administrasi,pelaksana,Staf,III/a,2020-01-01\n" +
		"199513052020012010,Bad NIP,pns,pemprov-jabar,bidang-a,administrasi,pelaksana,Staf,III/a,2020-01-01\n" +
		"199505052020012011,Bad date,pns,pemprov-jabar,bidang-a,administrasi,pelaksana,Staf,III/a,2020-13-01\n" +
		"199505052020012012,Other,pns,pemkab-bogor,bidang-a,administrasi,pelaksana,Staf,III/a,2020-01-01\n" +
		"199505052020012013,Bad grade,pns,pemprov-jabar,bidang-a,administrasi,pelaksana,Staf,XX,2020-01-01\n"
	var rep ImportReport
	a.send(t, "POST", "/v1/import/employees", tk.hr, csv, "Content-Type", "text/csv; charset=utf-8").must(t, 200, "import").json(t, &rep)
	var lines []int
	for _, r := range rep.Rejected {
		lines = append(lines, r.Line)
	}
	if rep.Rows != 6 || rep.Accepted != 1 || !cmp.Equal(lines, []int{3, 4, 5, 6, 7}) {
		t.Fatalf("report %+v", rep)
	}
	for i, want := range []string{"unit \"nowhere\"", "nip:", "golongan_tmt:", "not yours", "golongan"} {
		if !strings.Contains(rep.Rejected[i].Reason, want) {
			t.Errorf("line %d: reason %q lacks %q", rep.Rejected[i].Line, rep.Rejected[i].Reason, want)
		}
	}
	a.denied(t, 400, TypeMalformed, "wrong header", "POST", "/v1/import/employees", tk.hr, "nip,name\n1,x\n", "Content-Type", "text/csv")
	a.send(t, "POST", "/v1/import/units", tk.hr, "code,name,parent,instansi\na,b\n", "Content-Type", "text/csv").must(t, 200, "ragged").json(t, &rep)
	if len(rep.Rejected) != 1 || rep.Rejected[0].Line != 2 || !strings.Contains(rep.Rejected[0].Reason, "2 cells") {
		t.Fatalf("a ragged row: %+v", rep)
	}
	a.denied(t, 415, TypeUnsupportedMediaType, "not CSV", "POST", "/v1/import/units", tk.hr, unitsCSV, "Content-Type", "application/json")
	a.denied(t, 404, TypeNotFound, "unknown kind", "POST", "/v1/import/widgets", tk.hr, unitsCSV, "Content-Type", "text/csv")
}
