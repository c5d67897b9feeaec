package performance

import (
	"errors"
	"testing"
)

// TestRatingDaysBeforeWindowEnd checks the default (ratings from a window's
// last day on) and the bounds Validate puts on the field.
func TestRatingDaysBeforeWindowEnd(t *testing.T) {
	if d := DefaultPolicy().RatingDaysBeforeWindowEnd; d != 0 {
		t.Errorf("default rating days before the window's end %d, want 0", d)
	}
	for days, valid := range map[int]bool{-1: false, 0: true, 7: true, 31: true, 32: false} {
		p := DefaultPolicy()
		p.RatingDaysBeforeWindowEnd = days
		if err := p.Validate(); (err == nil) != valid || (err != nil && !errors.Is(err, ErrInvalidPolicy)) {
			t.Errorf("%d days: Validate() = %v, want valid %v", days, err, valid)
		}
	}
}
