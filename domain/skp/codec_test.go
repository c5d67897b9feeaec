package skp_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/eventcodec"
	"github.com/kinerja/kinerja/domain/skp"
)

// samples holds one event of every type.
func samples() []skp.Event {
	at := on("2025-04-02")
	return []skp.Event{
		drafted,
		skp.Edited{NIP: nipPegawai, Year: 2025, Plan: samplePlan(), At: at, By: pegawai},
		submitted,
		skp.Returned{NIP: nipPegawai, Year: 2025, Note: "n", At: at, By: penilai},
		expected,
		approved,
		skp.Revised{NIP: nipPegawai, Year: 2025, Plan: samplePlan(), Reason: "r", At: at, By: pegawai},
		skp.RealisationReported{NIP: nipPegawai, Year: 2025, Window: 1, Label: "2025-Q1", IKI: "iki-1", Quantity: quantity(0),
			Evidence: []string{"a", "b"}, Late: true, Deadline: day("2025-04-10"), At: at, By: pegawai},
		skp.RealisationCorrected{NIP: nipPegawai, Year: 2025, Window: 1, IKI: "iki-2", Text: "t", Evidence: []string{"c"},
			Previous: skp.Realisation{Text: "s", Evidence: []string{"a"}}, Reason: "r", At: at, By: pegawai},
		skp.FeedbackGiven{NIP: nipPegawai, Year: 2025, No: 1, Value: skp.Adaptif, Text: "f", At: at, By: penilai},
		skp.FeedbackResponded{NIP: nipPegawai, Year: 2025, No: 1, Text: "ok", At: at, By: pegawai},
		q1Rated,
		annualRated,
		skp.RatingsAmended{NIP: nipPegawai, Year: 2025, Previous: baik, New: sangatBaik, Reason: "r", PolicyVersion: "p", At: at, By: penilai},
		objectionOn("2025-01-20"),
		skp.ObjectionDecided{NIP: nipPegawai, Year: 2025, Outcome: skp.OutcomeRatingsUpheld, Previous: baik, Note: "n", At: at, By: atasan},
		selfQ1,
		invitedQ1,
		peerQ1,
	}
}

func TestCodecRoundTrip(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range samples() {
		typ, v, data, err := skp.Encode(e)
		if err != nil {
			t.Fatalf("Encode(%T): %v", e, err)
		}
		seen[typ] = true
		got, err := skp.Decode(typ, v, data)
		if err != nil {
			t.Fatalf("Decode(%s): %v", typ, err)
		}
		if diff := cmp.Diff(e, got); diff != "" {
			t.Fatalf("round trip of %s (-want +got):\n%s", typ, diff)
		}
	}
	for _, typ := range skp.Types() {
		if !seen[typ] {
			t.Errorf("no sample of %s", typ)
		}
	}
}

// TestRealisationReportedV1 reads stored v1 events, whose evidence was one
// string, as v2 events with a list of references.
func TestRealisationReportedV1(t *testing.T) {
	base := skp.RealisationReported{NIP: nipPegawai, Year: 2025, Window: 2, Label: "2025-Q2", IKI: "iki-1", Quantity: quantity(3),
		Deadline: day("2025-07-10"), At: time.Date(2025, 7, 1, 10, 0, 0, 0, wib), By: pegawai}
	const prefix = `{"nip":"198609262015051001","year":2025,"window":2,"label":"2025-Q2","iki":"iki-1","quantity":3,` +
		`"late":false,"deadline":"2025-07-10","at":"2025-07-01T10:00:00+07:00","by":{"nip":"198609262015051001","role":"pegawai"}`
	cases := []struct {
		name     string
		data     string
		evidence []string
		wantErr  error
	}{
		{"one reference", prefix + `,"evidence":"https://dms.example.go.id/bukti/42"}`, []string{"https://dms.example.go.id/bukti/42"}, nil},
		{"empty reference", prefix + `,"evidence":""}`, []string{}, nil},
		{"no evidence field", prefix + `}`, []string{}, nil},
		{"null evidence", prefix + `,"evidence":null}`, []string{}, nil},
		{"not a string", prefix + `,"evidence":["a"]}`, nil, eventcodec.ErrMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := skp.Decode(skp.TypeRealisationReported, 1, []byte(c.data))
			if !errors.Is(err, c.wantErr) {
				t.Fatalf("Decode v1 error = %v, want %v", err, c.wantErr)
			}
			if err != nil {
				return
			}
			want := base
			want.Evidence = c.evidence
			if diff := cmp.Diff(skp.Event(want), got); diff != "" {
				t.Fatalf("v1 read as v2 (-want +got):\n%s", diff)
			}
		})
	}
	if _, v, _, _ := skp.Encode(base); v != 2 {
		t.Fatalf("current schema version of %s = %d, want 2", skp.TypeRealisationReported, v)
	}
}

func TestDecodeErrors(t *testing.T) {
	cases := []struct {
		typ     string
		version int
		data    string
		wantErr error
	}{
		{"skp.deleted", 1, `{}`, eventcodec.ErrUnknownType},
		{skp.TypeApproved, 2, `{}`, eventcodec.ErrUnsupportedVersion},
		{skp.TypeRealisationReported, 3, `{}`, eventcodec.ErrUnsupportedVersion},
		{skp.TypeRealisationReported, 0, `{}`, eventcodec.ErrUnsupportedVersion},
		{skp.TypeDrafted, 1, `{"plan":{"rhk":"x"}}`, eventcodec.ErrMalformed},
		{skp.TypeDrafted, 1, `"drafted"`, eventcodec.ErrMalformed},
		{skp.TypeDrafted, 1, ``, eventcodec.ErrMalformed},
		{skp.TypeRealisationReported, 1, `{"deadline":"2025-13-01"}`, eventcodec.ErrMalformed},
	}
	for _, c := range cases {
		if _, err := skp.Decode(c.typ, c.version, []byte(c.data)); !errors.Is(err, c.wantErr) {
			t.Errorf("Decode(%s, %d, %s) = %v, want %v", c.typ, c.version, c.data, err, c.wantErr)
		}
	}
}

// FuzzDecode feeds arbitrary data to every event type at every version: no
// panic, only the codec's errors, and whatever decodes encodes again and
// replays.
func FuzzDecode(f *testing.F) {
	types := skp.Types()
	for i, e := range samples() {
		_, v, data, _ := skp.Encode(e)
		f.Add(uint8(i), v, data)
	}
	f.Add(uint8(0), 1, []byte(`{"evidence":"x"}`))
	f.Fuzz(func(t *testing.T, i uint8, version int, data []byte) {
		typ := types[int(i)%len(types)]
		e, err := skp.Decode(typ, version, data)
		if err != nil {
			if !errors.Is(err, eventcodec.ErrMalformed) && !errors.Is(err, eventcodec.ErrUnsupportedVersion) {
				t.Fatalf("unexpected error kind: %v", err)
			}
			return
		}
		if _, _, _, err := skp.Encode(e); err != nil {
			t.Fatalf("decoded event does not encode: %v", err)
		}
		given(t, e, e)
	})
}
