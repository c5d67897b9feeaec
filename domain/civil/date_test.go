package civil

import (
	"encoding/json"
	"errors"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	cases := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{in: "2025-01-10", want: Date{2025, time.January, 10}},
		{in: "2024-02-29", want: Date{2024, time.February, 29}},
		{in: "2025-02-29", wantErr: true},
		{in: "2025-1-10", wantErr: true},
		{in: "", wantErr: true},
		{in: "0000-01-01", wantErr: true},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if c.wantErr {
			if !errors.Is(err, ErrInvalidDate) {
				t.Errorf("Parse(%q) error = %v, want ErrInvalidDate", c.in, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

// TestParseSaysWhatIsWrong: a date written right that names no day says
// so; it was answered "(want YYYY-MM-DD)", as if the format were wrong.
func TestParseSaysWhatIsWrong(t *testing.T) {
	for in, want := range map[string]string{
		"2025-02-29": `invalid date: "2025-02-29": the calendar has no such day`,
		"2025-04-31": `invalid date: "2025-04-31": the calendar has no such day`,
		"2025-13-01": `invalid date: "2025-13-01": the calendar has no such day`,
		"2025-1-10":  `invalid date: "2025-1-10" (want YYYY-MM-DD)`,
		"29-02-2024": `invalid date: "29-02-2024" (want YYYY-MM-DD)`,
		"2025/02/28": `invalid date: "2025/02/28" (want YYYY-MM-DD)`,
	} {
		if _, err := Parse(in); err == nil || err.Error() != want {
			t.Errorf("Parse(%q): %v, want %s", in, err, want)
		}
	}
}

func TestOrderingAndArithmetic(t *testing.T) {
	a := Date{2025, time.January, 31}
	b := a.AddDays(1)
	if b != (Date{2025, time.February, 1}) {
		t.Fatalf("AddDays(1) = %v", b)
	}
	if !a.Before(b) || !b.After(a) || a.Compare(a) != 0 {
		t.Fatalf("ordering of %v and %v is wrong", a, b)
	}
	wib := time.FixedZone("WIB", 7*3600)
	if got := DateOf(time.Date(2025, 3, 1, 6, 0, 0, 0, wib)); got != (Date{2025, time.March, 1}) {
		t.Fatalf("DateOf uses the instant's own location: got %v", got)
	}
}

func TestJSON(t *testing.T) {
	type wrap struct {
		D Date `json:"d"`
		Z Date `json:"z,omitzero"`
	}
	b, err := json.Marshal(wrap{D: Date{2025, time.May, 2}})
	if err != nil || string(b) != `{"d":"2025-05-02"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var w wrap
	if err := json.Unmarshal([]byte(`{"d":"2025-05-02","z":""}`), &w); err != nil || w.D != (Date{2025, time.May, 2}) || !w.Z.IsZero() {
		t.Fatalf("Unmarshal = %+v, %v", w, err)
	}
	if err := json.Unmarshal([]byte(`{"d":"2025-13-02"}`), &w); !errors.Is(err, ErrInvalidDate) {
		t.Fatalf("Unmarshal of an impossible date: err = %v", err)
	}
	if _, err := json.Marshal(wrap{D: Date{2025, time.February, 30}}); err == nil {
		t.Fatal("Marshal of an impossible date succeeded")
	}
}
