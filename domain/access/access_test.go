package access

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestBoundCleansAndCuts(t *testing.T) {
	e := Entry{Subject: "a\x00b\nc", Query: strings.Repeat("é", MaxQueryLen+10), Instansi: "x\xffy",
		Roles: make([]string, MaxRoles+3)}
	b := e.Bound()
	if b.Subject != "abc" {
		t.Errorf("subject %q", b.Subject)
	}
	if n := utf8.RuneCountInString(b.Query); n != MaxQueryLen || !utf8.ValidString(b.Query) {
		t.Errorf("query of %d runes", n)
	}
	if b.Instansi != "x\uFFFDy" {
		t.Errorf("instansi %q", b.Instansi)
	}
	if len(b.Roles) != MaxRoles {
		t.Errorf("%d roles kept, want %d", len(b.Roles), MaxRoles)
	}
}

func TestCursorRoundTrip(t *testing.T) {
	c := Cursor{At: time.Date(2026, 3, 1, 8, 0, 0, 123456000, time.UTC), ID: 42}
	got, err := ParseCursor(c.String())
	if err != nil || !got.At.Equal(c.At) || got.ID != 42 {
		t.Fatalf("ParseCursor(%s) = %+v, %v", c, got, err)
	}
	for _, bad := range []string{"", "1", "x.1", "1.x", "1.-2", "-9223372036854775808.0", "-1.5"} {
		if _, err := ParseCursor(bad); !errors.Is(err, ErrBadFilter) {
			t.Errorf("ParseCursor(%q) = %v", bad, err)
		}
	}
}

func TestFilterValidate(t *testing.T) {
	t0 := time.Now()
	for _, f := range []Filter{{}, {Instansi: "a", Limit: MaxSearchLimit + 1}, {Instansi: "a", From: t0, To: t0}} {
		if err := f.Validate(); !errors.Is(err, ErrBadFilter) {
			t.Errorf("%+v: %v", f, err)
		}
	}
	if err := (Filter{Instansi: "a"}).Validate(); err != nil {
		t.Error(err)
	}
}
