package httpapitest

import (
	"strings"
	"testing"

	"github.com/kinerja/kinerja/adapters/csvimport"
	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/domain/actor"
)

// The people of the fixture's instansi. All NIPs are valid.
const (
	Instansi      = "pemprov-jabar"
	OtherInstansi = "pemkab-bogor"
	Kepala        = "197001012000011001" // head of the dinas; atasan pejabat penilai of Pegawai
	Penilai       = "197505052001012002" // head of bidang A; pejabat penilai of Pegawai and Rekan
	Pegawai       = "198609262015051001" // the employee evaluated
	Rekan         = "199001012015052003" // a colleague in bidang A
	PenilaiB      = "198001012005011004" // head of bidang B
	HRNIP         = "198202022006042005" // HR of the instansi
	OtherHRNIP    = "198303032007011006" // HR and admin of OtherInstansi
	AuditorID     = "198505052010011008" // auditor and inspektorat of the instansi
	OtherAuditor  = "198606062011012011" // auditor and inspektorat of OtherInstansi
	Inspektorat   = "198404042008011007" // inspektorat of the instansi
	Year          = "2025"
	// SKPPath is the path of Pegawai's SKP of 2025; RekanSKPPath is Rekan's.
	SKPPath      = "/v1/skp/" + Pegawai + "/" + Year
	RekanSKPPath = "/v1/skp/" + Rekan + "/" + Year
)

// UnitsCSV, EmployeesCSV and LinesCSV are the master data Seed imports.
const (
	UnitsCSV = `code,name,parent,instansi
dinas,Dinas Pendidikan,,pemprov-jabar
bidang-a,Bidang Kurikulum,dinas,pemprov-jabar
bidang-b,Bidang Sarana,dinas,pemprov-jabar
`
	EmployeesCSV = `nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt
197001012000011001,Ahmad Kepala,pns,pemprov-jabar,dinas,jpt,pratama,Kepala Dinas,IV/c,2019-04-01
197505052001012002,Budi Penilai,pns,pemprov-jabar,bidang-a,administrasi,administrator,Kepala Bidang Kurikulum,IV/a,2018-10-01
198609262015051001,Citra Pegawai,pns,pemprov-jabar,bidang-a,administrasi,pelaksana,Analis Kurikulum,III/b,2021-04-01
199001012015052003,Dewi Rekan,pns,pemprov-jabar,bidang-a,administrasi,pelaksana,Pengolah Data,III/a,2019-04-01
198001012005011004,Eko Penilai,pns,pemprov-jabar,bidang-b,administrasi,administrator,Kepala Bidang Sarana,IV/a,2020-04-01
198202022006042005,Fitri HR,pns,pemprov-jabar,dinas,administrasi,pelaksana,Analis SDM,III/c,2020-10-01
`
	LinesCSV = `nip,pejabat_penilai,atasan_pejabat_penilai,effective_from,acting,reason
197505052001012002,197001012000011001,198202022006042005,2025-01-01,no,struktur 2025
198609262015051001,197505052001012002,197001012000011001,2025-01-01,no,struktur 2025
199001012015052003,197505052001012002,197001012000011001,2025-01-01,no,struktur 2025
198001012005011004,197001012000011001,198202022006042005,2025-01-01,no,struktur 2025
`
)

// StaffUnitsCSV and StaffCSV register the fixture's callers who are not
// evaluated: the auditor and the inspektorat of the instansi, in a unit of
// their own, and HR and the auditor of OtherInstansi. Every caller must be
// a registered employee of the instansi their token names.
const (
	StaffUnitsCSV = `code,name,parent,instansi
itda,Inspektorat Daerah,,pemprov-jabar
bogor-bkpsdm,BKPSDM Kabupaten Bogor,,pemkab-bogor
`
	StaffCSV = `nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt
198505052010011008,Gita Auditor,pns,pemprov-jabar,itda,fungsional_keahlian,ahli_muda,Auditor,III/d,2020-04-01
198404042008011007,Hadi Inspektur,pns,pemprov-jabar,itda,fungsional_keahlian,ahli_madya,Auditor,IV/a,2020-04-01
198303032007011006,Indah HR Bogor,pns,pemkab-bogor,bogor-bkpsdm,administrasi,pelaksana,Analis SDM,III/c,2020-10-01
198606062011012011,Joko Auditor Bogor,pns,pemkab-bogor,bogor-bkpsdm,fungsional_keahlian,ahli_muda,Auditor,III/d,2020-04-01
`
)

// Plan returns a valid SKP plan with one RHK (rhk-1) and one IKI (iki-1).
func Plan(target float64) map[string]any {
	return map[string]any{
		"rhk": []any{map[string]any{"id": "rhk-1", "kind": "utama", "text": "Kurikulum daerah tersusun",
			"supports": "rhk-kepala-1", "iki": []any{map[string]any{"id": "iki-1", "text": "Dokumen kurikulum",
				"aspek": "kuantitas", "target": map[string]any{"kind": "quantitative", "quantity": target, "unit": "dokumen"}}}}},
		"perilaku": []any{map[string]any{"value": "akuntabel", "expectation": "Melapor tepat waktu"}},
	}
}

// Tokens are tokens of the fixture's people.
type Tokens struct {
	HR, Kepala, Penilai, PenilaiB, Pegawai, Rekan, Inspektorat string
	// Auditor is auditor and inspektorat of the instansi.
	Auditor string
	// Admin is the admin of the instansi (HRNIP with the admin role).
	Admin string
	// OtherHR is HR and admin of OtherInstansi; OtherAuditor is its auditor
	// and inspektorat.
	OtherHR, OtherAuditor string
}

// Tokens mints the tokens of the fixture's people.
func (s *Server) Tokens(t testing.TB) Tokens {
	t.Helper()
	return Tokens{
		HR:           s.Token(t, HRNIP, Instansi, actor.HR),
		Kepala:       s.Token(t, Kepala, Instansi, actor.Pegawai, actor.PejabatPenilai, actor.Pimpinan),
		Penilai:      s.Token(t, Penilai, Instansi, actor.Pegawai, actor.PejabatPenilai),
		PenilaiB:     s.Token(t, PenilaiB, Instansi, actor.Pegawai, actor.PejabatPenilai),
		Pegawai:      s.Token(t, Pegawai, Instansi, actor.Pegawai),
		Rekan:        s.Token(t, Rekan, Instansi, actor.Pegawai),
		Inspektorat:  s.Token(t, Inspektorat, Instansi, actor.Inspektorat),
		Auditor:      s.Token(t, AuditorID, Instansi, actor.Auditor, actor.Inspektorat),
		Admin:        s.Token(t, HRNIP, Instansi, actor.Admin),
		OtherHR:      s.Token(t, OtherHRNIP, OtherInstansi, actor.HR, actor.Admin),
		OtherAuditor: s.Token(t, OtherAuditor, OtherInstansi, actor.Auditor, actor.Inspektorat),
	}
}

// Seed bootstraps the fixture's units and employees (and the staff) as an
// operator does, then, over HTTP as HR, imports the reporting lines and
// opens 2025 (quarterly).
func (s *Server) Seed(t testing.TB) Tokens {
	t.Helper()
	tk := s.Tokens(t)
	s.Bootstrap(t, "units", UnitsCSV+StaffUnitsCSV[strings.Index(StaffUnitsCSV, "\n")+1:])
	s.Bootstrap(t, "employees", EmployeesCSV+StaffCSV[strings.Index(StaffCSV, "\n")+1:])
	s.ImportCSV(t, tk.HR, "reporting-lines", LinesCSV)
	s.OpenPeriod(t, tk.HR, Instansi, 2025)
	return tk
}

// Bootstrap imports master data of kind as the system actor, the way
// "kinerja import" does: a token binds only to a registered employee, so
// an instansi's first HR is registered so. Every row must be accepted.
func (s *Server) Bootstrap(t testing.TB, kind, csv string) {
	t.Helper()
	by := actor.Actor{NIP: "kinerja-import", Role: actor.System}
	rep, err := s.Importer.Import(t.Context(), csvimport.Request{Kind: kind, CSV: strings.NewReader(csv), By: by})
	if err != nil || len(rep.Rejected) != 0 || rep.Accepted != rep.Rows {
		t.Fatalf("bootstrap %s: %+v, %v", kind, rep, err)
	}
}

// ImportCSV imports master data of kind ("units", "employees" or
// "reporting-lines") as token over HTTP; every row must be accepted.
func (s *Server) ImportCSV(t testing.TB, token, kind, csv string) {
	t.Helper()
	r := s.Send(t, "POST", "/v1/import/"+kind, token, csv, "Content-Type", "text/csv").Must(t, 200, "import "+kind)
	var rep httpapi.ImportReport
	r.JSON(t, &rep)
	if len(rep.Rejected) != 0 || rep.Accepted != rep.Rows {
		t.Fatalf("import %s: %+v", kind, rep)
	}
}

// OpenPeriod opens year (quarterly) for instansi as token over HTTP.
func (s *Server) OpenPeriod(t testing.TB, token, instansi string, year int) {
	t.Helper()
	s.Send(t, "POST", "/v1/periods", token, map[string]any{"instansi": instansi, "year": year, "frequency": "quarterly"}).
		Must(t, 201, "open period")
}

// ApprovedSKPs seeds the instansi and has Pegawai's and Rekan's SKPs of
// 2025 drafted, submitted and approved by Penilai.
func (s *Server) ApprovedSKPs(t testing.TB) Tokens {
	t.Helper()
	tk := s.Seed(t)
	for _, e := range []struct{ path, tok string }{{SKPPath, tk.Pegawai}, {RekanSKPPath, tk.Rekan}} {
		s.Send(t, "POST", e.path, e.tok, map[string]any{"plan": Plan(10)}).Must(t, 201, "draft")
		s.Send(t, "POST", e.path+"/submit", e.tok, nil).Must(t, 200, "submit")
		s.Send(t, "POST", e.path+"/approve", tk.Penilai, nil).Must(t, 200, "approve")
	}
	return tk
}
