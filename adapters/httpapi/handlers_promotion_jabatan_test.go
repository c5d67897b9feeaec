package httpapi

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/projections/promotion"
)

// wholeYear returns the parts of an Ahli Pertama's angka kredit ak earned
// over a whole year.
func wholeYear(ak float64) []performance.AKPart {
	return []performance.AKPart{{Level: performance.LevelAhliPertama, Months: 12, AngkaKredit: ak}}
}

// TestPromotedEmployeesPastAngkaKreditIsUnchanged checks through
// /v1/promotion-candidates that promoting Ahli Pertama B (butuh_perbaikan
// in 2025: 9.375) to Ahli Muda from 1 June 2026 leaves 2025 as it was, not
// 18.75 at today's level, and that 2026 (baik) is split by months:
// January-May at Ahli Pertama, June-December at Ahli Muda.
func TestPromotedEmployeesPastAngkaKreditIsUnchanged(t *testing.T) {
	rs := newReadServer(t, 10*time.Second)
	rs.startProjections(t)
	twoAhliYears(t, rs)
	rs.clock.Set(time.Date(2026, 1, 5, 10, 0, 0, 0, wib))
	hr := rs.token(t, hrNIP, instansi, actor.HR)
	rs.send(t, "POST", "/v1/periods", hr, map[string]any{"instansi": instansi, "year": 2026, "frequency": "quarterly"}).
		must(t, 201, "open 2026")
	rs.clock.Set(time.Date(2026, 5, 20, 10, 0, 0, 0, wib))
	written(t, rs.send(t, "POST", "/v1/employees/"+ahliB+"/jabatan", hr, map[string]any{"effective": "2026-06-01",
		"jabatan": map[string]any{"kind": "fungsional_keahlian", "level": "ahli_muda", "name": "Analis Kebijakan Ahli Muda"}}).
		must(t, 200, "promote B"))
	last := rs.evaluateYear(t, ahliB, 2026, "sesuai_ekspektasi", "sesuai_ekspektasi")

	rs.clock.Set(time.Date(2027, 1, 20, 10, 0, 0, 0, wib))
	var page candidatesPage
	rs.get(t, "/v1/promotion-candidates?unit=bidang-a&as_of=2027-01-20&min_position="+u(last.Position), hr, &page)
	var b promotion.Candidate
	for _, c := range page.Items {
		if c.NIP == ahliB {
			b = c
		}
	}
	got := map[int]promotion.Credit{}
	for _, c := range b.AngkaKredit {
		c.EventID = ""
		got[c.Year] = c
	}
	want := map[int]promotion.Credit{
		2024: {Year: 2024, Predikat: "baik", AngkaKredit: 12.5, Parts: wholeYear(12.5)},
		2025: {Year: 2025, Predikat: "butuh_perbaikan", AngkaKredit: 9.375, Parts: wholeYear(9.375)},
		2026: {Year: 2026, Predikat: "baik", AngkaKredit: 19.792, Parts: []performance.AKPart{
			{Level: performance.LevelAhliPertama, Months: 5, AngkaKredit: 5.208},
			{Level: performance.LevelAhliMuda, Months: 7, AngkaKredit: 14.583}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("B's angka kredit (-want +got):\n%s", diff)
	}
}

// nextYear returns 10:00 WIB on month/d of 2026, the year after the test
// year: the annual rating is given on 31 December at the earliest, so what
// follows it happens in January.
func nextYear(month time.Month, d int) time.Time { return time.Date(2026, month, d, 10, 0, 0, 0, wib) }
