package skp_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
)

// supervisors builds the employee stream: the definitive supervisor from
// January, an acting one from July, and returns the employee.
func supervisors(t *testing.T) *employee.Employee {
	t.Helper()
	hr := actor.Actor{NIP: "197101012000032004", Role: actor.HR}
	e, _ := employee.Replay(nil)
	var stored []eventlog.Event
	step := func(events []employee.Event, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		for _, ev := range events {
			typ, v, data, _ := employee.Encode(ev)
			stored = append(stored, eventlog.Event{Type: typ, SchemaVersion: v, Data: data})
		}
	}
	step(e.Register(on("2025-01-02"), hr, employee.Registration{NIP: nipPegawai, Name: "Budi", Status: employee.StatusPNS,
		Instansi: "PEMKAB-X", Unit: "DISKOMINFO.01", Golongan: "III/a", GolonganTMT: day("2021-04-01"),
		Jabatan: employee.Jabatan{Kind: performance.JabatanFungsionalKeahlian, Level: performance.LevelAhliPertama, Name: "Pranata Komputer"}}))
	step(e.AssignReportingLine(on("2025-01-02"), hr, employee.LineAssignment{PejabatPenilai: nipPenilai,
		AtasanPejabatPenilai: nipAtasan, EffectiveFrom: day("2025-01-01"), Reason: "import SIASN"}))
	step(e.AssignReportingLine(on("2025-06-28"), hr, employee.LineAssignment{PejabatPenilai: nipOther,
		AtasanPejabatPenilai: nipAtasan, EffectiveFrom: day("2025-07-01"), Acting: true, Reason: "Plt kepala bidang"}))
	replayed, err := employee.Replay(stored)
	if err != nil {
		t.Fatal(err)
	}
	return replayed
}

// year is a scenario driven through the commands the way the use case will:
// replay the stream, look up the line in force, decide, append.
type year struct {
	t   *testing.T
	emp *employee.Employee
	log []skp.Event
}

func (y *year) lineOn(date string) employee.ReportingLine {
	l, _ := y.emp.ReportingLineAt(civil.DateOf(on(date)))
	return l
}

func (y *year) penilaiOn(date string) actor.Actor {
	return actor.Actor{NIP: y.lineOn(date).PejabatPenilai, Role: actor.PejabatPenilai}
}

func (y *year) do(cmd func(s *skp.SKP) ([]skp.Event, error)) {
	y.t.Helper()
	events, err := cmd(given(y.t, y.log...))
	if err != nil {
		y.t.Fatalf("command %d: %v", len(y.log)+1, err)
	}
	y.log = append(y.log, events...)
}

// TestWholeYear drives one employee's year from the draft to the objection
// decision and checks the sequence of events and the final state.
func TestWholeYear(t *testing.T) {
	y := &year{t: t, emp: supervisors(t)}
	log := wholeYear(y)
	checkWholeYear(t, y, log)
}

// wholeYear runs the year: draft, return, resubmit, approve, a report and a
// rating per quarter (Q3 reported late), feedback and a response, the
// annual rating, an amendment, an objection and its decision.
func wholeYear(y *year) []skp.Event {
	emp, lineOn, penilaiOn, do := y.emp, y.lineOn, y.penilaiOn, y.do
	per := quarterly(y.t)
	do(func(s *skp.SKP) ([]skp.Event, error) {
		return s.Draft(on("2025-01-03"), pegawai, skp.Draft{NIP: nipPegawai, Year: 2025, Instansi: emp.Instansi(), Plan: samplePlan()})
	})
	do(func(s *skp.SKP) ([]skp.Event, error) { return s.Submit(on("2025-01-06"), pegawai) })
	do(func(s *skp.SKP) ([]skp.Event, error) {
		return s.Return(on("2025-01-07"), penilaiOn("2025-01-07"), lineOn("2025-01-07"), "Naikkan target modul")
	})
	do(func(s *skp.SKP) ([]skp.Event, error) { return s.Edit(on("2025-01-08"), pegawai, samplePlan()) })
	do(func(s *skp.SKP) ([]skp.Event, error) { return s.Submit(on("2025-01-08"), pegawai) })
	do(func(s *skp.SKP) ([]skp.Event, error) {
		return s.SetExpectations(on("2025-01-09"), penilaiOn("2025-01-09"), lineOn("2025-01-09"), allSeven())
	})
	do(func(s *skp.SKP) ([]skp.Event, error) {
		return s.Approve(on("2025-01-09"), penilaiOn("2025-01-09"), lineOn("2025-01-09"))
	})
	for _, w := range per.Windows() {
		date := w.Deadline.AddDays(-1).String()
		if w.Number == 3 {
			date = w.Deadline.AddDays(2).String() // reported late, flagged
		}
		do(func(s *skp.SKP) ([]skp.Event, error) {
			return s.ReportRealisation(on(date), pegawai, per, w.Number, "iki-1", skp.Realisation{Quantity: quantity(1), Evidence: []string{"bukti-" + w.Label}})
		})
		do(func(s *skp.SKP) ([]skp.Event, error) {
			return s.RatePeriod(on(date), penilaiOn(date), lineOn(date), per, policy, w.Number, sesuaiAtas)
		})
	}
	do(func(s *skp.SKP) ([]skp.Event, error) {
		return s.GiveFeedback(on("2025-08-04"), penilaiOn("2025-08-04"), lineOn("2025-08-04"), skp.Feedback{Value: skp.Adaptif, Text: "Cepat belajar"})
	})
	do(func(s *skp.SKP) ([]skp.Event, error) {
		return s.RespondToFeedback(on("2025-08-05"), pegawai, 1, "Terima kasih")
	})
	do(func(s *skp.SKP) ([]skp.Event, error) {
		return s.RateAnnual(on("2026-01-05"), penilaiOn("2026-01-05"), lineOn("2026-01-05"), per, policy, sesuaiAtas)
	})
	do(func(s *skp.SKP) ([]skp.Event, error) {
		return s.AmendRatings(on("2026-01-06"), penilaiOn("2026-01-06"), lineOn("2026-01-06"), 0,
			skp.Assessment{Hasil: performance.RatingSesuai, Perilaku: performance.RatingSesuai, Note: "Perilaku salah input"})
	})
	do(func(s *skp.SKP) ([]skp.Event, error) {
		return s.FileObjection(on("2026-01-15"), pegawai, policy, "Kinerja melebihi target")
	})
	do(func(s *skp.SKP) ([]skp.Event, error) {
		return s.DecideObjection(on("2026-01-25"), atasan, lineOn("2026-01-25"), skp.Decision{Outcome: skp.OutcomeRatingsChanged,
			Hasil: performance.RatingDiAtas, Perilaku: performance.RatingDiAtas, Note: "Bukti mendukung"})
	})
	return y.log
}

func checkWholeYear(t *testing.T, y *year, log []skp.Event) {
	var types []string
	var late []bool
	for _, e := range log {
		types = append(types, e.EventType())
		if r, ok := e.(skp.RealisationReported); ok {
			late = append(late, r.Late)
		}
	}
	rpt, rate := skp.TypeRealisationReported, skp.TypePeriodicRatingsGiven
	wantTypes := []string{skp.TypeDrafted, skp.TypeSubmitted, skp.TypeReturned, skp.TypeEdited, skp.TypeSubmitted, skp.TypeExpectationsSet, skp.TypeApproved,
		rpt, rate, rpt, rate, rpt, rate, rpt, rate, skp.TypeFeedbackGiven, skp.TypeFeedbackResponded,
		skp.TypeAnnualRatingsGiven, skp.TypeRatingsAmended, skp.TypeObjectionFiled, skp.TypeObjectionDecided}
	if diff := cmp.Diff(wantTypes, types); diff != "" {
		t.Fatalf("event types (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]bool{false, false, true, false}, late); diff != "" {
		t.Fatalf("late flags (-want +got):\n%s", diff)
	}
	// Ratings after July are by the acting official in force.
	if q3, ok := log[12].(skp.PeriodicRatingsGiven); !ok || q3.By.NIP != nipOther || q3.PolicyVersion != performance.DefaultPolicyVersion {
		t.Fatalf("Q3 rated by %v under %q", q3.By, q3.PolicyVersion)
	}
	final := given(t, log...)
	annual, _ := final.AnnualRatings()
	filed, decided := final.Objection()
	if annual != sangatBaik || !filed || !decided || final.Status() != skp.StatusApproved || final.Version() != uint64(len(log)) {
		t.Fatalf("final state: annual %+v, objection %v/%v, status %s, version %d", annual, filed, decided, final.Status(), final.Version())
	}
	if _, err := final.AmendRatings(on("2026-02-01"), y.penilaiOn("2026-02-01"), y.lineOn("2026-02-01"), 0, sesuaiAtas); err == nil {
		t.Fatal("annual ratings amended after the objection decision")
	}
	if skp.Stream(nipPegawai, 2025) != "skp-198609262015051001-2025" || period.Stream("PEMKAB-X", 2025) != "period-PEMKAB-X-2025" {
		t.Fatal("stream names")
	}
}
