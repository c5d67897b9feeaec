package employee_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventcodec"
)

func samples() []employee.Event {
	return []employee.Event{
		registered,
		employee.Transferred{NIP: nipPegawai, FromUnit: "A", ToUnit: "B", Effective: day("2025-03-01"), At: at, By: hr},
		employee.JabatanChanged{NIP: nipPegawai, From: analis, To: analis, Effective: day("2025-03-01"), At: at, By: hr},
		employee.GolonganChanged{NIP: nipPegawai, From: "III/a", To: "III/b", TMT: day("2025-04-01"), At: at, By: hr},
		lineJan,
		left,
	}
}

func TestCodecRoundTrip(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range samples() {
		typ, v, data, err := employee.Encode(e)
		if err != nil {
			t.Fatalf("Encode(%T): %v", e, err)
		}
		seen[typ] = true
		got, err := employee.Decode(typ, v, data)
		if err != nil {
			t.Fatalf("Decode(%s): %v", typ, err)
		}
		if diff := cmp.Diff(e, got); diff != "" {
			t.Fatalf("round trip of %s (-want +got):\n%s", typ, diff)
		}
	}
	for _, typ := range employee.Types() {
		if !seen[typ] {
			t.Errorf("no sample of %s", typ)
		}
	}
	if _, err := employee.Decode("employee.promoted", 1, []byte(`{}`)); !errors.Is(err, eventcodec.ErrUnknownType) {
		t.Fatalf("unknown type: %v", err)
	}
	if _, err := employee.Decode(employee.TypeRegistered, 1, []byte(`{"golongan_tmt":"1 April"}`)); !errors.Is(err, eventcodec.ErrMalformed) {
		t.Fatalf("bad date: %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	types := employee.Types()
	for i, e := range samples() {
		_, v, data, _ := employee.Encode(e)
		f.Add(uint8(i), v, data)
	}
	f.Fuzz(func(t *testing.T, i uint8, version int, data []byte) {
		e, err := employee.Decode(types[int(i)%len(types)], version, data)
		if err != nil {
			if !errors.Is(err, eventcodec.ErrMalformed) && !errors.Is(err, eventcodec.ErrUnsupportedVersion) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if _, _, _, err := employee.Encode(e); err != nil {
			t.Fatalf("decoded event does not encode: %v", err)
		}
	})
}
