package projectiontest

import (
	"fmt"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
)

// script returns the appends of one employee's year: the SKP from draft to
// objection, stopped early for some employees, with master-data changes in
// between.
func (w *world) script(n int) []Append {
	s := &scripter{w: w, n: n, nip: NIP(n), self: actor.Actor{NIP: NIP(n), Role: actor.Pegawai},
		boss: actor.Actor{NIP: NIP(n + 1000000), Role: actor.PejabatPenilai}}
	s.plan()
	stages := []func(){s.approve, s.quarters, s.annual, s.objection}
	upTo := w.rng.IntN(len(stages) + 1)
	if w.cfg.National {
		upTo = len(stages) - 1
		if w.rng.IntN(10) == 0 {
			upTo = len(stages)
		}
	}
	for _, st := range stages[:upTo] {
		st()
	}
	return s.out
}

// scripter builds one employee's appends.
type scripter struct {
	w          *world
	n          int
	nip        string
	self, boss actor.Actor
	iki        []string
	p          skp.Plan
	given      skp.Ratings
	out        []Append
}

// emit appends events of the SKP stream, and now and then an employee event.
func (s *scripter) emit(evs ...interface{ EventType() string }) {
	by := s.self
	var out []eventlog.NewEvent
	for _, ev := range evs {
		out = append(out, Encode(ev, by))
	}
	s.out = append(s.out, Append{Stream: skp.Stream(s.nip, s.w.cfg.Year), Events: out})
	if s.w.rng.IntN(12) == 0 {
		s.out = append(s.out, Append{Stream: employee.Stream(s.nip), Events: []eventlog.NewEvent{s.change()}})
	}
}

// change returns a random master-data change of the employee.
func (s *scripter) change() eventlog.NewEvent {
	w, at, eff := s.w, s.w.tick(), civil.Date{Year: s.w.cfg.Year - s.w.rng.IntN(2), Month: 7, Day: 1}
	ins := instansiCode(s.n % w.cfg.Instansi)
	switch w.rng.IntN(5) {
	case 0:
		return Encode(employee.Transferred{NIP: s.nip, ToUnit: w.pick(w.units[ins]), Effective: eff, At: at, By: HR}, HR)
	case 1:
		return Encode(employee.JabatanChanged{NIP: s.nip, To: jabatans[w.rng.IntN(len(jabatans))], Effective: eff, At: at, By: HR}, HR)
	case 2:
		return Encode(employee.GolonganChanged{NIP: s.nip, To: golongans[w.rng.IntN(len(golongans))], TMT: eff, At: at, By: HR}, HR)
	case 3:
		return Encode(employee.ReportingLineAssigned{NIP: s.nip, PejabatPenilai: s.boss.NIP, EffectiveFrom: eff, Reason: "mutasi", At: at, By: HR}, HR)
	}
	return Encode(employee.LeftService{NIP: s.nip, Effective: civil.Date{Year: w.cfg.Year, Month: 12, Day: 31}, Reason: "pensiun", At: at, By: HR}, HR)
}

// plan drafts the SKP and submits it, returned and edited once for some.
func (s *scripter) plan() {
	var p skp.Plan
	for r := range 1 + s.w.rng.IntN(3) {
		rhk := skp.RHK{ID: fmt.Sprintf("R%d", r), Kind: skp.RHKUtama, Text: "hasil kerja", Supports: "A1"}
		for k := range 1 + s.w.rng.IntN(2) {
			id := fmt.Sprintf("R%d.%d", r, k)
			rhk.IKI = append(rhk.IKI, skp.IKI{ID: id, Text: "indikator", Aspek: skp.AspekKuantitas,
				Target: skp.Target{Kind: skp.TargetQuantitative, Quantity: 12, Unit: "dokumen"}})
			s.iki = append(s.iki, id)
		}
		p.RHK = append(p.RHK, rhk)
	}
	s.p = p
	y := s.w.cfg.Year
	s.emit(skp.Drafted{NIP: s.nip, Year: y, Instansi: instansiCode(s.n % s.w.cfg.Instansi), Plan: p, At: s.w.tick(), By: s.self})
	s.emit(skp.Submitted{NIP: s.nip, Year: y, At: s.w.tick(), By: s.self})
	if s.w.rng.IntN(3) == 0 {
		s.emit(skp.Returned{NIP: s.nip, Year: y, Note: "perbaiki target", At: s.w.tick(), By: s.boss})
		s.emit(skp.Edited{NIP: s.nip, Year: y, Plan: p, At: s.w.tick(), By: s.self}, skp.Submitted{NIP: s.nip, Year: y, At: s.w.tick(), By: s.self})
	}
}

// approve approves the plan, revised and approved again for some.
func (s *scripter) approve() {
	y := s.w.cfg.Year
	s.emit(skp.Approved{NIP: s.nip, Year: y, At: s.w.tick(), By: s.boss})
	if s.w.rng.IntN(6) == 0 {
		s.emit(skp.Revised{NIP: s.nip, Year: y, Plan: s.p, Reason: "refocusing", At: s.w.tick(), By: s.self})
		s.emit(skp.Approved{NIP: s.nip, Year: y, At: s.w.tick(), By: s.boss})
	}
}
