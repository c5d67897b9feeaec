package usecases_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// recorded is what the whole-year test checks of each stored SKP event.
type recorded struct {
	Type, ActorID, ActorRole, PolicyVersion, Reason string
}

// expect accumulates the events the whole year should record.
type expect []recorded

func (e *expect) add(typ string, a actor.Actor, policyVersion, reason string) {
	*e = append(*e, recorded{Type: typ, ActorID: a.NIP, ActorRole: string(a.Role), PolicyVersion: policyVersion, Reason: reason})
}

// TestWholeYear drives one employee's year through the use cases on the
// PostgreSQL event store and checks every event of the SKP stream.
func TestWholeYear(t *testing.T) {
	f := newFixture(t, nil)
	f.organisation()
	var want expect
	yearPlan(f, &want)
	yearEvaluation(f, &want)
	last := yearResult(f, &want)
	checkYearStream(t, f, want, last)
	checkYearState(t, f)
}

const nip, year = nipPegawai, 2025

// yearPlan drafts the SKP, has it returned, edited, submitted again and approved.
func yearPlan(f *fixture, want *expect) {
	f.must(f.svc.DraftSKP(f.ctx, by(pegawai, "2025-01-03"), skp.Draft{NIP: nip, Year: year, Plan: samplePlan()}))
	want.add(skp.TypeDrafted, pegawai, "", "")
	f.must(f.svc.SubmitSKP(f.ctx, by(pegawai, "2025-01-06"), nip, year))
	want.add(skp.TypeSubmitted, pegawai, "", "")
	f.must(f.svc.ReturnSKP(f.ctx, by(penilai, "2025-01-07"), nip, year, "Tambahkan IKI ketepatan waktu"))
	want.add(skp.TypeReturned, penilai, "", "Tambahkan IKI ketepatan waktu")
	plan := samplePlan()
	plan.RHK[0].IKI = append(plan.RHK[0].IKI, skp.IKI{ID: "iki-3", Text: "Modul rilis tepat waktu", Aspek: skp.AspekWaktu,
		Target: skp.Target{Kind: skp.TargetQuantitative, Quantity: 12, Unit: "bulan"}})
	f.must(f.svc.EditSKP(f.ctx, by(pegawai, "2025-01-08"), nip, year, plan))
	want.add(skp.TypeEdited, pegawai, "", "")
	f.must(f.svc.SubmitSKP(f.ctx, by(pegawai, "2025-01-08"), nip, year))
	want.add(skp.TypeSubmitted, pegawai, "", "")
	f.must(f.svc.SetExpectationsSKP(f.ctx, by(penilai, "2025-01-09"), nip, year, allSeven()))
	want.add(skp.TypeExpectationsSet, penilai, "", "")
	f.must(f.svc.ApproveSKP(f.ctx, by(penilai, "2025-01-09"), nip, year))
	want.add(skp.TypeApproved, penilai, "", "")
}

// yearEvaluation gives feedback and its response, then reports realisation
// and rates each quarter; HR closes the first quarter.
func yearEvaluation(f *fixture, want *expect) {
	f.must(f.svc.GiveFeedback(f.ctx, by(penilai, "2025-02-14"), nip, year,
		skp.Feedback{Value: skp.Akuntabel, Text: "Laporan mingguan sering terlambat", Evidence: []string{"memo-17"}}))
	want.add(skp.TypeFeedbackGiven, penilai, "", "")
	f.must(f.svc.RespondToFeedback(f.ctx, by(pegawai, "2025-02-15"), nip, year, 1, "Mulai pekan depan laporan dikirim tiap Jumat"))
	want.add(skp.TypeFeedbackResponded, pegawai, "", "")
	quarters := []struct{ report, rate string }{
		{"2025-04-03", "2025-04-05"}, {"2025-07-03", "2025-07-05"},
		{"2025-10-03", "2025-10-05"}, {"2026-01-03", "2026-01-05"},
	}
	for i, q := range quarters {
		w := i + 1
		f.must(f.svc.ReportRealisation(f.ctx, by(pegawai, q.report), nip, year, w, "iki-1",
			skp.Realisation{Quantity: quantity(float64(w)), Evidence: []string{fmt.Sprintf("ba-uji-modul-%d", w)}}))
		want.add(skp.TypeRealisationReported, pegawai, "", "")
		f.must(f.svc.RatePeriod(f.ctx, by(penilai, q.rate), nip, year, w,
			skp.Assessment{Hasil: performance.RatingSesuai, Perilaku: performance.RatingSesuai, Note: "sesuai rencana"}))
		want.add(skp.TypePeriodicRatingsGiven, penilai, policy.Version, "")
	}
	f.must(f.svc.ClosePeriodWindow(f.ctx, by(hr, "2025-04-12"), instansi, year, 1))
}

// yearResult rates the year, closes it, amends the rating with a reason,
// and has the employee object and the atasan decide. It returns the result
// of the decision.
func yearResult(f *fixture, want *expect) command.Result {
	pv := policy.Version
	f.must(f.svc.RateAnnual(f.ctx, by(penilai, "2026-01-06"), nip, year,
		skp.Assessment{Hasil: performance.RatingDiBawah, Perilaku: performance.RatingSesuai}))
	want.add(skp.TypeAnnualRatingsGiven, penilai, pv, "")
	f.must(f.svc.ClosePeriodYear(f.ctx, by(hr, "2026-01-07"), instansi, year))
	amend := "Modul keempat terverifikasi setelah penilaian"
	f.must(f.svc.AmendRatings(f.ctx, by(penilai, "2026-01-08"), nip, year, 0,
		skp.Assessment{Hasil: performance.RatingSesuai, Perilaku: performance.RatingSesuai, Note: amend}))
	want.add(skp.TypeRatingsAmended, penilai, pv, amend)
	objection := "Seluruh target terlampaui; mohon ditinjau"
	f.must(f.svc.FileObjection(f.ctx, by(pegawai, "2026-01-15"), nip, year, objection))
	want.add(skp.TypeObjectionFiled, pegawai, pv, objection)
	decision := "Bukti capaian diverifikasi bersama kedua pihak"
	last := f.must(f.svc.DecideObjection(f.ctx, by(atasan, "2026-01-20"), nip, year, skp.Decision{
		Outcome: skp.OutcomeRatingsChanged, Hasil: performance.RatingDiAtas, Perilaku: performance.RatingDiAtas, Note: decision}))
	want.add(skp.TypeObjectionDecided, atasan, "", decision)
	return last
}

// checkYearStream compares the stored SKP stream with want and with the
// result of the last command.
func checkYearStream(t *testing.T, f *fixture, want expect, last command.Result) {
	t.Helper()
	stored := f.stream(skp.Stream(nipPegawai, 2025))
	got := make(expect, len(stored))
	for i, e := range stored {
		m := e.Metadata
		got[i] = recorded{Type: e.Type, ActorID: m.ActorID, ActorRole: m.ActorRole, PolicyVersion: m.PolicyVersion, Reason: m.Reason}
		if e.Version != uint64(i+1) {
			t.Errorf("event %d has version %d", i+1, e.Version)
		}
		if i > 0 && e.Position <= stored[i-1].Position {
			t.Errorf("event %d at position %d, not after %d", i+1, e.Position, stored[i-1].Position)
		}
		if m.Client != "test" || m.CorrelationID == "" || m.RequestID == "" {
			t.Errorf("event %d (%s): metadata %+v lacks client, correlation or request id", i+1, e.Type, m)
		}
	}
	if diff := cmp.Diff([]recorded(want), []recorded(got)); diff != "" {
		t.Errorf("SKP stream (-want +got):\n%s", diff)
	}
	end := stored[len(stored)-1]
	if last.Version != end.Version || last.Position != end.Position || len(last.EventIDs) != 1 || last.EventIDs[0] != end.ID {
		t.Errorf("last result %+v, want version %d, position %d, id %s", last, end.Version, end.Position, end.ID)
	}
}

// checkYearState checks the SKP and the period as the service reads them.
func checkYearState(t *testing.T, f *fixture) {
	t.Helper()
	s, err := f.svc.SKP(f.ctx, nipPegawai, 2025)
	if err != nil {
		t.Fatal(err)
	}
	annual, _ := s.AnnualRatings()
	if annual.Predikat != performance.SangatBaik {
		t.Errorf("annual predikat after the decision = %q, want sangat_baik", annual.Predikat)
	}
	if filed, decided := s.Objection(); !filed || !decided {
		t.Errorf("objection filed=%v decided=%v", filed, decided)
	}
	p, err := f.svc.Period(f.ctx, instansi, 2025)
	if err != nil {
		t.Fatal(err)
	}
	if !p.YearClosed() || p.PolicyVersion() != policy.Version {
		t.Errorf("period closed=%v policy=%q", p.YearClosed(), p.PolicyVersion())
	}
	if got := types(f.stream("period-PEMKAB-X-2025")); len(got) != 3 {
		t.Errorf("period stream %v, want opened, window closed, year closed", got)
	}
}
