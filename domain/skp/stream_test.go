package skp_test

import (
	"errors"
	"testing"

	"github.com/kinerja/kinerja/domain/skp"
)

// TestParseStream checks that ParseStream reads what Stream writes and
// nothing else.
func TestParseStream(t *testing.T) {
	nip, year, err := skp.ParseStream(skp.Stream("198609262015051001", 2025))
	if err != nil || nip != "198609262015051001" || year != 2025 {
		t.Fatalf("round trip: %q %d %v", nip, year, err)
	}
	for _, s := range []string{"", "skp-", "skp-1", "skp-1-", "skp-1-x", "skp-1-2025-2", "skp-1-02025", "employee-1", "unit-1-2025"} {
		if _, _, err := skp.ParseStream(s); !errors.Is(err, skp.ErrNotSKPStream) {
			t.Errorf("%q: %v, want ErrNotSKPStream", s, err)
		}
	}
	if p := skp.StreamPrefix("1"); p != "skp-1-" || skp.Stream("1", 2025)[:len(p)] != p {
		t.Errorf("prefix %q", p)
	}
}
