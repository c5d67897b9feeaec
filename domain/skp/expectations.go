package skp

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/employee"
)

// The ekspektasi khusus pimpinan: the pejabat penilai's specific
// expectation for each of the seven BerAKHLAK values, written during
// planning (PermenPANRB 6/2022; BKN guides). The plan cannot be approved
// until all seven are set.
//
// Old logs: before skp.expectations_set existed the employee typed the
// expectations in the plan (Plan.Perilaku), and plans were approved with
// any number of them. Those approvals stand: Replay never checks a rule,
// and an Approved event already in the log is applied as it is. The
// employee's Plan.Perilaku is still accepted, as the employee's proposal
// (usulan), and never counts as the penilai's expectation; an SKP approved
// without the penilai's expectations is reported as legacy (LegacyExpectations),
// and needs them all before it is approved again after a revision.

// ErrExpectationsMissing means the plan cannot be approved because the
// pejabat penilai has not set the expectation of every BerAKHLAK value.
var ErrExpectationsMissing = errors.New("ekspektasi khusus pimpinan missing")

// ErrAlreadyApproved means the plan is approved; revise it to change what
// was agreed.
var ErrAlreadyApproved = errors.New("SKP already approved; revise the plan first")

// TypeExpectationsSet is the type string of ExpectationsSet.
const TypeExpectationsSet = "skp.expectations_set"

// ExpectationsSet records the pejabat penilai's specific expectations for
// one or more BerAKHLAK values; each replaces an earlier one for the same
// value, the others stay.
type ExpectationsSet struct {
	NIP          string        `json:"nip"`
	Year         int           `json:"year"`
	Expectations []Expectation `json:"expectations"`
	At           time.Time     `json:"at"`
	By           actor.Actor   `json:"by"`
}

// EventType returns TypeExpectationsSet.
func (ExpectationsSet) EventType() string { return TypeExpectationsSet }

// SetExpectation is one expectation in force with who set it and when.
type SetExpectation struct {
	Value       Value       `json:"value"`
	Expectation string      `json:"expectation"`
	By          actor.Actor `json:"by"`
	At          time.Time   `json:"at"`
}

// SetExpectations records the expectations of the pejabat penilai in force
// for one or more BerAKHLAK values, while the plan is being planned (draft,
// submitted or returned).
func (s *SKP) SetExpectations(at time.Time, by actor.Actor, line employee.ReportingLine, es []Expectation) ([]Event, error) {
	if err := s.asPenilai(at, by, line); err != nil {
		return nil, err
	}
	if s.status == StatusApproved {
		return nil, fmt.Errorf("set expectations of SKP %s %d: %w", s.nip, s.year, ErrAlreadyApproved)
	}
	if len(es) == 0 {
		return nil, invalid("expectations", "name at least one BerAKHLAK value")
	}
	norm, err := normalizeExpectations("expectations", es)
	if err != nil {
		return nil, err
	}
	return s.record(ExpectationsSet{NIP: s.nip, Year: s.year, Expectations: norm, At: at, By: by}), nil
}

// Expectations returns the pejabat penilai's expectations in force, in the
// order of Values.
func (s *SKP) Expectations() []SetExpectation {
	out := make([]SetExpectation, 0, len(s.expectations))
	for _, v := range Values() {
		if e, ok := s.expectations[v]; ok {
			out = append(out, e)
		}
	}
	return out
}

// MissingExpectations returns the BerAKHLAK values the pejabat penilai has
// not set an expectation for, in the order of Values.
func (s *SKP) MissingExpectations() []Value {
	var out []Value
	for _, v := range Values() {
		if _, ok := s.expectations[v]; !ok {
			out = append(out, v)
		}
	}
	return out
}

// LegacyExpectations reports whether the plan in force was approved before
// the penilai's expectations were required: approved with some of them
// missing. Its expectations are then the employee-typed Plan.Perilaku.
func (s *SKP) LegacyExpectations() bool {
	return s.status == StatusApproved && len(s.MissingExpectations()) > 0
}

// checkExpectations returns ErrExpectationsMissing naming the values
// without the penilai's expectation.
func (s *SKP) checkExpectations() error {
	missing := s.MissingExpectations()
	if len(missing) == 0 {
		return nil
	}
	names := make([]string, len(missing))
	for i, v := range missing {
		names[i] = string(v)
	}
	return fmt.Errorf("approve SKP %s %d: %w: the pejabat penilai has not set the expectation of %s",
		s.nip, s.year, ErrExpectationsMissing, strings.Join(names, ", "))
}

// applyExpectations applies e.
func (s *SKP) applyExpectations(e ExpectationsSet) {
	if s.expectations == nil {
		s.expectations = map[Value]SetExpectation{}
	}
	for _, x := range e.Expectations {
		s.expectations[x.Value] = SetExpectation{Value: x.Value, Expectation: x.Expectation, By: e.By, At: e.At}
	}
}
