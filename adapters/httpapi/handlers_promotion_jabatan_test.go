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
	last := rs.yearWithPromotion(t, hr)

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
		2024: {Year: 2024, Predikat: "baik", AngkaKredit: 12.5, Parts: wholeYear(12.5), PolicyVersion: dv},
		2025: {Year: 2025, Predikat: "butuh_perbaikan", AngkaKredit: 9.375, Parts: wholeYear(9.375), PolicyVersion: dv},
		2026: {Year: 2026, Predikat: "baik", AngkaKredit: 19.792, Parts: []performance.AKPart{
			{Level: performance.LevelAhliPertama, Months: 5, AngkaKredit: 5.208},
			{Level: performance.LevelAhliMuda, Months: 7, AngkaKredit: 14.583}}, PolicyVersion: dv},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("B's angka kredit (-want +got):\n%s", diff)
	}
	// Periodic angka kredit per window, months/12: Q1 (baik) at Ahli
	// Pertama; Q2 (sangat_baik) April-May at Ahli Pertama, June at Ahli Muda.
	for i := range b.PeriodicAngkaKredit {
		b.PeriodicAngkaKredit[i].EventID = ""
	}
	wantPeriodic := []promotion.PeriodicCredit{
		{Year: 2026, Window: 1, Label: "2026-Q1", Months: 3, Predikat: "baik", AngkaKredit: 3.125, PolicyVersion: performance.DefaultPolicyVersion,
			Parts: []performance.AKPart{{Level: performance.LevelAhliPertama, Months: 3, AngkaKredit: 3.125}}},
		{Year: 2026, Window: 2, Label: "2026-Q2", Months: 3, Predikat: "sangat_baik", AngkaKredit: 6.25, PolicyVersion: performance.DefaultPolicyVersion,
			Parts: []performance.AKPart{{Level: performance.LevelAhliPertama, Months: 2, AngkaKredit: 3.125},
				{Level: performance.LevelAhliMuda, Months: 1, AngkaKredit: 3.125}}},
	}
	if diff := cmp.Diff(wantPeriodic, b.PeriodicAngkaKredit); diff != "" {
		t.Errorf("B's periodic angka kredit (-want +got):\n%s", diff)
	}
}

// dv is the version of the built-in default policy.
const dv = performance.DefaultPolicyVersion

// yearWithPromotion evaluates Ahli Pertama B in 2026: Q1 rated baik, a
// promotion to Ahli Muda from 1 June, Q2 rated sangat_baik, the year baik.
func (rs *readServer) yearWithPromotion(t *testing.T, hr string) writeResponse {
	t.Helper()
	at := func(m time.Month, d int) { rs.clock.Set(time.Date(2026, m, d, 10, 0, 0, 0, wib)) }
	own := rs.token(t, ahliB, instansi, actor.Pegawai)
	boss := rs.token(t, penilai, instansi, actor.Pegawai, actor.PejabatPenilai)
	path := "/v1/skp/" + ahliB + "/2026"
	at(time.January, 6)
	rs.send(t, "POST", path, own, map[string]any{"plan": plan(10)}).must(t, 201, "draft")
	rs.send(t, "POST", path+"/submit", own, nil).must(t, 200, "submit")
	rs.send(t, "PUT", path+"/expectations", boss, expectations()).must(t, 200, "expectations")
	rs.send(t, "POST", path+"/approve", boss, nil).must(t, 200, "approve")
	at(time.March, 31)
	rs.send(t, "POST", path+"/windows/1/ratings", boss, map[string]any{"hasil": "sesuai_ekspektasi",
		"perilaku": "sesuai_ekspektasi", "note": "Tanpa laporan"}).must(t, 201, "Q1")
	at(time.May, 20)
	written(t, rs.send(t, "POST", "/v1/employees/"+ahliB+"/jabatan", hr, map[string]any{"effective": "2026-06-01",
		"jabatan": map[string]any{"kind": "fungsional_keahlian", "level": "ahli_muda", "name": "Analis Kebijakan Ahli Muda"}}).
		must(t, 200, "promote B"))
	at(time.June, 30)
	rs.send(t, "POST", path+"/windows/2/ratings", boss, map[string]any{"hasil": "di_atas_ekspektasi",
		"perilaku": "di_atas_ekspektasi", "note": "Tanpa laporan"}).must(t, 201, "Q2")
	at(time.December, 31)
	r := rs.send(t, "POST", path+"/annual-rating", boss, map[string]any{"hasil": "sesuai_ekspektasi",
		"perilaku": "sesuai_ekspektasi", "note": "Tahunan"})
	return written(t, r.must(t, 201, "annual rating"))
}

// nextYear returns 10:00 WIB on month/d of 2026, the year after the test
// year: the annual rating is given on 31 December at the earliest, so what
// follows it happens in January.
func nextYear(month time.Month, d int) time.Time { return time.Date(2026, month, d, 10, 0, 0, 0, wib) }
