package period_test

import (
	"testing"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/period"
)

// TestWindowEndedAndOverdue checks the days on which a window is over and
// a report for it is late: the day after its last day and after its
// deadline, not on them.
func TestWindowEndedAndOverdue(t *testing.T) {
	w := period.Window{Number: 1, Label: "2025-Q1", Start: civil.Date{Year: 2025, Month: 1, Day: 1},
		End: civil.Date{Year: 2025, Month: 3, Day: 31}, Deadline: civil.Date{Year: 2025, Month: 4, Day: 10}}
	for _, c := range []struct {
		d              civil.Date
		ended, overdue bool
	}{
		{civil.Date{Year: 2025, Month: 3, Day: 31}, false, false},
		{civil.Date{Year: 2025, Month: 4, Day: 1}, true, false},
		{civil.Date{Year: 2025, Month: 4, Day: 10}, true, false},
		{civil.Date{Year: 2025, Month: 4, Day: 11}, true, true},
	} {
		if w.Ended(c.d) != c.ended || w.Overdue(c.d) != c.overdue {
			t.Errorf("%s: ended %v overdue %v, want %v %v", c.d, w.Ended(c.d), w.Overdue(c.d), c.ended, c.overdue)
		}
	}
}
