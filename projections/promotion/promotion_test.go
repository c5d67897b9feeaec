package promotion_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/promotion"
)

// annual returns the annual ratings event with predikat pred.
func annual(nip string, year int, h, p performance.Rating) interface{ EventType() string } {
	pred, _ := performance.PredikatOf(h, p)
	return skp.AnnualRatingsGiven{NIP: nip, Year: year, Ratings: skp.Ratings{Hasil: h, Perilaku: p, Predikat: pred},
		At: time.Date(year+1, 1, 10, 0, 0, 0, 0, time.UTC)}
}

// TestReferenceCases checks DOMAIN.md cases 6 (angka kredit of an Ahli
// Pertama with sangat_baik: 18.75), 7 (III/a for 4 years, baik then
// sangat_baik: eligible) and 8 (second year butuh_perbaikan: not
// eligible), with each reason linked to its events.
func TestReferenceCases(t *testing.T) {
	sc := pgtest.New(t)
	ahli := employee.Jabatan{Kind: performance.JabatanFungsionalKeahlian, Level: performance.LevelAhliPertama, Name: "Analis"}
	var evs []interface{ EventType() string }
	for n := range 2 {
		nip := projectiontest.NIP(n)
		evs = append(evs, employee.Registered{NIP: nip, Name: "P", Status: employee.StatusPNS, Instansi: "I", Unit: "U",
			Jabatan: ahli, Golongan: "III/a", GolonganTMT: civil.Date{Year: 2022, Month: 4, Day: 1}})
		evs = append(evs, annual(nip, 2024, performance.RatingSesuai, performance.RatingSesuai))
	}
	evs = append(evs, annual(projectiontest.NIP(0), 2025, performance.RatingDiAtas, performance.RatingDiAtas))
	evs = append(evs, annual(projectiontest.NIP(1), 2025, performance.RatingDiBawah, performance.RatingDiAtas))
	var stored []eventlog.Event
	for i, ev := range evs {
		ne := projectiontest.Encode(ev, projectiontest.HR)
		stored = append(stored, eventlog.Event{ID: ne.ID, Position: uint64(i + 1), Type: ne.Type, SchemaVersion: ne.SchemaVersion, Data: ne.Data})
	}
	ctx := context.Background()
	if err := pgx.BeginFunc(ctx, sc.Pool, func(tx pgx.Tx) error { return promotion.New().Apply(ctx, tx, stored) }); err != nil {
		t.Fatal(err)
	}
	asOf := time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	cs, err := promotion.Candidates(ctx, sc.Pool, promotion.Rules{InForce: performance.DefaultPolicy()}, asOf, promotion.Filter{Instansi: "I"})
	if err != nil || len(cs) != 2 {
		t.Fatalf("candidates %v, %v", cs, err)
	}
	if !cs[0].Eligible || cs[1].Eligible {
		t.Errorf("eligible %v and %v, want true and false; reasons %+v / %+v", cs[0].Eligible, cs[1].Eligible, cs[0].Reasons, cs[1].Reasons)
	}
	for _, r := range cs[0].Reasons {
		if len(r.EventIDs) == 0 {
			t.Errorf("reason %q rests on no event", r.Text)
		}
	}
	if last := cs[0].Reasons[len(cs[0].Reasons)-1]; last.EventIDs[0] != stored[4].ID {
		t.Errorf("2025 reason rests on %v, want %s", last.EventIDs, stored[4].ID)
	}
	ak := cs[0].AngkaKredit
	if len(ak) != 2 || ak[1].Year != 2025 || ak[1].AngkaKredit != 18.75 {
		t.Errorf("angka kredit %+v, want 2025: 18.75", ak)
	}
	only, _ := promotion.Candidates(ctx, sc.Pool, promotion.Rules{InForce: performance.DefaultPolicy()}, asOf, promotion.Filter{EligibleOnly: true})
	if len(only) != 1 || only[0].NIP != projectiontest.NIP(0) {
		t.Errorf("eligible only: %+v", only)
	}
}

// TestUndecodableEventIsAnApplyError checks that an SKP event the projector
// cannot decode is reported with its position, not skipped.
func TestUndecodableEventIsAnApplyError(t *testing.T) {
	projectiontest.FailsOnUndecodable(t, pgtest.New(t).Pool, promotion.New(), "skp")
}

// TestAngkaKreditUsesTheJabatanInForceEachYear checks that a promotion from
// Ahli Pertama to Ahli Muda on 1 June 2026 leaves the 2025 angka kredit as
// it was (kurang: 6.25, not 12.5 at today's level) and splits 2026 by
// months: January-May at Ahli Pertama, June-December at Ahli Muda.
func TestAngkaKreditUsesTheJabatanInForceEachYear(t *testing.T) {
	sc := pgtest.New(t)
	ctx := context.Background()
	nip := projectiontest.NIP(0)
	pertama := employee.Jabatan{Kind: performance.JabatanFungsionalKeahlian, Level: performance.LevelAhliPertama, Name: "Analis"}
	muda := employee.Jabatan{Kind: performance.JabatanFungsionalKeahlian, Level: performance.LevelAhliMuda, Name: "Analis"}
	proj := promotion.New()
	apply := func(pos int, evs ...interface{ EventType() string }) {
		var stored []eventlog.Event
		for i, ev := range evs {
			ne := projectiontest.Encode(ev, projectiontest.HR)
			stored = append(stored, eventlog.Event{ID: ne.ID, Position: uint64(pos + i), Type: ne.Type, SchemaVersion: ne.SchemaVersion, Data: ne.Data})
		}
		if err := pgx.BeginFunc(ctx, sc.Pool, func(tx pgx.Tx) error { return proj.Apply(ctx, tx, stored) }); err != nil {
			t.Fatal(err)
		}
	}
	credits := func() map[int]float64 {
		cs, err := promotion.Candidates(ctx, sc.Pool, promotion.Rules{InForce: performance.DefaultPolicy()}, time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC), promotion.Filter{})
		if err != nil || len(cs) != 1 {
			t.Fatalf("candidates %v, %v", cs, err)
		}
		out := map[int]float64{}
		for _, c := range cs[0].AngkaKredit {
			out[c.Year] = c.AngkaKredit
		}
		return out
	}
	// Given an Ahli Pertama rated kurang for 2025.
	apply(1, employee.Registered{NIP: nip, Name: "P", Status: employee.StatusPNS, Instansi: "I", Unit: "U",
		Jabatan: pertama, Golongan: "III/a", GolonganTMT: civil.Date{Year: 2022, Month: 4, Day: 1}},
		annual(nip, 2025, performance.RatingSesuai, performance.RatingDiBawah))
	if got := credits()[2025]; got != 6.25 {
		t.Fatalf("2025 before the promotion: %v, want 6.25", got)
	}
	// When promoted to Ahli Muda from 1 June 2026 and rated baik for 2026.
	apply(3, employee.JabatanChanged{NIP: nip, From: pertama, To: muda, Effective: civil.Date{Year: 2026, Month: 6, Day: 1}},
		annual(nip, 2026, performance.RatingSesuai, performance.RatingSesuai))
	// Then 2025 is unchanged and 2026 is 5/12 × 12.5 + 7/12 × 25.
	got := credits()
	if got[2025] != 6.25 || got[2026] != 19.792 {
		t.Errorf("angka kredit %v, want 2025: 6.25 and 2026: 19.792", got)
	}
}

// TestTransferRecordedAheadCountsFromItsDay: a transfer from U to V on
// 1 June, recorded before, leaves the candidate in U's list (and names U)
// for an as_of before that day; it moved them to V's at once.
func TestTransferRecordedAheadCountsFromItsDay(t *testing.T) {
	sc := pgtest.New(t)
	nip := projectiontest.NIP(0)
	stored := projectiontest.StoredEvents(
		employee.Registered{NIP: nip, Name: "P", Status: employee.StatusPNS, Instansi: "I", Unit: "U",
			Golongan: "III/a", GolonganTMT: civil.Date{Year: 2022, Month: 4, Day: 1}},
		employee.Transferred{NIP: nip, FromUnit: "U", ToUnit: "V", Effective: civil.Date{Year: 2026, Month: 6, Day: 1}})
	ctx := context.Background()
	if err := pgx.BeginFunc(ctx, sc.Pool, func(tx pgx.Tx) error { return promotion.New().Apply(ctx, tx, stored) }); err != nil {
		t.Fatal(err)
	}
	rules := promotion.Rules{InForce: performance.DefaultPolicy()}
	for _, c := range []struct {
		asOf time.Time
		unit string
	}{{time.Date(2026, 5, 31, 0, 0, 0, 0, time.UTC), "U"}, {time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), "V"}} {
		for _, u := range []string{"U", "V"} {
			cs, err := promotion.Candidates(ctx, sc.Pool, rules, c.asOf, promotion.Filter{Instansi: "I", Unit: u})
			if want := map[bool]int{true: 1, false: 0}[u == c.unit]; err != nil || len(cs) != want {
				t.Errorf("candidates of %s as of %s: %+v, %v; want %d", u, c.asOf.Format(time.DateOnly), cs, err, want)
			}
			if len(cs) == 1 && cs[0].Unit != c.unit {
				t.Errorf("candidate of %s as of %s names unit %q, want %s", u, c.asOf.Format(time.DateOnly), cs[0].Unit, c.unit)
			}
		}
	}
}

// TestGolonganInForceOnTheDayAsked: a candidate's golongan is the one in
// force on as_of. III/b recorded ahead (TMT 2027-12-01) made the candidate
// "III/b held only from 2027-12-01" for an as_of of 2025; and a TMT
// corrected to a later day (III/b from 2025-10-01, corrected to
// 2027-10-01) moved the years in rank of past dates too.
func TestGolonganInForceOnTheDayAsked(t *testing.T) {
	sc := pgtest.New(t)
	ahead, corrected := projectiontest.NIP(0), projectiontest.NIP(1)
	tmt2021 := civil.Date{Year: 2021, Month: 4, Day: 1}
	reg := func(nip string) employee.Registered {
		return employee.Registered{NIP: nip, Name: "P", Status: employee.StatusPNS, Instansi: "I", Unit: "U",
			Golongan: "III/a", GolonganTMT: tmt2021}
	}
	stored := projectiontest.StoredEvents(reg(ahead), reg(corrected),
		employee.GolonganChanged{NIP: ahead, From: "III/a", FromTMT: tmt2021, To: "III/b", TMT: civil.Date{Year: 2027, Month: 12, Day: 1}},
		employee.GolonganChanged{NIP: corrected, From: "III/a", FromTMT: tmt2021, To: "III/b", TMT: civil.Date{Year: 2025, Month: 10, Day: 1}},
		employee.GolonganChanged{NIP: corrected, From: "III/b", FromTMT: civil.Date{Year: 2025, Month: 10, Day: 1}, To: "III/b",
			TMT: civil.Date{Year: 2027, Month: 10, Day: 1}})
	ctx := context.Background()
	if err := pgx.BeginFunc(ctx, sc.Pool, func(tx pgx.Tx) error { return promotion.New().Apply(ctx, tx, stored) }); err != nil {
		t.Fatal(err)
	}
	rules := promotion.Rules{InForce: performance.DefaultPolicy()}
	for _, c := range []struct {
		asOf          time.Time
		ahead, correc string
	}{
		{time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), "III/a 2021-04-01", "III/a 2021-04-01"},
		{time.Date(2027, 10, 1, 0, 0, 0, 0, time.UTC), "III/a 2021-04-01", "III/b 2027-10-01"},
		{time.Date(2027, 12, 1, 0, 0, 0, 0, time.UTC), "III/b 2027-12-01", "III/b 2027-10-01"},
	} {
		cs, err := promotion.Candidates(ctx, sc.Pool, rules, c.asOf, promotion.Filter{Instansi: "I"})
		if err != nil || len(cs) != 2 {
			t.Fatalf("candidates as of %s: %+v, %v", c.asOf.Format(time.DateOnly), cs, err)
		}
		got := func(i int) string { return cs[i].Golongan + " " + cs[i].GolonganTMT.Format(time.DateOnly) }
		if got(0) != c.ahead || got(1) != c.correc {
			t.Errorf("as of %s: %q and %q, want %q and %q", c.asOf.Format(time.DateOnly), got(0), got(1), c.ahead, c.correc)
		}
		for _, r := range cs[0].Reasons[:2] {
			if len(r.EventIDs) != 1 || r.EventIDs[0] != map[bool]string{true: stored[2].ID, false: stored[0].ID}[got(0) == "III/b 2027-12-01"] {
				t.Errorf("as of %s: reason %q rests on %v, want the event of the golongan in force", c.asOf.Format(time.DateOnly), r.Text, r.EventIDs)
			}
		}
	}
	// As of 2026-01-15, four years in III/a by the next promotion date: the
	// candidate recorded ahead is eligible for it.
	cs, _ := promotion.Candidates(ctx, sc.Pool, rules, time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), promotion.Filter{Instansi: "I"})
	if len(cs) == 2 && slices.ContainsFunc(cs[0].Reasons, func(r promotion.Reason) bool { return strings.Contains(r.Text, "held only from") }) {
		t.Errorf("as of 2026-01-15 the candidate is judged by the golongan recorded ahead: %+v", cs[0].Reasons)
	}
}

// TestAngkaKreditFromTheAppointment: an Ahli Pertama appointed in July
// 2025 (the month the NIP encodes) and rated sangat_baik for 2025 earns
// the angka kredit of the six months served, 6/12 × 18.75: the jabatan of
// the registration counted from always, the twelve months of the year.
func TestAngkaKreditFromTheAppointment(t *testing.T) {
	sc := pgtest.New(t)
	ctx := context.Background()
	const nip = "200001012025071001"
	pertama := employee.Jabatan{Kind: performance.JabatanFungsionalKeahlian, Level: performance.LevelAhliPertama, Name: "Analis"}
	var stored []eventlog.Event
	for i, ev := range []interface{ EventType() string }{
		employee.Registered{NIP: nip, Name: "Baru", Status: employee.StatusPNS, Instansi: "I", Unit: "U",
			Jabatan: pertama, Golongan: "III/a", GolonganTMT: civil.Date{Year: 2025, Month: 7, Day: 1}},
		annual(nip, 2025, performance.RatingDiAtas, performance.RatingDiAtas),
	} {
		ne := projectiontest.Encode(ev, projectiontest.HR)
		stored = append(stored, eventlog.Event{ID: ne.ID, Position: uint64(i + 1), Type: ne.Type, SchemaVersion: ne.SchemaVersion, Data: ne.Data})
	}
	if err := pgx.BeginFunc(ctx, sc.Pool, func(tx pgx.Tx) error { return promotion.New().Apply(ctx, tx, stored) }); err != nil {
		t.Fatal(err)
	}
	cs, err := promotion.Candidates(ctx, sc.Pool, promotion.Rules{InForce: performance.DefaultPolicy()},
		time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), promotion.Filter{})
	if err != nil || len(cs) != 1 {
		t.Fatalf("candidates %v, %v", cs, err)
	}
	if ak := cs[0].AngkaKredit; len(ak) != 1 || ak[0].AngkaKredit != 9.375 || len(ak[0].Parts) != 1 || ak[0].Parts[0].Months != 6 {
		t.Errorf("angka kredit %+v, want 2025: 9.375 over 6 months", ak)
	}
}
