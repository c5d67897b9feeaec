package standings_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/unit"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
)

func errorsAs(err error, target any) bool { return errors.As(err, target) }

// TestQueries builds a small instansi by hand and checks filters (unit with
// sub-units, predikat, year, status), sorting and paging.
func TestQueries(t *testing.T) {
	sc := pgtest.New(t)
	hr := projectiontest.HR
	at := time.Date(2025, 1, 5, 9, 0, 0, 0, time.UTC)
	enc := func(ev interface{ EventType() string }, stream string) projectiontest.Append {
		return projectiontest.Append{Stream: stream, Events: []eventlog.NewEvent{projectiontest.Encode(ev, hr)}}
	}
	var appends []projectiontest.Append
	for _, u := range []unit.Registered{{Code: "DINAS", Instansi: "I"}, {Code: "BID", Parent: "DINAS", Instansi: "I"}, {Code: "SEKSI", Parent: "BID", Instansi: "I"}, {Code: "LAIN", Instansi: "I"}} {
		u.Name, u.At, u.By = u.Code, at, hr
		appends = append(appends, enc(u, "unit-"+u.Code))
	}
	units := []string{"DINAS", "BID", "SEKSI", "LAIN"}
	predikats := []performance.Rating{performance.RatingDiAtas, performance.RatingSesuai, performance.RatingDiBawah, performance.RatingSesuai}
	for n := range 4 {
		nip := projectiontest.NIP(n)
		appends = append(appends, enc(employee.Registered{NIP: nip, Name: "P" + string(rune('A'+n)), Status: employee.StatusPNS, Instansi: "I",
			Unit: units[n], Golongan: "III/a", GolonganTMT: civil.Date{Year: 2020, Month: 4, Day: 1}, At: at, By: hr}, employee.Stream(nip)))
		appends = append(appends, enc(skp.Drafted{NIP: nip, Year: 2025, Instansi: "I", At: at, By: hr}, skp.Stream(nip, 2025)))
		r := skp.Ratings{Hasil: predikats[n], Perilaku: performance.RatingDiAtas}
		r.Predikat, _ = performance.PredikatOf(r.Hasil, r.Perilaku)
		if n < 3 {
			appends = append(appends, enc(skp.AnnualRatingsGiven{NIP: nip, Year: 2025, Ratings: r, At: at, By: actor.Actor{NIP: "x", Role: actor.PejabatPenilai}}, skp.Stream(nip, 2025)))
		}
	}
	projectiontest.Apply(t, sc.Pool, standings.New(), projectiontest.Stored(appends), 100)
	ctx := context.Background()
	cases := []struct {
		f    standings.Filter
		want []string
	}{
		{standings.Filter{Year: 2025}, []string{"PA", "PB", "PC", "PD"}},
		{standings.Filter{Unit: "BID", SubUnits: true}, []string{"PB", "PC"}},
		{standings.Filter{Unit: "DINAS", SubUnits: true, Sort: "-name"}, []string{"PC", "PB", "PA"}},
		{standings.Filter{Unit: "BID"}, []string{"PB"}},
		{standings.Filter{Predikat: "sangat_baik"}, []string{"PA"}},
		{standings.Filter{Predikat: "none"}, []string{"PD"}},
		{standings.Filter{Sort: "-predikat"}, []string{"PA", "PB", "PC", "PD"}},
		{standings.Filter{Sort: "predikat", Limit: 2, Offset: 1}, []string{"PC", "PB"}},
		{standings.Filter{Year: 2024}, nil},
	}
	for _, c := range cases {
		page, err := standings.Query(ctx, sc.Pool, c.f)
		if err != nil {
			t.Fatalf("%+v: %v", c.f, err)
		}
		var got []string
		for _, s := range page.Items {
			got = append(got, s.Name)
		}
		if !equal(got, c.want) {
			t.Errorf("%+v: got %v, want %v", c.f, got, c.want)
		}
	}
	if page, _ := standings.Query(ctx, sc.Pool, standings.Filter{Limit: 1}); page.Total != 4 || len(page.Items) != 1 {
		t.Errorf("paging: total %d, %d items", page.Total, len(page.Items))
	}
	if _, err := standings.Query(ctx, sc.Pool, standings.Filter{Sort: "bogus"}); !errors.Is(err, standings.ErrInvalidFilter) {
		t.Errorf("bad sort: %v", err)
	}
	s, ok, err := standings.Get(ctx, sc.Pool, projectiontest.NIP(0), 2025)
	if err != nil || !ok || s.AnnualPredikat != "sangat_baik" || s.Unit != "DINAS" || s.SKPStatus != "draft" || s.Golongan != "III/a" {
		t.Errorf("get: %+v %v %v", s, ok, err)
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestOpeningAYearKeepsADepartureWithinIt: a retirement on 2027-06-01,
// recorded before 2027 was opened, left the employee out of the whole 2027
// standings (they serve until June); one in force on 1 January is out.
func TestOpeningAYearKeepsADepartureWithinIt(t *testing.T) {
	sc := pgtest.New(t)
	hr := projectiontest.HR
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	midYear, newYear, stays := projectiontest.NIP(1), projectiontest.NIP(2), projectiontest.NIP(3)
	var evs []projectiontest.Event
	for _, n := range []string{midYear, newYear, stays} {
		evs = append(evs, employee.Registered{NIP: n, Name: "E", Status: employee.StatusPNS, Instansi: "I", Unit: "U",
			Golongan: "III/a", At: at, By: hr})
	}
	evs = append(evs,
		employee.LeftService{NIP: midYear, Effective: civil.Date{Year: 2027, Month: 6, Day: 1}, Reason: "pensiun", At: at, By: hr},
		employee.LeftService{NIP: newYear, Effective: civil.Date{Year: 2027, Month: 1, Day: 1}, Reason: "pensiun", At: at, By: hr},
		period.Opened{Instansi: "I", Year: 2027, Frequency: performance.FrequencyQuarterly, Windows: period.Layout(2027, performance.FrequencyQuarterly), At: at})
	projectiontest.Apply(t, sc.Pool, standings.New(), projectiontest.StoredEvents(evs...), 2)
	rows, err := sc.Pool.Query(context.Background(), `SELECT nip FROM standings WHERE year = 2027 ORDER BY nip`)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		got = append(got, n)
	}
	if want := []string{midYear, stays}; len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("2027 standings of %v, want %v (the mid-year leaver in, the one gone on 1 January out)", got, want)
	}
}
