package skp_test

import (
	"testing"

	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// TestRatingsInForce checks which ratings each SKP event puts in force.
func TestRatingsInForce(t *testing.T) {
	a := skp.Ratings{Hasil: performance.RatingSesuai, Perilaku: performance.RatingSesuai, Predikat: performance.Baik}
	b := skp.Ratings{Hasil: performance.RatingDiAtas, Perilaku: performance.RatingDiAtas, Predikat: performance.SangatBaik}
	for _, c := range []struct {
		ev     skp.Event
		window int
		want   skp.Ratings
		ok     bool
	}{
		{skp.PeriodicRatingsGiven{Window: 2, Ratings: a}, 2, a, true},
		{skp.AnnualRatingsGiven{Ratings: a}, 0, a, true},
		{skp.RatingsAmended{Window: 3, Previous: a, New: b}, 3, b, true},
		{skp.RatingsAmended{Previous: a, New: b}, 0, b, true},
		{skp.ObjectionDecided{Outcome: skp.OutcomeRatingsChanged, Previous: a, New: b}, 0, b, true},
		{skp.ObjectionDecided{Outcome: skp.OutcomeRatingsUpheld, Previous: a}, 0, skp.Ratings{}, false},
		{skp.ObjectionFiled{Against: a}, 0, skp.Ratings{}, false},
		{skp.Approved{}, 0, skp.Ratings{}, false},
	} {
		w, r, ok := skp.RatingsInForce(c.ev)
		if w != c.window || r != c.want || ok != c.ok {
			t.Errorf("%s %+v: window %d, %+v, %v; want %d, %+v, %v", c.ev.EventType(), c.ev, w, r, ok, c.window, c.want, c.ok)
		}
	}
}
