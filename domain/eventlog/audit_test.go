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
	}
	for in, want := range good {
		got, err := ParseAsOf(in)
		if err != nil || got.Position != want.Position || !got.Time.Equal(want.Time) {
			t.Errorf("ParseAsOf(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "-3", "yesterday", "2025-03-31"} {
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
