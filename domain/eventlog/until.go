package eventlog

import (
	"fmt"
	"time"
)

// ParseUntil reads the upper bound of a replay as given on a command line or
// in a request: digits are a global position, an RFC 3339 time is itself,
// and a date (2025-03-31) is the end of that day in loc, the last
// microsecond before the next midnight (the log records microseconds). Errors
// wrap ErrBadAsOf.
func ParseUntil(s string, loc *time.Location) (AsOf, error) {
	if d, err := time.ParseInLocation(time.DateOnly, s, loc); err == nil {
		end := time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc).Add(-time.Microsecond)
		if end.Before(Epoch) {
			return AsOf{}, fmt.Errorf("until %q: %w (times start at %s; the log holds nothing earlier)", s, ErrBadAsOf, Epoch.Format(time.DateOnly))
		}
		return AsOf{Time: end.UTC()}, nil
	}
	a, err := ParseAsOf(s)
	if err != nil {
		return AsOf{}, fmt.Errorf("%w, or a date such as 2025-03-31 (the end of that day)", err)
	}
	return a, nil
}
