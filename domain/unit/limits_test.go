package unit_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/text"
	"github.com/kinerja/kinerja/domain/unit"
)

// TestEveryTextFieldIsBounded: given a unit (or none), when a command
// carries a text field over its limit or with a NUL, then it fails with a
// *text.Error naming the field and the limit, wrapped in ErrInvalidInput,
// and records nothing.
func TestEveryTextFieldIsBounded(t *testing.T) {
	long := func(n int) string { return strings.Repeat("ü", n+1) }
	vs := performance.DefaultPolicy().CheckDistribution(performance.OrgBaik, map[performance.Predikat]int{performance.Baik: 10})
	override := func(change func(*unit.Override)) unit.Override {
		o := unit.Override{Year: 2025, Period: "2025", Violations: append([]performance.Violation(nil), vs...),
			Justification: "all ten delivered", PolicyVersion: "2025.1"}
		change(&o)
		return o
	}
	changed := unit.PredikatSetting{Year: 2025, Period: "2025", Predikat: performance.OrgIstimewa, PolicyVersion: "2025.1"}
	cases := []struct {
		name  string
		given []unit.Event
		when  func(*unit.Unit) ([]unit.Event, error)
		field string
		limit int
	}{
		{"a 6,000-character name", nil, func(u *unit.Unit) ([]unit.Event, error) {
			return u.Register(at, hr, unit.Registration{Code: "DISKOMINFO.01", Name: strings.Repeat("n", 6000), Instansi: "PEMKAB-X"})
		}, "name", text.MaxName},
		{"a NUL in a name", nil, func(u *unit.Unit) ([]unit.Event, error) {
			return u.Register(at, hr, unit.Registration{Code: "DISKOMINFO.01", Name: "Bidang\x00", Instansi: "PEMKAB-X"})
		}, "name", text.MaxName},
		{"a long new name", []unit.Event{registered}, func(u *unit.Unit) ([]unit.Event, error) {
			return u.Rename(at, hr, long(text.MaxName))
		}, "name", text.MaxName},
		{"a long reason for a new predikat", []unit.Event{registered, predikatSet}, func(u *unit.Unit) ([]unit.Event, error) {
			s := changed
			s.Reason = long(text.MaxNote)
			return u.SetOrganisationPredikat(at, pimpinan, s)
		}, "reason", text.MaxNote},
		{"a long policy version", []unit.Event{registered}, func(u *unit.Unit) ([]unit.Event, error) {
			s := changed
			s.PolicyVersion = long(text.MaxIdentifier)
			return u.SetOrganisationPredikat(at, pimpinan, s)
		}, "policy_version", text.MaxIdentifier},
		{"a long justification", []unit.Event{registered, predikatSet}, func(u *unit.Unit) ([]unit.Event, error) {
			return u.RecordDistributionOverride(at, pimpinan, override(func(o *unit.Override) { o.Justification = long(text.MaxJustification) }))
		}, "justification", text.MaxJustification},
		{"a long violation message", []unit.Event{registered, predikatSet}, func(u *unit.Unit) ([]unit.Event, error) {
			return u.RecordDistributionOverride(at, pimpinan, override(func(o *unit.Override) { o.Violations[1].Message = long(text.MaxNote) }))
		}, "violations[1].message", text.MaxNote},
		{"a NUL in a violation rule", []unit.Event{registered, predikatSet}, func(u *unit.Unit) ([]unit.Event, error) {
			return u.RecordDistributionOverride(at, pimpinan, override(func(o *unit.Override) { o.Violations[0].Rule = "max\x00" }))
		}, "violations[0].rule", text.MaxIdentifier},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.when(given(t, c.given...))
			var te *text.Error
			if !errors.As(err, &te) || !errors.Is(err, unit.ErrInvalidInput) {
				t.Fatalf("error = %v, want a text error wrapped in ErrInvalidInput", err)
			}
			if te.Field != c.field || te.Limit != c.limit {
				t.Fatalf("error on %s (limit %d), want %s (limit %d)", te.Field, te.Limit, c.field, c.limit)
			}
			if got != nil {
				t.Fatalf("events %v, want none", got)
			}
		})
	}
}
