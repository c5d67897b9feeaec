package performance_test

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// domainRule ties a line of DOMAIN.md marked [S] or [U] to the policy field
// that holds the rule, or says why the line states no rule to configure.
// changed, when set, changes the field in a copy of the default policy and
// reports whether a decision changes with it.
type domainRule struct {
	line    string // a phrase of the marked line
	field   string // JSON name of the Policy field; "" when not a rule
	why     string // for field "": why there is no field
	changed func(p performance.Policy) bool
}

var (
	asOf2026 = time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	oneSpan  = []performance.LevelSpan{{Level: performance.LevelAhliMuda}}
)

// domainRules is the table the issue asks for: every [S]/[U] line of
// DOMAIN.md, with its policy field.
var domainRules = []domainRule{
	{line: "Promotion dates: Peraturan BKN 4/2023", field: "promotion_dates", changed: func(p performance.Policy) bool {
		q := p
		q.PromotionDates = []performance.MonthDay{{Month: time.April, Day: 1}, {Month: time.October, Day: 1}}
		return !p.NextPromotionDate(time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC)).Equal(q.NextPromotionDate(time.Date(2026, 4, 20, 0, 0, 0, 0, time.UTC)))
	}},
	{line: "1 Oct, 1 Dec [S]", field: "promotion_dates"},
	{line: "period frequency is a per-instansi setting", field: "period_frequencies", changed: semesterAllowed},
	{line: "a policy per instansi [S]", field: "period_frequencies", changed: semesterAllowed},
	{line: "year closed early January", why: "practice, not a rule: HR closes the year when it chooses; the system only refuses closing " +
		"before 1 January of the next year, which follows from the year being 1 Jan - 31 Dec [C]; drafting in January is guidance"},
	{line: "The annual predikat is its own decision", why: "modelled as its own event (skp.annual_ratings_given), as DOMAIN.md says; nothing to configure"},
	{line: "penguatan internal, anggaran [U]", field: "jpt_perspektif", changed: func(p performance.Policy) bool {
		q := p
		q.JPTPerspektif = append(slices.Clone(p.JPTPerspektif), "kepuasan_masyarakat")
		plan := skp.Plan{RHK: []skp.RHK{{ID: "r1", Perspektif: "kepuasan_masyarakat"}}}
		refused := errors.Is(skp.CheckPerspektif(plan, p.JPTPerspektif), skp.ErrInvalidInput)
		return refused && skp.CheckPerspektif(plan, q.JPTPerspektif) == nil
	}},
	{line: "the supervisor decides [S]", why: "no recommended hasil rating is computed: the pejabat penilai always decides, so there is no formula to configure"},
	{line: "Distribution pattern (pola distribusi) [S]", field: "distribution", changed: func(p performance.Policy) bool {
		q := performance.DefaultPolicy()
		q.Distribution[performance.OrgIstimewa][0].Share = 0.9
		counts := map[performance.Predikat]int{performance.SangatBaik: 8, performance.Baik: 2}
		return len(p.CheckDistribution(performance.OrgIstimewa, counts)) != len(q.CheckDistribution(performance.OrgIstimewa, counts))
	}},
	{line: "Rounding on small units is unknown [U]", field: "cap_rounding", changed: func(p performance.Policy) bool {
		q := p
		q.CapRounding = performance.RoundCeil
		counts := map[performance.Predikat]int{performance.SangatBaik: 3, performance.Baik: 1} // 70% of 4 = 2.8
		return len(p.CheckDistribution(performance.OrgIstimewa, counts)) != len(q.CheckDistribution(performance.OrgIstimewa, counts))
	}},
	{line: "Rounding on small units is unknown [U]", field: "floor_rounding", changed: func(p performance.Policy) bool {
		q := p
		q.FloorRounding = performance.RoundFloor
		counts := map[performance.Predikat]int{performance.ButuhPerbaikan: 2, performance.Baik: 2} // 60% of 4 = 2.4
		return len(p.CheckDistribution(performance.OrgButuhPerbaikan, counts)) != len(q.CheckDistribution(performance.OrgButuhPerbaikan, counts))
	}},
	{line: "Whether binding or guidance is ambiguous [U]", why: "DOMAIN.md fixes the behaviour for both readings: the check reports violations " +
		"and an override records a justification (unit.distribution_override_recorded); there is no mode to choose"},
	{line: "others as policy [U]", field: "ak_coefficient", changed: func(p performance.Policy) bool {
		q := performance.DefaultPolicy()
		q.AKCoefficient[performance.LevelAhliMuda] = 30
		a, _ := p.AngkaKreditForYear(oneSpan, performance.Baik, 2025)
		b, _ := q.AngkaKreditForYear(oneSpan, performance.Baik, 2025)
		return a.AngkaKredit != b.AngkaKredit
	}},
	{line: "talent pool = top boxes [S]", why: "Kinerja keeps no potential (the other axis of the 9-box), so it decides nothing about talent pools"},
	{line: "no fixed \"N poor years\" rule was found [U]", why: "deliberately no threshold: sanctions are decided and recorded by people, never derived"},
	{line: "in its \"dialog kinerja\" [S]", why: "a feature (self-assessment), not a rule: it informs the rating and never replaces it"},
	{line: "days allowed before the end are policy", field: "rating_days_before_window_end", changed: nil /* the rating guard: TestReplayAcrossAdoption (usecases) */},
	{line: "per instansi, never hard-coded [U]", field: "allowance_percent", changed: nil /* the allowance export reads it */},
	{line: "U for thresholds", why: "deliberately no threshold, as for \"N poor years\": follow-up is recorded by the PPK, pimpinan or HR"},
	{line: "calendar days from receipt is the default policy [U]", field: "objection_days", changed: func(p performance.Policy) bool {
		q := p
		q.ObjectionDays = 7
		received := time.Date(2025, 1, 10, 9, 0, 0, 0, time.UTC)
		filed := received.AddDate(0, 0, 10)
		return p.ObjectionInTime(received, filed) != q.ObjectionInTime(received, filed)
	}},
	{line: "calendar days from receipt is the default policy [U]", field: "objection_counting", why: "only calendar_days is defined; Validate refuses another way of counting"},
	{line: "NI PPPK: 18 digits, similar shape [S]", why: "the format of a national identifier, not a per-instansi rule"},
	{line: "PPPK golongan I–XVII [U]", why: "national reference data (the PPPK ladder of Perpres 98/2020), not a per-instansi rule; kept in golongan.go"},
}

func semesterAllowed(p performance.Policy) bool {
	q := p
	q.PeriodFrequencies = append(q.PeriodFrequencies, performance.FrequencySemiannual)
	return p.AllowsFrequency(performance.FrequencySemiannual) != q.AllowsFrequency(performance.FrequencySemiannual)
}

// domainDoc reads DOMAIN.md from shared/ beside the repository.
func domainDoc(t *testing.T) string {
	t.Helper()
	path := filepath.Join("..", "..", "..", "shared", "DOMAIN.md")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s (shared/ must lie beside the repository, as on the project's machines and in CI): %v", path, err)
	}
	return string(data)
}

// TestEveryUncertainRuleIsAPolicyField checks the table against DOMAIN.md
// (every line marked [S] or [U] has a row, every row a line), that each
// field named is in the default policy's JSON, and that changing it
// changes a decision where the row says how.
func TestEveryUncertainRuleIsAPolicyField(t *testing.T) {
	doc := domainDoc(t)
	mark := regexp.MustCompile(`\[(S|U)[\]; →]|U for thresholds`)
	for i, l := range strings.Split(doc, "\n") {
		if !mark.MatchString(l) || strings.Contains(l, "Confidence marks") || strings.Contains(l, "Anything [S] or [U]") {
			continue
		}
		covered := false
		for _, r := range domainRules {
			covered = covered || strings.Contains(l, r.line)
		}
		if !covered {
			t.Errorf("DOMAIN.md line %d has no row: %s", i+1, l)
		}
	}
	var fields map[string]json.RawMessage
	data, _ := json.Marshal(performance.DefaultPolicy())
	if err := json.Unmarshal(data, &fields); err != nil {
		t.Fatal(err)
	}
	for _, r := range domainRules {
		if !strings.Contains(doc, r.line) {
			t.Errorf("row %q matches no line of DOMAIN.md", r.line)
		}
		if r.field == "" {
			if r.why == "" {
				t.Errorf("row %q has neither a field nor a reason", r.line)
			}
			continue
		}
		if _, ok := fields[r.field]; !ok {
			t.Errorf("row %q: field %q is not in the default policy", r.line, r.field)
		}
		if r.changed != nil && !r.changed(performance.DefaultPolicy()) {
			t.Errorf("row %q: changing %s changes no decision", r.line, r.field)
		}
	}
}

// TestPolicyFieldsAreDocumented checks that every field of the policy JSON
// has a row in the table or is a [C] rule (the legend of docs/policy.md).
func TestPolicyFieldsAreDocumented(t *testing.T) {
	confirmed := map[string]bool{"version": true, "ak_percent": true, "min_years_in_rank": true, "required_years": true, "min_predikat": true,
		"cascade_check": true, // DOMAIN.md: cascading is [C]; the field switches the check on per instansi
	}
	inTable := map[string]bool{}
	for _, r := range domainRules {
		inTable[r.field] = true
	}
	typ := reflect.TypeFor[performance.Policy]()
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if !inTable[name] && !confirmed[name] {
			t.Errorf("policy field %s is neither in the [S]/[U] table nor a [C] rule", name)
		}
	}
}
