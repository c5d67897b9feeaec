package usecases_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/field"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// TestNoSKPOfAYearBeforeTheAppointment: an employee registered ahead of
// an appointment in January 2026 (the NIP encodes it; registration allows
// a year ahead) could draft an SKP for 2025, a year they do not serve in,
// which every read model then counted (a standings row, a unit-report
// member). The draft is refused, naming the year; the SKP of the
// appointment year is accepted.
func TestNoSKPOfAYearBeforeTheAppointment(t *testing.T) {
	f := newFixture(t, nil)
	f.organisation()
	const fresh = "199001012026011001"
	f.must(f.svc.RegisterEmployee(f.ctx, command.Meta{Actor: hr}, employee.Registration{NIP: fresh, Name: "Rina",
		Status: employee.StatusPNS, Instansi: instansi, Unit: "DISKOMINFO.01", Golongan: "III/a",
		GolonganTMT: day("2026-01-01"), Jabatan: employee.Jabatan{Kind: performance.JabatanFungsionalKeahlian,
			Level: performance.LevelAhliPertama, Name: "Pranata Komputer"}}))
	self := by(pegawai, "2025-01-03")
	self.Actor.NIP = fresh
	_, err := f.svc.DraftSKP(f.ctx, self, skp.Draft{NIP: fresh, Year: 2025, Plan: samplePlan()})
	var fe *field.Error
	if !errors.Is(err, skp.ErrInvalidInput) || !errors.As(err, &fe) || fe.Field != "year" || !strings.Contains(err.Error(), "in 2026") {
		t.Fatalf("draft of 2025 by an employee appointed 2026-01: %v, want an invalid year naming the appointment", err)
	}
	if n := len(f.stream(skp.Stream(fresh, 2025))); n != 0 {
		t.Errorf("the refused draft recorded %d events", n)
	}
}
