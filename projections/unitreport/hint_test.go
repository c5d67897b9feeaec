package unitreport_test

import (
	"context"
	"testing"

	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/unit"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/unitreport"
)

// TestHint checks the distribution hint of a unit whose organisation
// predikat is butuh_perbaikan (butuh_perbaikan ≥ 60%, sangat_baik ≤ 10%):
// with one butuh_perbaikan rated, a second butuh_perbaikan keeps the unit
// within the pattern and a sangat_baik takes it out; a rating the read
// model already holds is left out of "now"; a unit without organisation
// predikat is counted but not checked.
func TestHint(t *testing.T) {
	sc := pgtest.New(t)
	bp := ratings(performance.RatingDiBawah, performance.RatingSesuai)
	sb := ratings(performance.RatingDiAtas, performance.RatingDiAtas)
	evs := []projectiontest.Event{opened()}
	evs = append(evs, unitOf("U", 0, 1, bp)...)
	evs = append(evs, employee.Registered{NIP: projectiontest.NIP(1), Name: "Q", Status: employee.StatusPNS, Instansi: "I", Unit: "U",
		Golongan: "III/a", At: at, By: projectiontest.HR}) // not rated yet
	evs = append(evs, unitOf("V", 10, 1, bp)...)
	evs = append(evs, unit.OrganisationPredikatSet{Code: "U", Year: 2025, Period: "2025", Predikat: performance.OrgButuhPerbaikan,
		PolicyVersion: "p", At: at, By: pimpinan})
	events := projectiontest.StoredEvents(evs...)
	projectiontest.Apply(t, sc.Pool, unitreport.New(), events, 5)
	ctx, policy := context.Background(), performance.DefaultPolicy()
	hint := func(q unitreport.HintQuery) unitreport.Hint {
		t.Helper()
		q.Year, q.Period = 2025, "2025"
		h, err := unitreport.LoadHint(ctx, sc.Pool, policy, q)
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	count := func(s unitreport.Spread, p string) int {
		for _, c := range s.Counts {
			if c.Predikat == p {
				return c.Count
			}
		}
		return -1
	}
	second := projectiontest.NIP(1)

	within := hint(unitreport.HintQuery{NIP: second, Predikat: performance.ButuhPerbaikan})
	if within.Unit != "U" || !within.Checked || *within.OrganisationPredikat != "butuh_perbaikan" || within.Now.Rated != 1 ||
		within.WithRating.Rated != 2 || count(within.WithRating, "butuh_perbaikan") != 2 || !within.Now.WithinPattern ||
		!within.WithRating.WithinPattern || within.LeavesPattern {
		t.Errorf("a second butuh_perbaikan: %+v", within)
	}
	leaves := hint(unitreport.HintQuery{NIP: second, Predikat: performance.SangatBaik})
	if !leaves.LeavesPattern || leaves.WithRating.WithinPattern || len(leaves.WithRating.Violations) != 2 ||
		count(leaves.WithRating, "sangat_baik") != 1 || count(leaves.Now, "sangat_baik") != 0 || leaves.WithRating.Counts[0].SharePercent != 50 {
		t.Errorf("a sangat_baik: %+v", leaves)
	}

	// The read model holds the rating: "now" is without it.
	rated := projectiontest.StoredEvents(skp.AnnualRatingsGiven{NIP: second, Year: 2025, Ratings: sb, At: at})
	rated[0].Position = events[len(events)-1].Position + 1
	projectiontest.Apply(t, sc.Pool, unitreport.New(), rated, 1)
	after := hint(unitreport.HintQuery{NIP: second, Predikat: performance.SangatBaik, EventIDs: []string{rated[0].ID}})
	if after.Now.Rated != 1 || after.WithRating.Rated != 2 || !after.LeavesPattern {
		t.Errorf("after the rating was projected: %+v", after)
	}
	// Without its event ids the rating in force counts now and is replaced.
	again := hint(unitreport.HintQuery{NIP: second, Predikat: performance.ButuhPerbaikan})
	if again.Now.Rated != 2 || count(again.Now, "sangat_baik") != 1 || count(again.WithRating, "sangat_baik") != 0 ||
		again.WithRating.Rated != 2 || !again.WithRating.WithinPattern {
		t.Errorf("replacing a rating in force: %+v", again)
	}

	unchecked := hint(unitreport.HintQuery{NIP: projectiontest.NIP(10), Predikat: performance.SangatBaik})
	if unchecked.Unit != "V" || unchecked.Checked || unchecked.OrganisationPredikat != nil || unchecked.LeavesPattern ||
		count(unchecked.WithRating, "sangat_baik") != 1 {
		t.Errorf("a unit without organisation predikat: %+v", unchecked)
	}
	if _, err := unitreport.LoadHint(ctx, sc.Pool, policy, unitreport.HintQuery{NIP: projectiontest.NIP(99), Year: 2025, Unit: "nowhere",
		Predikat: performance.Baik}); err == nil {
		t.Error("a hint of an unknown unit")
	}
}
