package usecases_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/skp"
)

// TestTheDayOfAnActionIsTheInstansis: an instansi in WIT whose pegawai gets
// a new pejabat penilai from 1 February. At 01:00 WIT on 1 February (still
// 31 January in WIB, the service's zone) the new penilai may return the
// plan and the old one may not: the day of the action is the instansi's,
// as the HTTP checks and the worklist take it. The use case took the day in
// WIB, so for the first hours of every day in WIT or WITA the worklist
// offered a task that nobody could do.
func TestTheDayOfAnActionIsTheInstansis(t *testing.T) {
	f := newFixture(t, nil)
	f.organisation()
	f.must(f.svc.DraftSKP(f.ctx, by(pegawai, "2025-01-03"), skp.Draft{NIP: nipPegawai, Year: 2025, Plan: samplePlan()}))
	f.must(f.svc.SubmitSKP(f.ctx, by(pegawai, "2025-01-06"), nipPegawai, 2025))
	f.must(f.svc.SetInstansiZone(f.ctx, by(hr, "2025-01-06"), instansi, "WIT"))
	f.must(f.svc.AssignReportingLine(f.ctx, by(hr, "2025-01-20"), nipPegawai, employee.LineAssignment{PejabatPenilai: nipOther,
		AtasanPejabatPenilai: nipAtasan, EffectiveFrom: day("2025-02-01"), Reason: "mutasi pejabat"}))
	early := time.Date(2025, 1, 31, 16, 0, 0, 0, time.UTC) // 23:00 WIB on 31 January, 01:00 WIT on 1 February
	_, err := f.svc.ReturnSKP(f.ctx, command.Meta{Actor: penilai, At: early}, nipPegawai, 2025, "lengkapi target")
	if !errors.Is(err, skp.ErrNotPejabatPenilai) {
		t.Errorf("the former penilai returns the plan on 1 February WIT: %v, want %v", err, skp.ErrNotPejabatPenilai)
	}
	if _, err := f.svc.ReturnSKP(f.ctx, command.Meta{Actor: other, At: early}, nipPegawai, 2025, "lengkapi target"); err != nil {
		t.Errorf("the new penilai returns the plan on 1 February WIT: %v", err)
	}
}

// TestSettingTheZoneItKeepsChecksTheMetadata: setting an instansi's zone to
// the one it keeps appends nothing, but a correlation id over its limit is
// refused as by every other command. The no-op skipped the check.
func TestSettingTheZoneItKeepsChecksTheMetadata(t *testing.T) {
	f := newFixture(t, nil)
	f.organisation()
	m := by(hr, "2025-01-06")
	m.CorrelationID = strings.Repeat("c", 201)
	for _, zone := range []string{"WIB", "Asia/Jakarta", "WITA"} {
		if _, err := f.svc.SetInstansiZone(f.ctx, m, instansi, zone); !errors.Is(err, command.ErrInvalidMetadata) {
			t.Errorf("zone %s with a 201-character correlation id: %v, want %v", zone, err, command.ErrInvalidMetadata)
		}
	}
	m.CorrelationID = "ok-1"
	res, err := f.svc.SetInstansiZone(f.ctx, m, instansi, "WIB")
	if err != nil || len(res.EventIDs) != 0 {
		t.Errorf("the zone it keeps: %+v, %v; want nothing appended", res, err)
	}
}
