package text_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/domain/text"
)

func TestLineAndBlock(t *testing.T) {
	cases := []struct {
		name      string
		in        string
		multiline bool
		want      string
		problem   string // "" for accepted
	}{
		{"trimmed", "  Budi Sant \n", false, "Budi Sant", ""},
		{"at the limit in runes", strings.Repeat("é", 10), false, strings.Repeat("é", 10), ""},
		{"over the limit", strings.Repeat("a", 11), false, "", "is 11 characters long"},
		{"over the limit in runes, not bytes", strings.Repeat("é", 11), false, "", "is 11 characters long"},
		{"NUL", "a\x00b", false, "", "contains a NUL character"},
		{"NUL in a block", "a\x00b", true, "", "contains a NUL character"},
		{"escape", "a\x1bb", true, "", "contains the control character U+001B"},
		{"DEL", "a\x7fb", true, "", "contains the control character U+007F"},
		{"C1 control", "a\u0085b", true, "", "contains the control character U+0085"},
		{"line separator", "a\u2028b", true, "", "contains the control character U+2028"},
		{"right-to-left override", "Budi\u202Egnp.exe", true, "", "contains the bidirectional control character U+202E"},
		{"isolate", "a\u2067b", false, "", "contains the bidirectional control character U+2067"},
		{"right-to-left mark is text", "a\u200Fb", true, "a\u200Fb", ""},
		{"newline in a line", "a\nb", false, "", "contains the control character U+000A"},
		{"tab in a line", "a\tb", false, "", "contains the control character U+0009"},
		{"newline and tab in a block", "a\n\tb", true, "a\n\tb", ""},
		{"CRLF in a block", "a\r\nb", true, "a\nb", ""},
		{"lone CR in a block", "a\rb", true, "", "contains the control character U+000D"},
		{"invalid UTF-8", "a\xffb", true, "", "is not valid UTF-8"},
		{"right-to-left mark and emoji", "\u200fعلي 👍", false, "\u200fعلي 👍", ""},
	}
	for _, c := range cases {
		f := text.Line
		if c.multiline {
			f = text.Block
		}
		got, err := f("name", c.in, 10)
		if c.problem == "" {
			if err != nil || got != c.want {
				t.Errorf("%s: %q, %v; want %q", c.name, got, err, c.want)
			}
			continue
		}
		var te *text.Error
		if !errors.As(err, &te) || !errors.Is(err, text.ErrInvalid) {
			t.Errorf("%s: error %v, want a *text.Error", c.name, err)
			continue
		}
		if te.Field != "name" || te.Limit != 10 || te.Problem != c.problem {
			t.Errorf("%s: %+v, want field name, limit 10, problem %q", c.name, te, c.problem)
		}
		if msg := err.Error(); !strings.Contains(msg, "name") || !strings.Contains(msg, "10") {
			t.Errorf("%s: message %q names neither the field nor the limit", c.name, msg)
		}
	}
}

// TestLimitsAreWellBelowTheStore keeps the limits in the order the README
// promises: an event of the largest fields fits the event data limit, which
// is well below the store's 1 MiB.
func TestLimitsAreWellBelowTheStore(t *testing.T) {
	if text.MaxEventDataBytes > 1<<20/4 {
		t.Errorf("MaxEventDataBytes = %d, want well below 1 MiB", text.MaxEventDataBytes)
	}
	// The largest single text field, at 4 bytes a rune, with room for the rest.
	for _, n := range []int{text.MaxName, text.MaxNote, text.MaxObjection, text.MaxFeedback, text.MaxRealisation, text.MaxPlanText} {
		if 4*n > text.MaxEventDataBytes/2 {
			t.Errorf("a field of %d runes may not fit an event of %d bytes", n, text.MaxEventDataBytes)
		}
	}
}

func TestClip(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 3, "abc"},
		{"abcd", 3, "abc…"},
		{"éé", 3, "é…"}, // cut before the second é, not inside it
		{"", 0, ""},
	} {
		if got := text.Clip(c.in, c.n); got != c.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
}
