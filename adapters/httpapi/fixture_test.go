package httpapi

import (
	"strings"
	"testing"

	"github.com/kinerja/kinerja/adapters/csvimport"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/skp"
)

// The people of the test instansi. All NIPs are valid.
const (
	instansi  = "pemprov-jabar"
	kepala    = "197001012000011001" // head of the dinas; atasan pejabat penilai
	penilai   = "197505052001012002" // head of bidang A; pejabat penilai of pegawai
	pegawai   = "198609262015051001" // the employee evaluated
	rekan     = "199001012015052003" // a colleague in bidang A
	penilaiB  = "198001012005011004" // head of bidang B; pegawai's supervisor after a change
	hrNIP     = "198202022006042005" // HR of the instansi
	otherHR   = "198303032007011006" // HR of another instansi
	auditorID = "198505052010011008" // auditor (and inspektorat) of the instansi
	itdaNIP   = "198404042008011007" // inspektorat of the instansi
	otherInst = "pemkab-bogor"       // the other instansi
	auditorB  = "198606062011012011" // auditor of the other instansi
	itdaB     = "198707072012011012" // inspektorat of the other instansi
	adminB    = "198808082013011013" // admin of the other instansi
	skpPath   = "/v1/skp/" + pegawai + "/2025"
	rekanPath = "/v1/skp/" + rekan + "/2025"
)

const unitsCSV = `code,name,parent,instansi
dinas,Dinas Pendidikan,,pemprov-jabar
bidang-a,Bidang Kurikulum,dinas,pemprov-jabar
bidang-b,Bidang Sarana,dinas,pemprov-jabar
`

const employeesCSV = `nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt
197001012000011001,Ahmad Kepala,pns,pemprov-jabar,dinas,jpt,pratama,Kepala Dinas,IV/c,2019-04-01
197505052001012002,Budi Penilai,pns,pemprov-jabar,bidang-a,administrasi,administrator,Kepala Bidang Kurikulum,IV/a,2018-10-01
198609262015051001,Citra Pegawai,pns,pemprov-jabar,bidang-a,administrasi,pelaksana,Analis Kurikulum,III/b,2021-04-01
199001012015052003,Dewi Rekan,pns,pemprov-jabar,bidang-a,administrasi,pelaksana,Pengolah Data,III/a,2019-04-01
198001012005011004,Eko Penilai,pns,pemprov-jabar,bidang-b,administrasi,administrator,Kepala Bidang Sarana,IV/a,2020-04-01
198202022006042005,Fitri HR,pns,pemprov-jabar,dinas,administrasi,pelaksana,Analis SDM,III/c,2020-10-01
`

const linesCSV = `nip,pejabat_penilai,atasan_pejabat_penilai,effective_from,acting,reason
197505052001012002,197001012000011001,198202022006042005,2025-01-01,no,struktur 2025
198609262015051001,197505052001012002,197001012000011001,2025-01-01,no,struktur 2025
199001012015052003,197505052001012002,197001012000011001,2025-01-01,no,struktur 2025
198001012005011004,197001012000011001,198202022006042005,2025-01-01,no,struktur 2025
`

// plan is a valid SKP plan.
func plan(target float64) map[string]any {
	return map[string]any{
		"rhk": []any{map[string]any{"id": "rhk-1", "kind": "utama", "text": "Kurikulum daerah tersusun",
			"supports": "rhk-kepala-1", "iki": []any{map[string]any{"id": "iki-1", "text": "Dokumen kurikulum",
				"aspek": "kuantitas", "target": map[string]any{"kind": "quantitative", "quantity": target, "unit": "dokumen"}}}}},
		"perilaku": []any{map[string]any{"value": "akuntabel", "expectation": "Melapor tepat waktu"}},
	}
}

// expectations is the body of PUT .../expectations with the pejabat
// penilai's expectation for each of the seven BerAKHLAK values.
func expectations() map[string]any {
	var es []any
	for _, v := range skp.Values() {
		es = append(es, map[string]any{"value": string(v), "expectation": "Menunjukkan nilai " + string(v) + " dalam tugas"})
	}
	return map[string]any{"expectations": es}
}

// writeMethod is the method of a write to path in the tests' scripted
// years: PUT for the penilai's expectations, POST for the rest.
func writeMethod(path string) string {
	if strings.HasSuffix(path, "/expectations") {
		return "PUT"
	}
	return "POST"
}

// tokens are the tokens of the fixture's people.
type tokens struct {
	hr, kepala, penilai, penilaiB, pegawai, rekan, otherHR, auditor, inspektorat string
}

func (a *apiServer) tokens(t testing.TB) tokens {
	return tokens{
		hr:          a.token(t, hrNIP, instansi, actor.HR),
		kepala:      a.token(t, kepala, instansi, actor.Pegawai, actor.PejabatPenilai, actor.Pimpinan),
		penilai:     a.token(t, penilai, instansi, actor.Pegawai, actor.PejabatPenilai),
		penilaiB:    a.token(t, penilaiB, instansi, actor.Pegawai, actor.PejabatPenilai),
		pegawai:     a.token(t, pegawai, instansi, actor.Pegawai),
		rekan:       a.token(t, rekan, instansi, actor.Pegawai),
		otherHR:     a.token(t, otherHR, otherInst, actor.HR, actor.Admin),
		auditor:     a.token(t, auditorID, instansi, actor.Auditor, actor.Inspektorat),
		inspektorat: a.token(t, itdaNIP, instansi, actor.Inspektorat),
	}
}

// seed imports the fixture's master data and opens 2025. Units and
// employees are imported as an operator would bootstrap an instansi (kinerja
// import, the system actor), since a token binds only to a registered
// employee; the reporting lines are imported over HTTP by HR.
func (a *apiServer) seed(t testing.TB) tokens {
	t.Helper()
	tk := a.tokens(t)
	a.bootstrap(t)
	for _, f := range []struct{ kind, csv string }{{"reporting-lines", linesCSV}} {
		r := a.send(t, "POST", "/v1/import/"+f.kind, tk.hr, f.csv, "Content-Type", "text/csv").must(t, 200, "import "+f.kind)
		var rep ImportReport
		r.json(t, &rep)
		if len(rep.Rejected) != 0 || rep.Accepted != rep.Rows {
			t.Fatalf("import %s: %+v", f.kind, rep)
		}
	}
	a.send(t, "POST", "/v1/periods", tk.hr, map[string]any{"instansi": instansi, "year": 2025, "frequency": "quarterly"}).
		must(t, 201, "open period")
	return tk
}

// staffCSV registers the fixture's callers who are not evaluated in the
// tests: the auditor and the inspectorate of the instansi, in a unit of
// their own, and HR, an auditor, an inspektur and an admin of the other
// instansi.
const (
	staffUnitsCSV = `code,name,parent,instansi
itda,Inspektorat Daerah,,pemprov-jabar
bogor-bkpsdm,BKPSDM Kabupaten Bogor,,pemkab-bogor
`
	staffCSV = `nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt
198505052010011008,Gita Auditor,pns,pemprov-jabar,itda,fungsional_keahlian,ahli_muda,Auditor,III/d,2020-04-01
198404042008011007,Hadi Inspektur,pns,pemprov-jabar,itda,fungsional_keahlian,ahli_madya,Auditor,IV/a,2020-04-01
198303032007011006,Indah HR Bogor,pns,pemkab-bogor,bogor-bkpsdm,administrasi,pelaksana,Analis SDM,III/c,2020-10-01
198606062011012011,Joko Auditor Bogor,pns,pemkab-bogor,bogor-bkpsdm,fungsional_keahlian,ahli_muda,Auditor,III/d,2020-04-01
198707072012011012,Kartika Inspektur Bogor,pns,pemkab-bogor,bogor-bkpsdm,fungsional_keahlian,ahli_madya,Auditor,IV/a,2020-04-01
198808082013011013,Lukman Admin Bogor,pns,pemkab-bogor,bogor-bkpsdm,administrasi,pelaksana,Pranata Komputer,III/b,2020-04-01
`
)

// bootstrap imports the units and employees of the fixture as the system
// actor, the way "kinerja import" does.
func (a *apiServer) bootstrap(t testing.TB) {
	t.Helper()
	by := actor.Actor{NIP: "kinerja-import", Role: actor.System}
	for _, f := range []struct{ kind, csv string }{{"units", unitsCSV}, {"units", staffUnitsCSV},
		{"employees", employeesCSV}, {"employees", staffCSV}} {
		rep, err := a.srv.api.Importer.Import(t.Context(), csvimport.Request{Kind: f.kind, CSV: strings.NewReader(f.csv), By: by})
		if err != nil || len(rep.Rejected) != 0 {
			t.Fatalf("bootstrap %s: %+v, %v", f.kind, rep, err)
		}
	}
}
