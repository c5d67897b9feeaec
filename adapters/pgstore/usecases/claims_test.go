package usecases_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/unit"
)

// register records an employee of instansi in unit u.
func (f *fixture) register(nip, inst, u string) {
	f.t.Helper()
	f.must(f.svc.RegisterEmployee(f.ctx, command.Meta{Actor: actor.Actor{NIP: "import", Role: actor.System}},
		employee.Registration{NIP: nip, Name: "Someone", Status: employee.StatusPNS, Instansi: inst, Unit: u,
			Golongan: "III/c", GolonganTMT: day("2020-04-01"), Jabatan: employee.Jabatan{Kind: performance.JabatanFungsionalKeahlian,
				Level: performance.LevelAhliPertama, Name: "Analis SDM"}}))
}

// TestNobodyChangesOwnRecord: HR and admins keep other people's employee
// records, not their own; a refused change appends nothing.
func TestNobodyChangesOwnRecord(t *testing.T) {
	f := newFixture(t, nil)
	f.organisation()
	f.register(nipHR, instansi, "SETDA")
	before := len(f.stream(employee.Stream(nipHR)))
	jab := employee.Jabatan{Kind: performance.JabatanFungsionalKeahlian, Level: performance.LevelAhliMuda, Name: "Analis SDM"}
	line := employee.LineAssignment{PejabatPenilai: nipPenilai, AtasanPejabatPenilai: nipAtasan,
		EffectiveFrom: day("2025-01-01"), Reason: "struktur"}
	for _, self := range []actor.Actor{hr, {NIP: nipHR, Role: actor.Admin}} {
		m := by(self, "2025-01-02")
		attempts := map[string]func() (command.Result, error){
			"golongan": func() (command.Result, error) {
				return f.svc.ChangeGolongan(f.ctx, m, nipHR, "IV/a", day("2025-01-01"))
			},
			"jabatan": func() (command.Result, error) { return f.svc.ChangeJabatan(f.ctx, m, nipHR, jab, day("2025-01-01")) },
			"line":    func() (command.Result, error) { return f.svc.AssignReportingLine(f.ctx, m, nipHR, line) },
			"transfer": func() (command.Result, error) {
				return f.svc.TransferEmployee(f.ctx, m, nipHR, "DISKOMINFO", day("2025-01-01"), "mutasi")
			},
			"leave": func() (command.Result, error) {
				return f.svc.LeaveService(f.ctx, m, nipHR, day("2025-01-01"), "pensiun")
			},
		}
		for name, run := range attempts {
			if _, err := run(); !errors.Is(err, command.ErrOwnRecord) || !errors.Is(err, actor.ErrRoleNotAllowed) {
				t.Errorf("%s changes own %s: %v, want ErrOwnRecord", self, name, err)
			}
		}
	}
	if after := len(f.stream(employee.Stream(nipHR))); after != before {
		t.Fatalf("refused changes appended %d events", after-before)
	}
	// The same HR still keeps the records of others.
	f.must(f.svc.ChangeGolongan(f.ctx, by(hr, "2025-01-02"), nipPegawai, "III/b", day("2025-01-01")))
}

// TestReportingLineAcrossInstansi: an official of another instansi is
// refused unless the assignment documents the cross-instansi reason, which
// the event records.
func TestReportingLineAcrossInstansi(t *testing.T) {
	f := newFixture(t, nil)
	f.organisation()
	const outsider = "197202022001011005"
	sys := command.Meta{Actor: actor.Actor{NIP: "import", Role: actor.System}}
	f.must(f.svc.RegisterUnit(f.ctx, sys, unit.Registration{Code: "B-SETDA", Name: "Setda B", Instansi: "PEMKAB-B"}))
	f.register(outsider, "PEMKAB-B", "B-SETDA")
	line := employee.LineAssignment{PejabatPenilai: nipPenilai, AtasanPejabatPenilai: outsider,
		EffectiveFrom: day("2025-03-01"), Reason: "penugasan"}
	before := len(f.stream(employee.Stream(nipPegawai)))
	_, err := f.svc.AssignReportingLine(f.ctx, by(hr, "2025-01-02"), nipPegawai, line)
	if !errors.Is(err, command.ErrOtherInstansi) {
		t.Fatalf("official of another instansi without a reason: %v, want ErrOtherInstansi", err)
	}
	if after := len(f.stream(employee.Stream(nipPegawai))); after != before {
		t.Fatalf("a refused line appended %d events", after-before)
	}
	line.CrossInstansiReason = "Penugasan lintas instansi, SK Gubernur 800/12/2025"
	f.must(f.svc.AssignReportingLine(f.ctx, by(hr, "2025-01-02"), nipPegawai, line))
	events := f.stream(employee.Stream(nipPegawai))
	var got employee.ReportingLineAssigned
	if err := json.Unmarshal(events[len(events)-1].Data, &got); err != nil {
		t.Fatal(err)
	}
	if got.CrossInstansiReason != line.CrossInstansiReason || got.AtasanPejabatPenilai != outsider {
		t.Fatalf("recorded %+v", got)
	}
	e, err := f.svc.Employee(f.ctx, nipPegawai)
	if err != nil {
		t.Fatal(err)
	}
	if l, _ := e.ReportingLineAt(day("2025-03-02")); l.CrossInstansiReason != line.CrossInstansiReason {
		t.Fatalf("line in force %+v", l)
	}
}
