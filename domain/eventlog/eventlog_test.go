package eventlog

import (
	"errors"
	"regexp"
	"strings"
	"testing"
)

func TestExpectedVersionMatches(t *testing.T) {
	cases := []struct {
		exp     ExpectedVersion
		current uint64
		want    bool
	}{
		{Any, 0, true}, {Any, 7, true},
		{NoStream, 0, true}, {NoStream, 1, false},
		{StreamExists, 0, false}, {StreamExists, 3, true},
		{Exact(0), 0, true}, {Exact(3), 3, true}, {Exact(3), 2, false}, {Exact(3), 4, false},
	}
	for _, c := range cases {
		if got := c.exp.Matches(c.current); got != c.want {
			t.Errorf("%s.Matches(%d) = %v, want %v", c.exp, c.current, got, c.want)
		}
	}
}

func TestConcurrencyErrorIs(t *testing.T) {
	var err error = &ConcurrencyError{Stream: "skp-x-2025", Expected: Exact(2), Actual: 3}
	if !errors.Is(err, ErrConcurrency) {
		t.Fatal("ConcurrencyError is not ErrConcurrency")
	}
	if !strings.Contains(err.Error(), "expected version 2, actual 3") {
		t.Fatalf("message %q lacks the versions", err)
	}
}

func TestStreamAndTypeNames(t *testing.T) {
	for _, s := range []string{"skp-198609262015051001-2025", "employee-198609262015051001", "unit-1.02.03", "period-dumai-2025"} {
		if err := ValidateStream(s); err != nil {
			t.Errorf("ValidateStream(%q) = %v", s, err)
		}
	}
	for _, s := range []string{"", "skp", "Skp-1", "skp-", "skp-a b", "$all-1", "skp-" + strings.Repeat("a", 200)} {
		if err := ValidateStream(s); !errors.Is(err, ErrInvalidStream) {
			t.Errorf("ValidateStream(%q) = %v, want ErrInvalidStream", s, err)
		}
	}
	for _, s := range []string{"skp.ratings_given", "employee.reporting_line_assigned"} {
		if err := ValidateEventType(s); err != nil {
			t.Errorf("ValidateEventType(%q) = %v", s, err)
		}
	}
	for _, s := range []string{"", "ratings", "skp.RatingsGiven", "*skp.ratingsGiven", "skp..x", "skp.x."} {
		if err := ValidateEventType(s); !errors.Is(err, ErrInvalidEventType) {
			t.Errorf("ValidateEventType(%q) = %v, want ErrInvalidEventType", s, err)
		}
	}
}

var uuidV7 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestIDs(t *testing.T) {
	a, b := NewID(), NewID()
	if !uuidV7.MatchString(a) || a == b {
		t.Fatalf("NewID gave %s and %s", a, b)
	}
	d1, d2 := DerivedID("skp-x-2025", "key", "0"), DerivedID("skp-x-2025", "key", "0")
	if d1 != d2 || d1 == DerivedID("skp-x-2025", "key", "1") || d1 == DerivedID("skp-x-2025key", "0") {
		t.Fatal("DerivedID is not deterministic and injective over its parts")
	}
	if _, err := ValidateAppend("skp-x-2025", []NewEvent{{ID: d1, Type: "a.b", SchemaVersion: 1, Data: []byte(`{}`)}}); err != nil {
		t.Fatalf("derived id rejected: %v", err)
	}
}

func TestCanonicalSeparatesFields(t *testing.T) {
	a := Canonical(HashInput{Stream: "ab", Type: "c.d"})
	b := Canonical(HashInput{Stream: "a", Type: "bc.d"})
	if string(a) == string(b) {
		t.Fatal("canonical encoding is ambiguous across field boundaries")
	}
}

// FuzzValidateAppend checks that validation never panics and that what it
// accepts is a JSON object of bounded size.
func FuzzValidateAppend(f *testing.F) {
	f.Add("skp-x-2025", "skp.submitted", []byte(`{"a":1}`))
	f.Add("bad", "Bad", []byte(`{`))
	f.Add("skp-x-2025", "skp.submitted", []byte(`"\u0000"`))
	f.Fuzz(func(t *testing.T, stream, typ string, data []byte) {
		_, err := ValidateAppend(stream, []NewEvent{{ID: NewID(), Type: typ, SchemaVersion: 1, Data: data}})
		if err == nil && (len(data) > MaxDataBytes || !strings.HasPrefix(strings.TrimSpace(string(data)), "{")) {
			t.Fatalf("accepted invalid data %q", data)
		}
	})
}
