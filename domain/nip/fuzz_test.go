package nip

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var fuzzSeeds = []string{
	"198609262015051001", "199709072023211001", "198602302015051001", "200002292020011010",
	"", "1986092620150510011", "19860926201505100A", "198609262015211001", "000000000000000000",
}

// checkRoundTrip fails when a successful parse does not round-trip through
// String, or when an error does not wrap ErrInvalid.
func checkRoundTrip(t *testing.T, s string, parse func(string) (ID, error)) {
	id, err := parse(s)
	if err != nil {
		if !errors.Is(err, ErrInvalid) {
			t.Fatalf("parse(%q) error %v does not wrap ErrInvalid", s, err)
		}
		return
	}
	if id.String() != s || id.Raw != s {
		t.Fatalf("parse(%q): String() = %q, Raw = %q", s, id.String(), id.Raw)
	}
	again, err := parse(id.String())
	if err != nil {
		t.Fatalf("re-parse of %q failed: %v", s, err)
	}
	if diff := cmp.Diff(id, again); diff != "" {
		t.Fatalf("re-parse of %q differs (-first +second):\n%s", s, diff)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkRoundTrip(t, s, Parse)
	})
}

func FuzzParsePPPK(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkRoundTrip(t, s, ParsePPPK)
	})
}
