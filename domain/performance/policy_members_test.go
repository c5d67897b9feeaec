package performance_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/domain/performance"
)

// TestDecodePolicyWantsEveryMember: a policy file without min_years_in_rank
// was valid, with 0 years in rank; cascade_check alone may be left out (off).
func TestDecodePolicyWantsEveryMember(t *testing.T) {
	whole, err := json.Marshal(performance.DefaultPolicy())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(whole, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "cascade_check")
	ok, _ := json.Marshal(m)
	if p, err := performance.DecodePolicy(ok); err != nil || p.CascadeCheck != performance.CascadeOff {
		t.Errorf("without cascade_check: %+v, %v; want it off", p.CascadeCheck, err)
	}
	delete(m, "min_years_in_rank")
	short, _ := json.Marshal(m)
	if _, err := performance.DecodePolicy(short); !errors.Is(err, performance.ErrInvalidPolicy) || !strings.Contains(err.Error(), "min_years_in_rank") {
		t.Errorf("without min_years_in_rank: %v, want ErrInvalidPolicy naming it", err)
	}
	if got := performance.MissingMembers(short); len(got) != 1 || got[0] != "min_years_in_rank" {
		t.Errorf("MissingMembers = %v", got)
	}
}
