package projectiontest

import (
	"testing"

	"github.com/kinerja/kinerja/domain/nip"
)

// TestNIPsAreValidUniqueAndOrdered: the generated NIPs carried the
// appointment month 00, so none could be read by NIP over the API (a bench
// world's employees were 400 "appointment month 00 is not 01-12").
func TestNIPsAreValidUniqueAndOrdered(t *testing.T) {
	prev := ""
	for _, n := range []int{0, 1, 2, 998, 999, 1000, 1997, 1998, 23975, 23976, 479520, 999999, 1000000, 2000001, 3999999} {
		s := NIP(n)
		if _, err := nip.Parse(s); err != nil {
			t.Errorf("NIP(%d) = %s: %v", n, s, err)
		}
		if s <= prev {
			t.Errorf("NIP(%d) = %s sorts before or as the one before, %s", n, s, prev)
		}
		prev = s
	}
	seen := map[string]int{}
	for n := range 50000 {
		s := NIP(n)
		if k, dup := seen[s]; dup {
			t.Fatalf("NIP(%d) = NIP(%d) = %s", n, k, s)
		}
		seen[s] = n
	}
}
