package projectiontest

import (
	"fmt"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/unit"
)

// HR is the actor of master-data events.
var HR = actor.Actor{NIP: "197001012000011001", Role: actor.HR}

// golongans and jabatans are the grades and positions drawn from.
var (
	golongans = []performance.Golongan{"II/c", "III/a", "III/b", "III/c", "III/d", "IV/a"}
	jabatans  = []employee.Jabatan{
		{Kind: performance.JabatanFungsionalKeahlian, Level: performance.LevelAhliPertama, Name: "Analis Kebijakan Ahli Pertama"},
		{Kind: performance.JabatanFungsionalKeahlian, Level: performance.LevelAhliMuda, Name: "Pranata Komputer Ahli Muda"},
		{Kind: performance.JabatanAdministrasi, Level: performance.LevelPelaksana, Name: "Pengadministrasi Umum"},
		{Kind: performance.JabatanAdministrasi, Level: performance.LevelPengawas, Name: "Kepala Subbagian"},
		{Kind: performance.JabatanFungsionalKeterampilan, Level: performance.LevelTerampil, Name: "Arsiparis Terampil"},
	}
)

// registerUnits registers a tree of units: a root and children below
// random earlier units.
func (w *world) registerUnits(ins string) {
	for k := range w.cfg.Units {
		code := fmt.Sprintf("%s-U%02d", ins, k)
		parent := ""
		if k > 0 {
			parent = w.units[ins][w.rng.IntN(k)]
		}
		w.units[ins] = append(w.units[ins], code)
		ev := unit.Registered{Code: code, Name: "Unit " + code, Parent: parent, Instansi: ins, At: w.tick(), By: HR}
		w.out = append(w.out, w.append("unit-"+code, Encode(ev, HR)))
	}
}

// registered returns the registration of employee n in instansi ins.
func (w *world) registered(n int, ins string) eventlog.NewEvent {
	ev := employee.Registered{NIP: NIP(n), Name: fmt.Sprintf("Pegawai %05d", n), Status: employee.StatusPNS,
		Instansi: ins, Unit: w.pick(w.units[ins]), Jabatan: jabatans[w.rng.IntN(len(jabatans))],
		Golongan: golongans[w.rng.IntN(len(golongans))], GolonganTMT: civil.Date{Year: w.cfg.Year - 1 - w.rng.IntN(6), Month: 4, Day: 1},
		At: w.tick(), By: HR}
	return Encode(ev, HR)
}

// openYear opens the evaluation year of ins with quarterly windows.
func (w *world) openYear(ins string) {
	ws := period.Layout(w.cfg.Year, performance.FrequencyQuarterly)
	for i := range ws {
		ws[i].Deadline = ws[i].End.AddDays(5)
	}
	ev := period.Opened{Instansi: ins, Year: w.cfg.Year, Frequency: performance.FrequencyQuarterly, Windows: ws,
		PolicyVersion: performance.DefaultPolicyVersion, At: w.tick(), By: HR}
	w.out = append(w.out, w.append(period.Stream(ins, w.cfg.Year), Encode(ev, HR)))
}

// closeYear closes the last window and the year of ins.
func (w *world) closeYear(ins string) {
	s := period.Stream(ins, w.cfg.Year)
	wc := period.WindowClosed{Instansi: ins, Year: w.cfg.Year, Window: 4, Label: fmt.Sprintf("%d-Q4", w.cfg.Year), At: w.tick(), By: HR}
	yc := period.YearClosed{Instansi: ins, Year: w.cfg.Year, At: w.tick(), By: HR}
	w.out = append(w.out, w.append(s, Encode(wc, HR), Encode(yc, HR)))
}

// sprinkle appends one random unit event.
func (w *world) sprinkle() {
	ins := instansiCode(w.rng.IntN(w.cfg.Instansi))
	code := w.pick(w.units[ins])
	pimpinan := actor.Actor{NIP: "196501011990031001", Role: actor.Pimpinan}
	var ev eventlog.NewEvent
	switch w.rng.IntN(5) {
	case 4:
		root := w.units[ins][0]
		if code == root {
			return
		}
		ev = Encode(unit.Moved{Code: code, ToParent: root, At: w.tick(), By: HR}, HR)
	case 0:
		ev = Encode(unit.Renamed{Code: code, From: "Unit " + code, To: "Bagian " + code, At: w.tick(), By: HR}, HR)
	case 1:
		ev = Encode(unit.OrganisationPredikatSet{Code: code, Year: w.cfg.Year, Period: fmt.Sprint(w.cfg.Year),
			Predikat: performance.OrgBaik, PolicyVersion: performance.DefaultPolicyVersion, At: w.tick(), By: pimpinan}, pimpinan)
	case 2:
		ev = Encode(unit.DistributionOverrideRecorded{Code: code, Year: w.cfg.Year, Period: fmt.Sprint(w.cfg.Year),
			Predikat: performance.OrgBaik, Violations: []unit.Violation{{Rule: "baik_max", Limit: 7, Actual: 8, Message: "baik 8 > 7"}},
			Justification: "unit kecil", PolicyVersion: performance.DefaultPolicyVersion, At: w.tick(), By: pimpinan}, pimpinan)
	default:
		ev = Encode(period.WindowClosed{Instansi: ins, Year: w.cfg.Year, Window: 1 + w.rng.IntN(3), Label: "Q", At: w.tick(), By: HR}, HR)
		w.out = append(w.out, w.append(period.Stream(ins, w.cfg.Year), ev))
		return
	}
	w.out = append(w.out, w.append("unit-"+code, ev))
}

// pick returns a random element of xs.
func (w *world) pick(xs []string) string { return xs[w.rng.IntN(len(xs))] }
