// Package civil defines Date, a calendar date without a time of day or a time
// zone. Kinerja uses it for effective dates, TMT dates, period windows and
// deadlines, which the regulations state as days, not instants.
package civil

import (
	"cmp"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrInvalidDate is wrapped by every error about a malformed or impossible date.
var ErrInvalidDate = errors.New("invalid date")

// layout is the only textual form of a Date: ISO 8601 calendar date.
const layout = "2006-01-02"

// Date is a day of the Gregorian calendar. The zero value means "no date".
// Dates are comparable with == and order with Compare, Before and After.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// New returns the date year-month-day, or an error wrapping ErrInvalidDate if
// no such day exists (for example 2025-02-29) or the year is outside 1–9999.
func New(year int, month time.Month, day int) (Date, error) {
	d := Date{Year: year, Month: month, Day: day}
	if !d.IsValid() {
		return Date{}, fmt.Errorf("%w: %04d-%02d-%02d", ErrInvalidDate, year, int(month), day)
	}
	return d, nil
}

// DateOf returns the calendar day of t in t's own location. Callers pass
// instants in the instansi's local time so that the day is the local day.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// Parse reads a date written as YYYY-MM-DD.
func Parse(s string) (Date, error) {
	t, err := time.Parse(layout, s)
	if err != nil {
		shown := s // a date is 10 characters; say no more of what is not one
		if len(shown) > 40 {
			shown = strings.ToValidUTF8(shown[:40], "") + "…"
		}
		if dateShaped(s) {
			// Written right, but no such day (2025-02-29, 2025-04-31,
			// 2025-13-01): "want YYYY-MM-DD" would send the user looking
			// for a mistake in the format.
			return Date{}, fmt.Errorf("%w: %q: the calendar has no such day", ErrInvalidDate, s)
		}
		return Date{}, fmt.Errorf("%w: %q (want YYYY-MM-DD)", ErrInvalidDate, shown)
	}
	return New(t.Year(), t.Month(), t.Day())
}

// dateShaped reports whether s is written as YYYY-MM-DD: four, two and two
// digits between hyphens.
func dateShaped(s string) bool {
	if len(s) != len(layout) {
		return false
	}
	for i := range len(s) {
		if (i == 4 || i == 7) != (s[i] == '-') || (s[i] != '-' && (s[i] < '0' || s[i] > '9')) {
			return false
		}
	}
	return true
}

// IsZero reports whether d is the zero Date, meaning "no date".
func (d Date) IsZero() bool { return d == Date{} }

// IsValid reports whether d names a real day in the years 1–9999.
func (d Date) IsValid() bool {
	if d.Year < 1 || d.Year > 9999 || d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	return DateOf(d.Time(time.UTC)) == d
}

// Time returns midnight at the start of d in loc.
func (d Date) Time(loc *time.Location) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}

// AddDays returns the date n days after d (before d when n is negative).
func (d Date) AddDays(n int) Date {
	return DateOf(d.Time(time.UTC).AddDate(0, 0, n))
}

// Compare returns -1 if d is before o, +1 if after, and 0 if they are equal.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmp.Compare(d.Year, o.Year)
	case d.Month != o.Month:
		return cmp.Compare(d.Month, o.Month)
	default:
		return cmp.Compare(d.Day, o.Day)
	}
}

// Before reports whether d is strictly before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is strictly after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// String returns d as YYYY-MM-DD, or the empty string for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText encodes d as YYYY-MM-DD (empty for the zero Date). It fails for
// a date that does not exist.
func (d Date) MarshalText() ([]byte, error) {
	if !d.IsZero() && !d.IsValid() {
		return nil, fmt.Errorf("%w: %04d-%02d-%02d", ErrInvalidDate, d.Year, int(d.Month), d.Day)
	}
	return []byte(d.String()), nil
}

// UnmarshalText decodes YYYY-MM-DD; the empty string decodes to the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// Scan reads a date column (database/sql.Scanner): a time.Time gives its
// calendar day in its own location, a string is parsed as YYYY-MM-DD, and
// NULL gives the zero Date.
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = DateOf(v)
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	default:
		return fmt.Errorf("%w: cannot scan %T", ErrInvalidDate, src)
	}
	return nil
}
