package period

import "testing"

// TestParseStreamReadsWhatStreamWrites: the instansi and year of a period
// stream, an instansi code with dashes included; any other name is not one.
func TestParseStreamReadsWhatStreamWrites(t *testing.T) {
	for _, c := range []struct {
		instansi string
		year     int
	}{{"pemprov-jabar", 2025}, {"a", 2000}, {"kab.x_1-2", 9999}} {
		if inst, year, ok := ParseStream(Stream(c.instansi, c.year)); !ok || inst != c.instansi || year != c.year {
			t.Errorf("ParseStream(%q) = %q, %d, %v", Stream(c.instansi, c.year), inst, year, ok)
		}
	}
	for _, s := range []string{"period-", "period-2025", "period-x-", "period-x-20x5", "period-x-02025", "unit-x-2025", "skp-1-2025"} {
		if inst, year, ok := ParseStream(s); ok {
			t.Errorf("ParseStream(%q) = %q, %d, true; want not a period stream", s, inst, year)
		}
	}
}
