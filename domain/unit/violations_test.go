package unit_test

import (
	"errors"
	"testing"

	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/unit"
)

// TestOverrideNamesOnlyRealPredikats: given a unit with a predikat, when an
// override's violation names something that is not a predikat (a NUL, say),
// then it fails with ErrInvalidInput and records nothing.
func TestOverrideNamesOnlyRealPredikats(t *testing.T) {
	vs := performance.DefaultPolicy().CheckDistribution(performance.OrgBaik, map[performance.Predikat]int{performance.Baik: 10})
	for _, bad := range []performance.Predikat{"baik\x00", "", "istimewa"} {
		o := unit.Override{Year: 2025, Period: "2025", Violations: append([]performance.Violation(nil), vs...),
			Justification: "all ten delivered", PolicyVersion: "2025.1"}
		o.Violations[0].Predikats = []performance.Predikat{performance.Baik, bad}
		got, err := given(t, registered, predikatSet).RecordDistributionOverride(at, pimpinan, o)
		if !errors.Is(err, unit.ErrInvalidInput) || got != nil {
			t.Errorf("predikat %q: events %v, error %v; want none and ErrInvalidInput", bad, got, err)
		}
	}
}
