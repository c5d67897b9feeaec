package unit_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/eventcodec"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/unit"
)

// samples holds one event of every type.
func samples() []unit.Event {
	return []unit.Event{
		registered,
		unit.Renamed{Code: "A", From: "x", To: "y", At: at, By: hr},
		unit.Moved{Code: "A", FromParent: "P", ToParent: "Q", At: at, By: hr},
		predikatSet,
		unit.DistributionOverrideRecorded{Code: "A", Year: 2025, Period: "2025", Violations: []unit.Violation{{Rule: "at_least_one", Predikats: []performance.Predikat{"kurang"}, Limit: 1, Message: "m"}},
			Justification: "j", PolicyVersion: "2025.1", At: at, By: pimpinan},
		unit.WorkPlanSet{Code: "A", Year: 2025, Items: []unit.WorkPlanItem{{ID: "pk-1", Text: "t"}}, At: at, By: hr},
	}
}

func TestCodecRoundTrip(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range samples() {
		typ, v, data, err := unit.Encode(e)
		if err != nil {
			t.Fatalf("Encode(%T): %v", e, err)
		}
		seen[typ] = true
		got, err := unit.Decode(typ, v, data)
		if err != nil {
			t.Fatalf("Decode(%s): %v", typ, err)
		}
		if diff := cmp.Diff(e, got); diff != "" {
			t.Fatalf("round trip of %s (-want +got):\n%s", typ, diff)
		}
	}
	for _, typ := range unit.Types() {
		if !seen[typ] {
			t.Errorf("no sample of %s", typ)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	cases := []struct {
		typ     string
		version int
		data    string
		wantErr error
	}{
		{"unit.exploded", 1, `{}`, eventcodec.ErrUnknownType},
		{unit.TypeRenamed, 2, `{}`, eventcodec.ErrUnsupportedVersion},
		{unit.TypeRenamed, 1, `{"to":`, eventcodec.ErrMalformed},
		{unit.TypeRegistered, 1, `{"at":"yesterday"}`, eventcodec.ErrMalformed},
	}
	for _, c := range cases {
		if _, err := unit.Decode(c.typ, c.version, []byte(c.data)); !errors.Is(err, c.wantErr) {
			t.Errorf("Decode(%s, %d, %s) = %v, want %v", c.typ, c.version, c.data, err, c.wantErr)
		}
	}
}

func FuzzDecode(f *testing.F) {
	types := unit.Types()
	for i, e := range samples() {
		_, v, data, _ := unit.Encode(e)
		f.Add(uint8(i), v, data)
	}
	f.Add(uint8(0), 1, []byte(`null`))
	f.Fuzz(func(t *testing.T, i uint8, version int, data []byte) {
		e, err := unit.Decode(types[int(i)%len(types)], version, data)
		if err != nil {
			if !errors.Is(err, eventcodec.ErrMalformed) && !errors.Is(err, eventcodec.ErrUnsupportedVersion) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if _, _, _, err := unit.Encode(e); err != nil {
			t.Fatalf("decoded event does not encode: %v", err)
		}
	})
}
