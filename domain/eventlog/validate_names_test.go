package eventlog

import (
	"math/rand/v2"
	"regexp"
	"testing"
)

// TestNameMatchersAgreeWithRegexps checks the hand-written name matchers
// against the regular expressions they replace, on chosen cases and on many
// random strings over the characters that matter.
func TestNameMatchersAgreeWithRegexps(t *testing.T) {
	checks := []struct {
		name  string
		re    *regexp.Regexp
		match func(string) bool
		cases []string
	}{
		{"stream", regexp.MustCompile(`^[a-z][a-z0-9_]*-[A-Za-z0-9][A-Za-z0-9._-]*$`), isStreamName,
			[]string{"skp-198609262015051001-2025", "a-b", "a-", "-a", "a_1-X.y_z-", "A-b", "a-.b", "a--b", "ab", "a-b\n", "", "a-b c", "a1_-Z"}},
		{"type", regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$`), isEventType,
			[]string{"skp.ratings_given", "a.b.c", "a", "a.", ".a", "a..b", "a.1b", "a.b1_", "A.b", "a.b\n", ""}},
		{"uuid", regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`), isLowerUUID,
			[]string{NewID(), "0192f0c4-7b1e-7c3a-9d2e-4f5a6b7c8d9e", "0192F0C4-7b1e-7c3a-9d2e-4f5a6b7c8d9e", "0192f0c47b1e-7c3a-9d2e-4f5a6b7c8d9e-", "0192f0c4-7b1e-7c3a-9d2e-4f5a6b7c8d9", ""}},
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const alphabet = "ab_z09AZ.-f\n "
	for _, c := range checks {
		cases := c.cases
		for i := 0; i < 200000; i++ {
			b := make([]byte, rng.IntN(12))
			for j := range b {
				b[j] = alphabet[rng.IntN(len(alphabet))]
			}
			cases = append(cases, string(b))
		}
		for i := 0; i < 20000; i++ { // near-UUIDs: one character changed
			b := []byte(NewID())
			b[rng.IntN(len(b))] = alphabet[rng.IntN(len(alphabet))]
			cases = append(cases, string(b))
		}
		for _, s := range cases {
			if got, want := c.match(s), c.re.MatchString(s); got != want {
				t.Errorf("%s %q: matcher says %v, regexp %v", c.name, s, got, want)
			}
		}
	}
}
