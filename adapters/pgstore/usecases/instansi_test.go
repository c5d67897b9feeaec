package usecases_test

import (
	"testing"

	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/unit"
)

// TestEveryEventRecordsItsInstansi runs commands on the streams of two
// instansi (registrations, changes, a period, an SKP's plan) and checks
// that the metadata of every event names the instansi of its stream.
func TestEveryEventRecordsItsInstansi(t *testing.T) {
	f := newFixture(t, nil)
	f.organisation()
	f.approved()
	const other = "PEMKAB-Y"
	hrNow := command.Meta{Actor: hr}
	f.must(f.svc.RegisterUnit(f.ctx, hrNow, unit.Registration{Code: "Y-SETDA", Name: "Sekretariat Daerah", Instansi: other}))
	f.must(f.svc.RenameUnit(f.ctx, hrNow, "Y-SETDA", "Setda"))
	f.must(f.svc.RegisterEmployee(f.ctx, hrNow, employee.Registration{NIP: "199001012015031005", Name: "Yanti",
		Status: employee.StatusPNS, Instansi: other, Unit: "Y-SETDA", Golongan: "III/a", GolonganTMT: day("2021-04-01"),
		Jabatan: employee.Jabatan{Kind: performance.JabatanFungsionalKeahlian, Level: performance.LevelAhliPertama, Name: "Analis"}}))
	f.must(f.svc.OpenPeriod(f.ctx, hrNow, period.Opening{Instansi: other, Year: 2025,
		Frequency: performance.FrequencyQuarterly, Deadlines: period.DeadlinesAfter(2025, performance.FrequencyQuarterly, 10)}))
	f.must(f.svc.RenameUnit(f.ctx, hrNow, "SETDA", "Setda X"))

	all, err := f.store.ReadAll(f.ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"unit-Y-SETDA": other, "employee-199001012015031005": other, period.Stream(other, 2025): other}
	counts := map[string]int{}
	for _, e := range all {
		w, ok := want[e.Stream]
		if !ok {
			w = instansi
		}
		if e.Metadata.Instansi != w {
			t.Errorf("event %d (%s, %s): metadata instansi %q, want %q", e.Position, e.Stream, e.Type, e.Metadata.Instansi, w)
		}
		counts[e.Metadata.Instansi]++
	}
	if counts[other] != 4 || counts[instansi] < 10 {
		t.Fatalf("events per instansi: %v", counts)
	}
}
