package usecases_test

import (
	"errors"
	"testing"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/unit"
)

// TestReferencesAcrossStreams checks what the use cases check beyond one
// aggregate: missing streams, instansi mismatches, cycles in the unit
// hierarchy, and that reads of missing things are ErrNotFound.
func TestReferencesAcrossStreams(t *testing.T) {
	f := newFixture(t, nil)
	f.organisation()
	hrNow := command.Meta{Actor: hr}
	f.must(f.svc.RegisterUnit(f.ctx, hrNow, unit.Registration{Code: "KEMENKEU.1", Name: "Unit lain", Instansi: "KEMENKEU"}))
	reg := employee.Registration{NIP: "199001012015031001", Name: "Rina", Status: employee.StatusPNS, Instansi: instansi,
		Golongan: "III/a", GolonganTMT: day("2015-03-01"), Jabatan: employee.Jabatan{Kind: performance.JabatanAdministrasi,
			Level: performance.LevelPelaksana, Name: "Analis"}}
	cases := []struct {
		name string
		run  func() (command.Result, error)
		want error
	}{
		{"employee in a missing unit", func() (command.Result, error) {
			r := reg
			r.Unit = "DISPERINDAG"
			return f.svc.RegisterEmployee(f.ctx, hrNow, r)
		}, command.ErrNotFound},
		{"employee in another instansi's unit", func() (command.Result, error) {
			r := reg
			r.Unit = "KEMENKEU.1"
			return f.svc.RegisterEmployee(f.ctx, hrNow, r)
		}, command.ErrOtherInstansi},
		{"transfer to a missing unit", func() (command.Result, error) {
			return f.svc.TransferEmployee(f.ctx, hrNow, nipPegawai, "DISPERINDAG", day("2025-03-01"), "mutasi")
		}, command.ErrNotFound},
		{"transfer of a missing employee", func() (command.Result, error) {
			return f.svc.TransferEmployee(f.ctx, hrNow, reg.NIP, "DISKOMINFO", day("2025-03-01"), "mutasi")
		}, command.ErrNotFound},
		{"unit under a missing parent", func() (command.Result, error) {
			return f.svc.RegisterUnit(f.ctx, hrNow, unit.Registration{Code: "X.1", Name: "X", Parent: "X", Instansi: instansi})
		}, command.ErrNotFound},
		{"unit moved below itself", func() (command.Result, error) {
			return f.svc.MoveUnit(f.ctx, hrNow, "SETDA", "DISKOMINFO.01")
		}, unit.ErrOwnParent},
		{"line to an unregistered supervisor", func() (command.Result, error) {
			return f.svc.AssignReportingLine(f.ctx, hrNow, nipPegawai, employee.LineAssignment{PejabatPenilai: reg.NIP,
				AtasanPejabatPenilai: nipAtasan, EffectiveFrom: day("2025-02-01"), Reason: "rotasi"})
		}, command.ErrNotFound},
		{"SKP in another instansi", func() (command.Result, error) {
			return f.svc.DraftSKP(f.ctx, by(pegawai, "2025-01-03"), skp.Draft{NIP: nipPegawai, Year: 2025, Instansi: "KEMENKEU", Plan: samplePlan()})
		}, command.ErrOtherInstansi},
		{"submit an SKP never drafted", func() (command.Result, error) {
			return f.svc.SubmitSKP(f.ctx, by(pegawai, "2025-01-06"), nipPegawai, 2025)
		}, command.ErrNotFound},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := c.run(); !errors.Is(err, c.want) {
				t.Errorf("error = %v, want %v", err, c.want)
			}
		})
	}
	if _, err := f.svc.SKP(f.ctx, nipPegawai, 2030); !errors.Is(err, command.ErrNotFound) {
		t.Errorf("SKP read of a missing stream: %v, want ErrNotFound", err)
	}
	f.must(f.svc.MoveUnit(f.ctx, hrNow, "DISKOMINFO.01", "SETDA"))
	if u, err := f.svc.Unit(f.ctx, "DISKOMINFO.01"); err != nil || u.Parent() != "SETDA" {
		t.Errorf("unit after the move: %v, %v", u, err)
	}
}

// TestOrganisationPredikat has the pimpinan one level up set a unit's
// predikat and record a distribution override, which record the period's
// policy version, and refuses a pimpinan of another unit either.
func TestOrganisationPredikat(t *testing.T) {
	f := newFixture(t, nil)
	f.organisation()
	head := actor.Actor{NIP: nipAtasan, Role: actor.Pimpinan} // works in DISKOMINFO
	stranger := actor.Actor{NIP: nipOther, Role: actor.Pimpinan}
	setting := unit.PredikatSetting{Year: 2025, Period: "2025", Predikat: performance.OrgBaik}
	if _, err := f.svc.SetOrganisationPredikat(f.ctx, by(stranger, "2025-12-20"), "DISKOMINFO.01", setting); !errors.Is(err, command.ErrNotPimpinan) {
		t.Errorf("predikat by a pimpinan of another unit: %v, want ErrNotPimpinan", err)
	}
	bad := setting
	bad.Period = "2025-H1"
	if _, err := f.svc.SetOrganisationPredikat(f.ctx, by(head, "2025-12-20"), "DISKOMINFO.01", bad); !errors.Is(err, unit.ErrInvalidInput) {
		t.Errorf("predikat for an unknown period label: %v, want unit.ErrInvalidInput", err)
	}
	// The pimpinan is the one in the unit one level up on the day: a
	// transfer recorded ahead of its effective day moves neither the head
	// out nor a newcomer in before that day.
	hrDec := by(hr, "2025-12-15")
	f.must(f.svc.TransferEmployee(f.ctx, hrDec, nipAtasan, "SETDA", day("2026-01-01"), "SK mutasi"))
	f.must(f.svc.TransferEmployee(f.ctx, hrDec, nipOther, "DISKOMINFO", day("2026-01-01"), "SK mutasi"))
	if _, err := f.svc.SetOrganisationPredikat(f.ctx, by(stranger, "2025-12-20"), "DISKOMINFO.01", setting); !errors.Is(err, command.ErrNotPimpinan) {
		t.Errorf("predikat by a pimpinan who joins the unit one level up only later: %v, want ErrNotPimpinan", err)
	}
	f.must(f.svc.SetOrganisationPredikat(f.ctx, by(head, "2025-12-20"), "DISKOMINFO.01", setting))
	override := unit.Override{Year: 2025, Period: "2025",
		Violations:    policy.CheckDistribution(performance.OrgBaik, map[performance.Predikat]int{performance.Baik: 3}),
		Justification: "unit kecil, tiga pegawai berkinerja baik"}
	// An override accepts the unit's result in the name of its leadership:
	// the same pimpinan as the predikat (HR may record one too).
	if _, err := f.svc.RecordDistributionOverride(f.ctx, by(stranger, "2025-12-21"), "DISKOMINFO.01", override); !errors.Is(err, command.ErrNotPimpinan) {
		t.Errorf("override by a pimpinan of another unit: %v, want ErrNotPimpinan", err)
	}
	f.must(f.svc.RecordDistributionOverride(f.ctx, by(head, "2025-12-21"), "DISKOMINFO.01", override))
	for _, e := range f.stream(unit.Stream("DISKOMINFO.01"))[1:] {
		if e.Metadata.PolicyVersion != policy.Version || e.Metadata.ActorRole != string(actor.Pimpinan) || e.Metadata.ActorID != nipAtasan {
			t.Errorf("%s metadata %+v", e.Type, e.Metadata)
		}
	}
}

// TestServiceConfig checks the configuration rules.
func TestServiceConfig(t *testing.T) {
	if err := (command.ServiceConfig{}).Validate(); err == nil {
		t.Error("a config without a store is valid")
	}
	f := newFixture(t, nil)
	cfg := command.ServiceConfig{Store: f.store, CurrentPolicy: "nope"}
	if err := cfg.Validate(); !errors.Is(err, command.ErrPolicyUnknown) {
		t.Errorf("unknown current policy: %v, want ErrPolicyUnknown", err)
	}
	misfiled := command.ServiceConfig{Store: f.store, Policies: map[string]performance.Policy{"other": policy}, CurrentPolicy: "other"}
	if err := misfiled.Validate(); err == nil {
		t.Error("a policy filed under another version is valid")
	}
}
