package httpapi

import (
	"slices"
	"testing"
	"time"
)

// golonganSortCSV registers PPPK employees (golongan V, IX, XVII and I) and
// PNS ones (IV/a, I/d, II/a) in bidang-b, out of registration order.
const golonganSortCSV = `nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt
199709072023211001,PPPK Lima,pppk,pemprov-jabar,bidang-b,fungsional_keahlian,ahli_pertama,Guru,V,2023-11-01
199709072023211002,PPPK Sembilan,pppk,pemprov-jabar,bidang-b,fungsional_keahlian,ahli_pertama,Guru,IX,2023-11-01
199709072023211003,PPPK Tujuh Belas,pppk,pemprov-jabar,bidang-b,fungsional_keahlian,ahli_pertama,Guru,XVII,2023-11-01
199709072023211004,PPPK Satu,pppk,pemprov-jabar,bidang-b,fungsional_keahlian,ahli_pertama,Guru,I,2023-11-01
199001012015051005,PNS Empat A,pns,pemprov-jabar,bidang-b,administrasi,pelaksana,Pengolah Data,IV/a,2021-04-01
199001012015051006,PNS Satu D,pns,pemprov-jabar,bidang-b,administrasi,pelaksana,Pengolah Data,I/d,2021-04-01
199001012015051007,PNS Dua A,pns,pemprov-jabar,bidang-b,administrasi,pelaksana,Pengolah Data,II/a,2021-04-01
`

// TestGolonganSortsByRank: sort=golongan ordered the standings and the
// promotion candidates by the text of the golongan, so a PPPK golongan IX
// came before V (and IV/e of a PNS between IV and IX of PPPK): HR sorting by
// grade got a list out of rank order. Ranks now sort by their ladder, the
// PNS ranks (I/a–IV/e) before the PPPK golongan (I–XVII).
func TestGolonganSortsByRank(t *testing.T) {
	rs := newReadServer(t, 10*time.Second)
	rs.startProjections(t)
	tk := rs.seed(t)
	rs.send(t, "POST", "/v1/import/employees", tk.hr, golonganSortCSV, "Content-Type", "text/csv").must(t, 200, "import")
	last := rs.head(t)
	want := []string{"I/d", "II/a", "IV/a", "I", "V", "IX", "XVII"} // bidang-b holds penilaiB (IV/a) too
	golongans := func(path string) []string {
		var page struct {
			Items []struct {
				Golongan string `json:"golongan"`
			} `json:"items"`
		}
		rs.get(t, path+"&min_position="+u(last), tk.hr, &page)
		var got []string
		for _, it := range page.Items {
			if !slices.Contains(got, it.Golongan) {
				got = append(got, it.Golongan)
			}
		}
		return got
	}
	for _, path := range []string{"/v1/standings?unit=bidang-b&sort=golongan&limit=1000", "/v1/promotion-candidates?unit=bidang-b&as_of=2026-03-15&sort=golongan&limit=1000"} {
		if got := golongans(path); !slices.Equal(got, want) {
			t.Errorf("%s: golongan in order %v, want %v", path, got, want)
		}
		desc := slices.Clone(want)
		slices.Reverse(desc)
		if got := golongans(path[:len(path)-len("golongan&limit=1000")] + "-golongan&limit=1000"); !slices.Equal(got, desc) {
			t.Errorf("%s descending: golongan in order %v, want %v", path, got, desc)
		}
	}
}
