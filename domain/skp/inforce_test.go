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
		{skp.PeriodicRatingsGiven{Window: 2, Label: "2025-Q2", Ratings: a}, 2, a, true},
		{skp.AnnualRatingsGiven{Ratings: a}, 0, a, true},
		{skp.RatingsAmended{Window: 3, Previous: a, New: b}, 3, b, true},
		{skp.RatingsAmended{Previous: a, New: b}, 0, b, true},
		{skp.ObjectionDecided{Outcome: skp.OutcomeRatingsChanged, Previous: a, New: b}, 0, b, true},
		{skp.ObjectionDecided{Outcome: skp.OutcomeRatingsUpheld, Previous: a}, 0, skp.Ratings{}, false},
		{skp.ObjectionFiled{Against: a}, 0, skp.Ratings{}, false},
		{skp.Approved{}, 0, skp.Ratings{}, false},
	} {
		set, ok := skp.RatingsInForce(c.ev)
		if set.Window != c.window || set.Ratings != c.want || ok != c.ok {
			t.Errorf("%s %+v: window %d, %+v, %v; want %d, %+v, %v", c.ev.EventType(), c.ev, set.Window, set.Ratings, ok, c.window, c.want, c.ok)
		}
		if ok != skp.IsRatingEvent(c.ev.EventType()) && c.ev.EventType() != skp.TypeObjectionDecided {
			t.Errorf("%s: IsRatingEvent %v", c.ev.EventType(), !ok)
		}
	}
}
