package performance

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// viol builds an expected violation without its message.
func viol(rule string, limit, actual int, ps ...Predikat) Violation {
	return Violation{Rule: rule, Predikats: ps, Limit: limit, Actual: actual}
}

type counts = map[Predikat]int

// Under DefaultPolicy caps are floor(n·p) and floors ceil(n·p):
//
//	n   floor(.7n) floor(.1n) ceil(.6n) ceil(.1n)
//	1   0          0          1         1
//	3   2 (2.1)    0 (0.3)    2 (1.8)   1 (0.3)
//	7   4 (4.9)    0 (0.7)    5 (4.2)   1 (0.7)
//	10  7          1          6         1
//
// So with n = 1 an istimewa unit cannot hold a sangat_baik, and kurang and
// sangat_kurang units cannot satisfy their pattern at all.
var distributionTests = []struct {
	name   string
	org    OrgPredikat
	counts counts
	want   []Violation
}{
	{"ref4_istimewa_8_sangat_baik", OrgIstimewa, counts{SangatBaik: 8, Baik: 2}, []Violation{viol(RuleMaxShare, 7, 8, SangatBaik)}},
	{"istimewa_n1_baik", OrgIstimewa, counts{Baik: 1}, nil},
	{"istimewa_n1_sangat_baik", OrgIstimewa, counts{SangatBaik: 1}, []Violation{viol(RuleMaxShare, 0, 1, SangatBaik)}},
	{"istimewa_n3_2_sangat_baik", OrgIstimewa, counts{SangatBaik: 2, Baik: 1}, nil},
	{"istimewa_n3_3_sangat_baik", OrgIstimewa, counts{SangatBaik: 3}, []Violation{viol(RuleMaxShare, 2, 3, SangatBaik)}},
	{"istimewa_n7_4_sangat_baik", OrgIstimewa, counts{SangatBaik: 4, Baik: 3}, nil},
	{"istimewa_n7_5_sangat_baik", OrgIstimewa, counts{SangatBaik: 5, Baik: 2}, []Violation{viol(RuleMaxShare, 4, 5, SangatBaik)}},

	{"ref5_baik_10_baik", OrgBaik, counts{Baik: 10}, []Violation{
		viol(RuleMaxShare, 7, 10, Baik), viol(RuleAtLeastOne, 1, 0, ButuhPerbaikan, Kurang)}},
	{"baik_n10_ok", OrgBaik, counts{SangatBaik: 2, Baik: 7, Kurang: 1}, nil},
	{"baik_n1_baik", OrgBaik, counts{Baik: 1}, []Violation{
		viol(RuleMaxShare, 0, 1, Baik), viol(RuleAtLeastOne, 1, 0, ButuhPerbaikan, Kurang)}},
	{"baik_n1_butuh_perbaikan", OrgBaik, counts{ButuhPerbaikan: 1}, nil},
	{"baik_n1_sangat_baik", OrgBaik, counts{SangatBaik: 1}, []Violation{viol(RuleAtLeastOne, 1, 0, ButuhPerbaikan, Kurang)}},
	{"baik_n3_ok", OrgBaik, counts{Baik: 2, ButuhPerbaikan: 1}, nil},
	{"baik_n3_3_baik", OrgBaik, counts{Baik: 3}, []Violation{
		viol(RuleMaxShare, 2, 3, Baik), viol(RuleAtLeastOne, 1, 0, ButuhPerbaikan, Kurang)}},
	{"baik_n7_ok", OrgBaik, counts{Baik: 4, SangatBaik: 2, ButuhPerbaikan: 1}, nil},
	{"baik_n7_5_baik", OrgBaik, counts{Baik: 5, Kurang: 2}, []Violation{viol(RuleMaxShare, 4, 5, Baik)}},

	{"butuh_perbaikan_n1_ok", OrgButuhPerbaikan, counts{ButuhPerbaikan: 1}, nil},
	{"butuh_perbaikan_n1_baik", OrgButuhPerbaikan, counts{Baik: 1}, []Violation{viol(RuleMinShare, 1, 0, ButuhPerbaikan)}},
	{"butuh_perbaikan_n3_ok", OrgButuhPerbaikan, counts{ButuhPerbaikan: 2, Baik: 1}, nil},
	{"butuh_perbaikan_n3_both", OrgButuhPerbaikan, counts{ButuhPerbaikan: 1, SangatBaik: 1, Baik: 1}, []Violation{
		viol(RuleMinShare, 2, 1, ButuhPerbaikan), viol(RuleMaxShare, 0, 1, SangatBaik)}},
	{"butuh_perbaikan_n7_ok", OrgButuhPerbaikan, counts{ButuhPerbaikan: 5, Baik: 2}, nil},
	{"butuh_perbaikan_n7_4", OrgButuhPerbaikan, counts{ButuhPerbaikan: 4, Baik: 3}, []Violation{viol(RuleMinShare, 5, 4, ButuhPerbaikan)}},
	{"butuh_perbaikan_n10_1_sangat_baik", OrgButuhPerbaikan, counts{ButuhPerbaikan: 6, Baik: 3, SangatBaik: 1}, nil},

	{"kurang_n1_kurang", OrgKurang, counts{Kurang: 1}, []Violation{viol(RuleMinShare, 1, 0, ButuhPerbaikan)}},
	{"kurang_n1_butuh_perbaikan", OrgKurang, counts{ButuhPerbaikan: 1}, []Violation{viol(RuleMinShare, 1, 0, Kurang)}},
	{"kurang_n3_ok", OrgKurang, counts{Kurang: 2, ButuhPerbaikan: 1}, nil},
	{"kurang_n3_3_kurang", OrgKurang, counts{Kurang: 3}, []Violation{viol(RuleMinShare, 1, 0, ButuhPerbaikan)}},
	{"kurang_n7_ok", OrgKurang, counts{Kurang: 5, ButuhPerbaikan: 1, Baik: 1}, nil},
	{"kurang_n7_sangat_baik", OrgKurang, counts{Kurang: 5, ButuhPerbaikan: 1, SangatBaik: 1}, []Violation{viol(RuleMaxShare, 0, 1, SangatBaik)}},

	{"sangat_kurang_n1", OrgSangatKurang, counts{SangatKurang: 1}, []Violation{viol(RuleMinShare, 1, 0, Kurang, ButuhPerbaikan)}},
	{"sangat_kurang_n3_ok", OrgSangatKurang, counts{SangatKurang: 2, Kurang: 1}, nil},
	{"sangat_kurang_n3_sangat_baik", OrgSangatKurang, counts{SangatKurang: 2, SangatBaik: 1}, []Violation{
		viol(RuleMinShare, 1, 0, Kurang, ButuhPerbaikan), viol(RuleNoneAllowed, 0, 1, SangatBaik)}},
	{"sangat_kurang_n7_ok", OrgSangatKurang, counts{SangatKurang: 5, ButuhPerbaikan: 1, Kurang: 1}, nil},
	{"sangat_kurang_n7_4", OrgSangatKurang, counts{SangatKurang: 4, Kurang: 2, Baik: 1}, []Violation{viol(RuleMinShare, 5, 4, SangatKurang)}},
	{"sangat_kurang_n10_sangat_baik", OrgSangatKurang, counts{SangatKurang: 6, Kurang: 2, Baik: 1, SangatBaik: 1}, []Violation{
		viol(RuleNoneAllowed, 0, 1, SangatBaik)}},

	{"empty_unit", OrgBaik, counts{}, nil},
	{"zero_counts", OrgBaik, counts{Baik: 0}, nil},
	{"unknown_org", "luar_biasa", counts{Baik: 1}, []Violation{viol(RuleUnknownOrg, 0, 0)}},
	{"invalid_counts", OrgIstimewa, counts{"hebat": 3, Baik: -1, SangatBaik: 1, ButuhPerbaikan: 1}, []Violation{
		viol(RuleInvalidCount, 0, -1, Baik), viol(RuleInvalidCount, 0, 3, "hebat")}},
}

func TestCheckDistribution(t *testing.T) {
	p := DefaultPolicy()
	for _, tt := range distributionTests {
		t.Run(tt.name, func(t *testing.T) {
			got := p.CheckDistribution(tt.org, tt.counts)
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(Violation{}, "Message")); diff != "" {
				t.Errorf("CheckDistribution(%s, %v) mismatch (-want +got):\n%s", tt.org, tt.counts, diff)
			}
			for _, v := range got {
				if v.Message == "" {
					t.Errorf("violation %+v has no message", v)
				}
			}
		})
	}
}

func TestCheckDistributionMessages(t *testing.T) {
	p := DefaultPolicy()
	got := p.CheckDistribution(OrgBaik, counts{Baik: 10})
	want := []string{
		"baik: 10 of 10 employees, more than the maximum 7 (70% of 10, rounded down)",
		"butuh_perbaikan or kurang: none of 10 employees, at least one required",
	}
	if len(got) != len(want) {
		t.Fatalf("got %d violations, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i].Message != want[i] {
			t.Errorf("message %d = %q, want %q", i, got[i].Message, want[i])
		}
	}
	sk := p.CheckDistribution(OrgSangatKurang, counts{SangatKurang: 1})
	if len(sk) != 1 || !strings.HasPrefix(sk[0].Message, "kurang + butuh_perbaikan: 0 of 1 employees, fewer than the minimum 1 (10% of 1, rounded up)") {
		t.Errorf("sangat_kurang n=1: %+v", sk)
	}
}

func TestCheckDistributionRounding(t *testing.T) {
	// 30 × 0.1 is 3.0000000000000004 in floating point; a naive ceil
	// would demand 4. Shares are computed in basis points, exactly.
	p := DefaultPolicy()
	if got := p.CheckDistribution(OrgKurang, counts{Kurang: 18, ButuhPerbaikan: 3, Baik: 9}); got != nil {
		t.Errorf("kurang n=30 with 18 kurang and 3 butuh_perbaikan: %+v", got)
	}
	// half_up makes the cap of an istimewa unit of 1 round(0.7) = 1.
	p.CapRounding = RoundHalfUp
	if got := p.CheckDistribution(OrgIstimewa, counts{SangatBaik: 1}); got != nil {
		t.Errorf("half_up istimewa n=1: %+v", got)
	}
	// ceil floors: butuh_perbaikan n=7 needs 5; half_up needs round(4.2) = 4.
	p.FloorRounding = RoundHalfUp
	if got := p.CheckDistribution(OrgButuhPerbaikan, counts{ButuhPerbaikan: 4, Baik: 3}); got != nil {
		t.Errorf("half_up butuh_perbaikan n=7: %+v", got)
	}
}
