package usecases_test

import (
	"errors"
	"github.com/kinerja/kinerja/domain/adoption"
	"github.com/kinerja/kinerja/domain/unit"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// TestFormerSupervisorCannotRate changes the reporting line from 1 July: the
// former pejabat penilai rates the second quarter on 30 June but not the
// third, which the new (acting) one rates. The day of an action is the day
// in the instansi's time zone.
func TestFormerSupervisorCannotRate(t *testing.T) {
	f := newFixture(t, nil)
	f.organisation()
	f.approved()
	f.must(f.svc.AssignReportingLine(f.ctx, by(hr, "2025-06-28"), nipPegawai, employee.LineAssignment{
		PejabatPenilai: nipOther, AtasanPejabatPenilai: nipAtasan, EffectiveFrom: day("2025-07-01"),
		Acting: true, Reason: "Plt kepala bidang"}))

	f.must(f.svc.RatePeriod(f.ctx, by(penilai, "2025-06-30"), nipPegawai, 2025, 2, sesuai))
	lateEvening := by(penilai, "2025-06-30")
	lateEvening.At = time.Date(2025, 6, 30, 18, 0, 0, 0, time.UTC) // 1 July, 01:00 WIB
	_, err := f.svc.AmendRatings(f.ctx, lateEvening, nipPegawai, 2025, 2, skp.Assessment{
		Hasil: performance.RatingDiAtas, Perilaku: performance.RatingSesuai, Note: "koreksi"})
	if !errors.Is(err, skp.ErrNotPejabatPenilai) {
		t.Errorf("amendment at 01:00 WIB on 1 July by the former supervisor: %v, want skp.ErrNotPejabatPenilai", err)
	}
	_, err = f.svc.RatePeriod(f.ctx, by(penilai, "2025-10-05"), nipPegawai, 2025, 3, sesuai)
	if !errors.Is(err, skp.ErrNotPejabatPenilai) {
		t.Errorf("rating by the former supervisor: %v, want skp.ErrNotPejabatPenilai", err)
	}
	f.must(f.svc.RatePeriod(f.ctx, by(other, "2025-10-05"), nipPegawai, 2025, 3, sesuai))
	if n := len(f.skpEvents(skp.TypePeriodicRatingsGiven)); n != 2 {
		t.Errorf("%d ratings recorded, want 2", n)
	}
}

// TestNobodyRatesThemselves has the employee try to rate their own SKP.
func TestNobodyRatesThemselves(t *testing.T) {
	f := newFixture(t, nil)
	f.organisation()
	f.approved()
	self := actor.Actor{NIP: nipPegawai, Role: actor.PejabatPenilai}
	_, err := f.svc.RatePeriod(f.ctx, by(self, "2025-04-05"), nipPegawai, 2025, 1, diAtas)
	if !errors.Is(err, skp.ErrSelfRating) {
		t.Errorf("self rating: %v, want skp.ErrSelfRating", err)
	}
	_, err = f.svc.RatePeriod(f.ctx, by(pegawai, "2025-04-05"), nipPegawai, 2025, 1, diAtas)
	if !errors.Is(err, actor.ErrRoleNotAllowed) {
		t.Errorf("rating as pegawai: %v, want actor.ErrRoleNotAllowed", err)
	}
}

// TestObjectionDeadline rates the year on 6 January 2026: an objection on
// 21 January is late (even when sent at 18:00 UTC on the 20th, which is the
// 21st in Jakarta), and one on the 20th is in time.
func TestObjectionDeadline(t *testing.T) {
	f := newFixture(t, nil)
	f.organisation()
	f.approved()
	f.must(f.svc.RateAnnual(f.ctx, by(penilai, "2026-01-06"), nipPegawai, 2025, sesuai))
	for _, at := range []time.Time{on("2026-01-21"), time.Date(2026, 1, 20, 18, 0, 0, 0, time.UTC)} {
		m := by(pegawai, "2026-01-21")
		m.At = at
		_, err := f.svc.FileObjection(f.ctx, m, nipPegawai, 2025, "Target tercapai")
		if !errors.Is(err, skp.ErrObjectionLate) {
			t.Errorf("objection at %s: %v, want skp.ErrObjectionLate", at, err)
		}
	}
	f.must(f.svc.FileObjection(f.ctx, by(pegawai, "2026-01-20"), nipPegawai, 2025, "Target tercapai"))
}

// TestIfMatchMismatch gives a stale If-Match: the command fails at once
// with a *eventlog.ConcurrencyError and appends nothing.
func TestIfMatchMismatch(t *testing.T) {
	f, g := newGatedFixture(t)
	f.organisation()
	f.approved()
	stale := uint64(2)
	m := by(penilai, "2025-04-05")
	m.IfMatch = &stale
	appends := g.appends.Load()
	_, err := f.svc.RatePeriod(f.ctx, m, nipPegawai, 2025, 1, sesuai)
	var ce *eventlog.ConcurrencyError
	if !errors.As(err, &ce) || ce.Actual != 4 {
		t.Fatalf("error = %v, want a *eventlog.ConcurrencyError at actual version 4", err)
	}
	if g.appends.Load() != appends {
		t.Error("a command with a stale If-Match appended")
	}
}

// TestPolicyOfThePeriod opens the year under an instansi policy and files an
// objection through a service that does not know it.
func TestPolicyOfThePeriod(t *testing.T) {
	custom := performance.DefaultPolicy()
	custom.Version, custom.ObjectionDays = "pemkab-x/2025-1", 21
	f := newFixture(t, nil)
	svc, err := command.NewService(command.ServiceConfig{Store: f.store, CurrentPolicy: custom.Version,
		Policies: map[string]performance.Policy{custom.Version: custom, policy.Version: policy}})
	if err != nil {
		t.Fatal(err)
	}
	f.svc, f.ctx = svc, t.Context()
	f.organisation()
	f.approved()
	f.must(f.svc.RateAnnual(f.ctx, by(penilai, "2026-01-06"), nipPegawai, 2025, sesuai))
	if got := f.skpEvents(skp.TypeAnnualRatingsGiven)[0].(skp.AnnualRatingsGiven).PolicyVersion; got != custom.Version {
		t.Errorf("annual rating under policy %q, want %q", got, custom.Version)
	}
	plain, err := command.NewService(command.ServiceConfig{Store: f.store})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plain.FileObjection(f.ctx, by(pegawai, "2026-01-25"), nipPegawai, 2025, "x"); !errors.Is(err, command.ErrPolicyUnknown) {
		t.Errorf("objection through a service without the policy: %v, want ErrPolicyUnknown", err)
	}
	f.must(f.svc.FileObjection(f.ctx, by(pegawai, "2026-01-25"), nipPegawai, 2025, "21 hari menurut kebijakan instansi"))
}

// TestDraftUsesMasterDataOfTheDay records, on 2 January, a transfer and a
// promotion to a JPT post that take effect on 1 March: a plan drafted on 3
// January takes the form of the jabatan held that day and, for the head of
// a unit, cascades from the work plan of the unit they work in that day.
func TestDraftUsesMasterDataOfTheDay(t *testing.T) {
	f := newFixture(t, nil)
	f.organisation()
	strict := stricter()
	strict.CascadeCheck = performance.CascadePenilaiSKP
	f.must(f.svc.AdoptPolicy(f.ctx, by(admin, "2025-01-02"), adoption.Adoption{Instansi: instansi,
		From: day("2025-01-02"), Policy: strict, Reason: "Perbup 1/2025"}))
	for code, id := range map[string]string{"DISKOMINFO.01": "pk-aplikasi", "SETDA": "pk-setda"} {
		f.must(f.svc.SetUnitWorkPlan(f.ctx, by(hr, "2025-01-02"), code, 2025,
			[]unit.WorkPlanItem{{ID: id, Text: "Perjanjian kinerja " + code}}))
	}
	f.must(f.svc.TransferEmployee(f.ctx, by(hr, "2025-01-02"), nipPenilai, "SETDA", day("2025-03-01"), "SK mutasi"))
	f.must(f.svc.ChangeJabatan(f.ctx, by(hr, "2025-01-02"), nipOther, employee.Jabatan{Kind: performance.JabatanJPT,
		Level: performance.LevelPratama, Name: "Kepala Dinas"}, day("2025-03-01")))

	head := samplePlan()
	head.RHK[0].Supports = "pk-aplikasi"
	if _, err := f.svc.DraftSKP(f.ctx, by(actor.Actor{NIP: nipPenilai, Role: actor.Pegawai}, "2025-01-03"),
		skp.Draft{NIP: nipPenilai, Year: 2025, Head: true, Plan: head}); err != nil {
		t.Errorf("head of DISKOMINFO.01 until 1 March cascading from its work plan: %v", err)
	}
	if _, err := f.svc.DraftSKP(f.ctx, by(actor.Actor{NIP: nipOther, Role: actor.Pegawai}, "2025-01-03"),
		skp.Draft{NIP: nipOther, Year: 2025, Head: true, Plan: head}); err != nil {
		t.Errorf("a functional official until 1 March drafting the plain form: %v", err)
	}
}
