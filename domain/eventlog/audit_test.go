package eventlog

import (
	"errors"
	"testing"
	"time"
)

func TestParseAsOf(t *testing.T) {
	good := map[string]AsOf{
		"42":                        {Position: 42},
		"2025-03-31T23:59:59+07:00": {Time: time.Date(2025, 3, 31, 16, 59, 59, 0, time.UTC)},
		"2025-03-31T00:00:00.5Z":    {Time: time.Date(2025, 3, 31, 0, 0, 0, 5e8, time.UTC)},
		"9223372036854775807":       {Position: MaxPosition},
		"1970-01-01T00:00:00Z":      {Time: Epoch},
	}
	for in, want := range good {
		got, err := ParseAsOf(in)
		if err != nil || got.Position != want.Position || !got.Time.Equal(want.Time) {
			t.Errorf("ParseAsOf(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	// Past the bigint a position is stored as; the zero time, which would
	// read as now; before the epoch.
	for _, in := range []string{"", "0", "-3", "yesterday", "2025-03-31", "+5", "9223372036854775808", "18446744073709551615",
		"0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z"} {
		if _, err := ParseAsOf(in); err == nil {
			t.Errorf("ParseAsOf(%q) accepted", in)
		}
	}
}

func TestAuditFilterValidate(t *testing.T) {
	now := time.Now()
	for _, f := range []AuditFilter{{Limit: -1}, {Limit: MaxSearchLimit + 1}, {From: now, To: now}, {From: now, To: now.Add(-time.Second)}} {
		if err := f.Validate(); !errors.Is(err, ErrBadFilter) {
			t.Errorf("%+v.Validate() = %v, want ErrBadFilter", f, err)
		}
	}
	for _, f := range []AuditFilter{{}, {Limit: MaxSearchLimit}, {From: now, To: now.Add(time.Second)}, {From: now}} {
		if err := f.Validate(); err != nil {
			t.Errorf("%+v.Validate() = %v", f, err)
		}
	}
	if (AuditFilter{}).PageSize() != DefaultSearchLimit || (AuditFilter{Limit: 7}).PageSize() != 7 {
		t.Error("PageSize")
	}
}

func TestPositionsAndTailMissing(t *testing.T) {
	for _, c := range []struct {
		from, to         uint64
		plural, singular string
		want             string
	}{
		{8, 10, "are", "is", "positions 8 to 10 are"},
		{8, 8, "are", "is", "position 8 is"},
		{8, 10, "", "", "positions 8 to 10"},
		{8, 8, "", "", "position 8"},
	} {
		if got := Positions(c.from, c.to, c.plural, c.singular); got != c.want {
			t.Errorf("Positions(%d, %d, %q, %q) = %q, want %q", c.from, c.to, c.plural, c.singular, got, c.want)
		}
	}
	rep := VerifyReport{OK: true, Events: 7, HeadPosition: 7, LastGoodPosition: 7}
	rep.TailMissing(10)
	if rep.OK || rep.FirstBadPosition != 8 || rep.MissingFrom != 8 || rep.MissingTo != 10 || rep.HeadPosition != 7 || rep.Events != 7 {
		t.Fatalf("TailMissing(10) after head 7: %+v", rep)
	}
}
