package period_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/eventcodec"
	"github.com/kinerja/kinerja/domain/period"
)

func samples() []period.Event {
	return []period.Event{
		opened,
		period.WindowClosed{Instansi: "PEMKAB-X", Year: 2025, Window: 1, Label: "2025-Q1", At: jan2, By: hr},
		period.YearClosed{Instansi: "PEMKAB-X", Year: 2025, At: jan2, By: hr},
	}
}

func TestCodecRoundTrip(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range samples() {
		typ, v, data, err := period.Encode(e)
		if err != nil {
			t.Fatalf("Encode(%T): %v", e, err)
		}
		seen[typ] = true
		got, err := period.Decode(typ, v, data)
		if err != nil {
			t.Fatalf("Decode(%s): %v", typ, err)
		}
		if diff := cmp.Diff(e, got); diff != "" {
			t.Fatalf("round trip of %s (-want +got):\n%s", typ, diff)
		}
	}
	for _, typ := range period.Types() {
		if !seen[typ] {
			t.Errorf("no sample of %s", typ)
		}
	}
	if _, err := period.Decode("period.reopened", 1, []byte(`{}`)); !errors.Is(err, eventcodec.ErrUnknownType) {
		t.Fatalf("unknown type: %v", err)
	}
	if _, err := period.Decode(period.TypeOpened, 1, []byte(`{"windows":[{"start":"2025-02-30"}]}`)); !errors.Is(err, eventcodec.ErrMalformed) {
		t.Fatalf("impossible date: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	types := period.Types()
	for i, e := range samples() {
		_, v, data, _ := period.Encode(e)
		f.Add(uint8(i), v, data)
	}
	f.Fuzz(func(t *testing.T, i uint8, version int, data []byte) {
		e, err := period.Decode(types[int(i)%len(types)], version, data)
		if err != nil {
			if !errors.Is(err, eventcodec.ErrMalformed) && !errors.Is(err, eventcodec.ErrUnsupportedVersion) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if _, _, _, err := period.Encode(e); err != nil {
			t.Fatalf("decoded event does not encode: %v", err)
		}
	})
}
