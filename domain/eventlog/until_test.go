package eventlog

import (
	"errors"
	"testing"
	"time"
)

func TestParseUntil(t *testing.T) {
	wib := time.FixedZone("WIB", 7*60*60)
	good := map[string]AsOf{
		"42":                        {Position: 42},
		"2025-03-31T12:00:00+07:00": {Time: time.Date(2025, 3, 31, 5, 0, 0, 0, time.UTC)},
		"2025-03-31":                {Time: time.Date(2025, 3, 31, 16, 59, 59, 999999000, time.UTC)},
		"2024-12-31":                {Time: time.Date(2024, 12, 31, 16, 59, 59, 999999000, time.UTC)},
	}
	for in, want := range good {
		got, err := ParseUntil(in, wib)
		if err != nil || !got.Time.Equal(want.Time) || got.Position != want.Position {
			t.Errorf("ParseUntil(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "-1", "2025-02-30", "31-03-2025", "yesterday", "0001-01-01", "1969-12-30"} {
		if _, err := ParseUntil(in, wib); !errors.Is(err, ErrBadAsOf) {
			t.Errorf("ParseUntil(%q) = %v, want ErrBadAsOf", in, err)
		}
	}
}
