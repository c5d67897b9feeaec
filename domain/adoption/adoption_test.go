package adoption_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/adoption"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/eventcodec"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
)

var (
	admin = actor.Actor{NIP: "198001012005011001", Role: actor.Admin}
	at    = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
)

func day(s string) civil.Date {
	d, err := civil.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

func variant(version string, objectionDays int) performance.Policy {
	p := performance.DefaultPolicy()
	p.Version, p.ObjectionDays = version, objectionDays
	return p
}

func builtin() map[string]performance.Policy {
	p := performance.DefaultPolicy()
	return map[string]performance.Policy{p.Version: p}
}

// given replays the adoptions as stored events.
func given(t *testing.T, events ...adoption.Adopted) *adoption.Register {
	t.Helper()
	var stored []eventlog.Event
	for i, e := range events {
		typ, v, data, err := adoption.Encode(e)
		if err != nil {
			t.Fatal(err)
		}
		stored = append(stored, eventlog.Event{Stream: adoption.Stream(e.Instansi), Version: uint64(i + 1),
			Position: uint64(10 + i), ID: "id", Type: typ, SchemaVersion: v, Data: data})
	}
	r, err := adoption.Replay(stored)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestAdoptRules(t *testing.T) {
	earlier := adoption.Adopted{Instansi: "PEMKAB-X", From: day("2026-04-01"), Policy: variant("x/1", 21), At: at, By: admin}
	tests := []struct {
		name  string
		given []adoption.Adopted
		by    actor.Actor
		in    adoption.Adoption
		want  error
	}{
		{"from today", nil, admin, adoption.Adoption{Instansi: "PEMKAB-X", From: day("2026-03-10"), Policy: variant("x/1", 21)}, nil},
		{"from a future day", nil, admin, adoption.Adoption{Instansi: "PEMKAB-X", From: day("2027-01-01"), Policy: variant("x/1", 21)}, nil},
		{"from yesterday", nil, admin, adoption.Adoption{Instansi: "PEMKAB-X", From: day("2026-03-09"), Policy: variant("x/1", 21)}, adoption.ErrRetroactive},
		{"not an admin", nil, actor.Actor{NIP: "198001012005011001", Role: actor.HR},
			adoption.Adoption{Instansi: "PEMKAB-X", From: day("2026-04-01"), Policy: variant("x/1", 21)}, actor.ErrRoleNotAllowed},
		{"invalid policy", nil, admin, adoption.Adoption{Instansi: "PEMKAB-X", From: day("2026-04-01"), Policy: variant("x/1", 0)}, performance.ErrInvalidPolicy},
		{"no from", nil, admin, adoption.Adoption{Instansi: "PEMKAB-X", Policy: variant("x/1", 21)}, adoption.ErrInvalidInput},
		{"from more than ten years ahead", nil, admin, adoption.Adoption{Instansi: "PEMKAB-X", From: day("9999-12-31"), Policy: variant("x/1", 21)}, adoption.ErrInvalidInput},
		// A version that looks like another (an override or a zero-width space in it).
		{"a right-to-left override in the version", nil, admin, adoption.Adoption{Instansi: "PEMKAB-X", From: day("2026-04-01"), Policy: variant("x\u202e/1", 21)}, performance.ErrInvalidPolicy},
		{"a zero-width space in the version", nil, admin, adoption.Adoption{Instansi: "PEMKAB-X", From: day("2026-04-01"), Policy: variant("x/1\u200b", 21)}, performance.ErrInvalidPolicy},
		{"built-in version changed", nil, admin,
			adoption.Adoption{Instansi: "PEMKAB-X", From: day("2026-04-01"), Policy: variant(performance.DefaultPolicyVersion, 21)}, adoption.ErrVersionConflict},
		{"built-in version unchanged", nil, admin,
			adoption.Adoption{Instansi: "PEMKAB-X", From: day("2026-04-01"), Policy: performance.DefaultPolicy()}, nil},
		{"same version other content", []adoption.Adopted{earlier}, admin,
			adoption.Adoption{Instansi: "PEMKAB-X", From: day("2026-05-01"), Policy: variant("x/1", 7)}, adoption.ErrVersionConflict},
		{"same version same content again", []adoption.Adopted{earlier}, admin,
			adoption.Adoption{Instansi: "PEMKAB-X", From: day("2026-05-01"), Policy: variant("x/1", 21)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := given(t, tt.given...)
			events, err := r.Adopt(at, tt.by, builtin(), tt.in)
			if !errors.Is(err, tt.want) || (tt.want == nil && err != nil) {
				t.Fatalf("Adopt = %v, want %v", err, tt.want)
			}
			if err == nil {
				want := adoption.Adopted{Instansi: tt.in.Instansi, From: tt.in.From, Policy: tt.in.Policy, At: at, By: tt.by}
				if diff := cmp.Diff([]adoption.Event{want}, events); diff != "" {
					t.Fatalf("events (-want +got):\n%s", diff)
				}
			}
		})
	}
}

func TestInForce(t *testing.T) {
	r := given(t,
		adoption.Adopted{Instansi: "PEMKAB-X", From: day("2026-04-01"), Policy: variant("x/1", 21), At: at, By: admin},
		adoption.Adopted{Instansi: "PEMKAB-X", From: day("2026-07-01"), Policy: variant("x/2", 7), At: at, By: admin},
		adoption.Adopted{Instansi: "PEMKAB-X", From: day("2026-07-01"), Policy: variant("x/3", 10), At: at, By: admin},
		adoption.Adopted{Instansi: "PEMKAB-X", From: day("2026-05-01"), Policy: variant("x/1", 21), At: at, By: admin},
	)
	for d, want := range map[string]string{
		"2026-03-31": "", "2026-04-01": "x/1", "2026-06-30": "x/1", "2026-07-01": "x/3", "2030-01-01": "x/3",
	} {
		e, ok := r.InForce(day(d))
		if got := e.Policy.Version; got != want || ok != (want != "") {
			t.Errorf("InForce(%s) = %q, %v; want %q", d, got, ok, want)
		}
	}
	if p, ok := r.Lookup("x/2"); !ok || p.ObjectionDays != 7 {
		t.Errorf("Lookup(x/2) = %v, %v", p.ObjectionDays, ok)
	}
	if got := len(r.Entries()); got != 4 {
		t.Errorf("%d entries, want 4", got)
	}
}

func TestCodecRoundTrip(t *testing.T) {
	e := adoption.Adopted{Instansi: "PEMKAB-X", From: day("2026-04-01"), Policy: variant("x/1", 21), Reason: "Perbup 12/2026",
		At: at, By: admin}
	typ, v, data, err := adoption.Encode(e)
	if err != nil || typ != adoption.TypeAdopted || v != 2 {
		t.Fatalf("Encode = %s v%d, %v", typ, v, err)
	}
	got, err := adoption.Decode(typ, v, data)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(adoption.Event(e), got); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s", diff)
	}
	if _, err := adoption.Decode(typ, 3, data); !errors.Is(err, eventcodec.ErrUnsupportedVersion) {
		t.Fatalf("v3: %v", err)
	}
	if _, err := adoption.Decode(typ, 1, []byte(`[1]`)); !errors.Is(err, eventcodec.ErrMalformed) {
		t.Fatalf("array: %v", err)
	}
}

// TestUpcastV1 checks that a v1 adoption, written before jpt_perspektif
// existed, reads with the four perspektif the rule had then.
func TestUpcastV1(t *testing.T) {
	old := variant("x/1", 21)
	old.JPTPerspektif = nil
	_, _, data, err := adoption.Encode(adoption.Adopted{Instansi: "PEMKAB-X", From: day("2026-04-01"), Policy: old, At: at, By: admin})
	if err != nil {
		t.Fatal(err)
	}
	data = bytes.Replace(data, []byte(`,"jpt_perspektif":null`), nil, 1)
	if bytes.Contains(data, []byte("jpt_perspektif")) {
		t.Fatalf("v1 data still names jpt_perspektif: %s", data)
	}
	got, err := adoption.Decode(adoption.TypeAdopted, 1, data)
	if err != nil {
		t.Fatal(err)
	}
	p := got.(adoption.Adopted).Policy
	if diff := cmp.Diff(performance.DefaultJPTPerspektif(), p.JPTPerspektif); diff != "" || p.Validate() != nil {
		t.Fatalf("upcast perspektif (-want +got):\n%s; validate: %v", diff, p.Validate())
	}
}

func FuzzDecode(f *testing.F) {
	_, _, data, _ := adoption.Encode(adoption.Adopted{Instansi: "PEMKAB-X", From: day("2026-04-01"), Policy: variant("x/1", 21)})
	f.Add(1, data)
	f.Fuzz(func(t *testing.T, version int, data []byte) {
		if _, err := adoption.Decode(adoption.TypeAdopted, version, data); err != nil &&
			!errors.Is(err, eventcodec.ErrMalformed) && !errors.Is(err, eventcodec.ErrUnsupportedVersion) {
			t.Fatalf("unexpected error kind: %v", err)
		}
	})
}
