package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	usecase "github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/unit"
)

// demoInstansi is the instansi the demo seeds.
const demoInstansi = "pemprov-demo"

// demoPerson is one seeded employee and who evaluates them.
type demoPerson struct {
	reg     employee.Registration
	penilai string // empty for the head of the instansi
	atasan  string
	staff   bool // has an SKP in the demo year
}

// demoOrg is the seeded instansi: its units (parents first) and people.
type demoOrg struct {
	units  []unit.Registration
	people []demoPerson
	// Well-known people, for tokens and examples. Every token is for one of
	// them, since a token binds only to a registered employee.
	sekda, asisten, kadis, kabid, staff, hr, admin, auditor, inspektur string
}

// demoDinas are the dinas of the demo instansi and their bidang.
func demoDinas() [][2]string {
	return [][2]string{{"dinkes", "Dinas Kesehatan"}, {"disdik", "Dinas Pendidikan"}, {"dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang"}, {"bkpsdm", "Badan Kepegawaian dan Pengembangan SDM"}}
}

// demoNames generates Indonesian names and valid, unique NIPs.
type demoNames struct {
	rng  *rand.Rand
	seen map[string]bool
}

func (n *demoNames) name() string {
	first := []string{"Agus", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gita", "Hendra", "Indah", "Joko", "Kartika", "Lestari", "Made", "Nur", "Oktaviani", "Putu", "Rina", "Siti", "Teguh", "Wahyu", "Yuli", "Zainal"}
	last := []string{"Pratama", "Saputra", "Wijaya", "Lestari", "Hidayat", "Kusuma", "Nugroho", "Rahmawati", "Santoso", "Siregar", "Simanjuntak", "Wibowo", "Gunawan", "Maharani", "Setiawan"}
	return first[n.rng.IntN(len(first))] + " " + last[n.rng.IntN(len(last))]
}

// nip returns a new valid NIP of someone born in [from, from+span) years,
// appointed as CPNS between age 23 and 29 and no later than 2022.
func (n *demoNames) nip(from, span int) string {
	for {
		by := from + n.rng.IntN(span)
		ay := min(by+23+n.rng.IntN(7), 2020) // before the golongan TMT of person
		s := fmt.Sprintf("%04d%02d%02d%04d%02d%d%03d", by, 1+n.rng.IntN(12), 1+n.rng.IntN(28), ay, 1+n.rng.IntN(12),
			1+n.rng.IntN(2), 1+n.rng.IntN(999))
		if !n.seen[s] && employee.ValidateNIP(s, employee.StatusPNS) == nil {
			n.seen[s] = true
			return s
		}
	}
}

// person returns the registration of a PNS.
func (n *demoNames) person(nip, unitCode string, j employee.Jabatan, g performance.Golongan) employee.Registration {
	return employee.Registration{NIP: nip, Name: n.name(), Status: employee.StatusPNS, Instansi: demoInstansi, Unit: unitCode,
		Jabatan: j, Golongan: g, GolonganTMT: civil.Date{Year: 2021, Month: time.April, Day: 1}}
}

// newDemoOrg lays out the instansi: a secretariat with the sekda and an
// asisten, four dinas with a kepala each, three bidang per dinas with a
// kepala bidang and staffPerBidang staff.
func newDemoOrg(staffPerBidang int) demoOrg {
	n := &demoNames{rng: rand.New(rand.NewPCG(2025, 6)), seen: map[string]bool{}}
	o := demoOrg{units: []unit.Registration{{Code: "setda", Name: "Sekretariat Daerah", Instansi: demoInstansi}}}
	jpt := func(level performance.JabatanLevel, name string) employee.Jabatan {
		return employee.Jabatan{Kind: performance.JabatanJPT, Level: level, Name: name}
	}
	o.sekda, o.asisten = n.nip(1966, 4), n.nip(1968, 4)
	o.people = append(o.people,
		demoPerson{reg: n.person(o.sekda, "setda", jpt(performance.LevelMadya, "Sekretaris Daerah"), "IV/e")},
		// The asisten's and the sekda's evaluators (the sekda, the governor) are
		// not all in the master data; the demo gives them no reporting line.
		demoPerson{reg: n.person(o.asisten, "setda", jpt(performance.LevelPratama, "Asisten Administrasi Umum"), "IV/d")})
	for _, d := range demoDinas() {
		o.addDinas(n, d[0], d[1], staffPerBidang)
	}
	o.addInspektorat(n)
	return o
}

// addInspektorat adds the Inspektorat Daerah with an inspektur and an
// auditor, who hold the demo's inspektorat and auditor tokens; they have no
// SKP in the demo year.
func (o *demoOrg) addInspektorat(n *demoNames) {
	o.units = append(o.units, unit.Registration{Code: "inspektorat", Name: "Inspektorat Daerah", Parent: "setda", Instansi: demoInstansi})
	o.inspektur, o.auditor = n.nip(1970, 6), n.nip(1982, 10)
	o.people = append(o.people,
		demoPerson{reg: n.person(o.inspektur, "inspektorat", employee.Jabatan{Kind: performance.JabatanJPT,
			Level: performance.LevelPratama, Name: "Inspektur Daerah"}, "IV/c"), penilai: o.asisten, atasan: o.sekda},
		demoPerson{reg: n.person(o.auditor, "inspektorat", employee.Jabatan{Kind: performance.JabatanFungsionalKeahlian,
			Level: performance.LevelAhliMuda, Name: "Auditor Ahli Muda"}, "III/d"), penilai: o.inspektur, atasan: o.asisten})
}

// addDinas adds a dinas, its kepala, its bidang and their people.
func (o *demoOrg) addDinas(n *demoNames, code, name string, staffPerBidang int) {
	o.units = append(o.units, unit.Registration{Code: code, Name: name, Parent: "setda", Instansi: demoInstansi})
	kadis := n.nip(1970, 6)
	o.people = append(o.people, demoPerson{reg: n.person(kadis, code,
		employee.Jabatan{Kind: performance.JabatanJPT, Level: performance.LevelPratama, Name: "Kepala " + name}, "IV/c"),
		penilai: o.asisten, atasan: o.sekda})
	for b := 1; b <= 3; b++ {
		bc := fmt.Sprintf("%s-bidang-%d", code, b)
		o.units = append(o.units, unit.Registration{Code: bc, Name: fmt.Sprintf("Bidang %d %s", b, name), Parent: code, Instansi: demoInstansi})
		kabid := n.nip(1974, 8)
		o.people = append(o.people, demoPerson{reg: n.person(kabid, bc, employee.Jabatan{Kind: performance.JabatanAdministrasi,
			Level: performance.LevelAdministrator, Name: "Kepala Bidang"}, "IV/a"), penilai: kadis, atasan: o.asisten, staff: true})
		for s := 0; s < staffPerBidang; s++ {
			j, g := employee.Jabatan{Kind: performance.JabatanAdministrasi, Level: performance.LevelPelaksana, Name: "Pengelola Data"}, performance.Golongan("III/a")
			if s%3 == 0 {
				j, g = employee.Jabatan{Kind: performance.JabatanFungsionalKeahlian, Level: performance.LevelAhliPertama, Name: "Analis Kebijakan Ahli Pertama"}, "III/b"
			}
			nip := n.nip(1980, 16)
			o.people = append(o.people, demoPerson{reg: n.person(nip, bc, j, g), penilai: kabid, atasan: kadis, staff: true})
			if o.staff == "" {
				o.staff, o.kabid, o.kadis = nip, kabid, kadis
			}
			switch {
			case code == "bkpsdm" && o.hr == "":
				o.hr = nip
			case code == "bkpsdm" && o.admin == "":
				o.admin = nip
			}
		}
	}
}

// seedMasterData registers the units, the employees and their reporting
// lines, as HR of the instansi would.
func seedMasterData(ctx context.Context, svc *usecase.Service, o demoOrg, year int) error {
	m := usecase.Meta{Actor: actor.Actor{NIP: "kinerja-demo", Role: actor.System}, Client: "kinerja demo",
		At: time.Date(year, time.January, 2, 9, 0, 0, 0, wib())}
	for _, u := range o.units {
		if _, err := svc.RegisterUnit(ctx, m, u); err != nil {
			return err
		}
	}
	for _, p := range o.people {
		if _, err := svc.RegisterEmployee(ctx, m, p.reg); err != nil {
			return err
		}
	}
	for _, p := range o.people {
		if p.penilai == "" || p.atasan == "" {
			continue
		}
		_, err := svc.AssignReportingLine(ctx, m, p.reg.NIP, employee.LineAssignment{PejabatPenilai: p.penilai,
			AtasanPejabatPenilai: p.atasan, EffectiveFrom: civil.Date{Year: year, Month: time.January, Day: 1}, Reason: "Struktur organisasi " + fmt.Sprint(year)})
		if err != nil {
			return err
		}
	}
	return nil
}

// wib is Western Indonesian Time, UTC+7.
func wib() *time.Location { return time.FixedZone("WIB", 7*60*60) }
