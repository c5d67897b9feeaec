package standings

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/projectiontest"
)

// TestLightDecodeEqualsDomain folds every SKP stream of a random world into
// a row twice, with the facts read straight from the JSON and with the facts
// of the domain decoder, and checks that every step gives the same row.
func TestLightDecodeEqualsDomain(t *testing.T) {
	light, domain := map[string]*skpRow{}, map[string]*skpRow{}
	n := 0
	for _, a := range projectiontest.Generate(projectiontest.Config{Seed: 11, Employees: 300, Instansi: 2}) {
		for _, ne := range a.Events {
			n++
			e := eventlog.Event{Stream: a.Stream, Position: uint64(n), Type: ne.Type, SchemaVersion: ne.SchemaVersion, Data: ne.Data}
			if _, err := skpKey(e.Stream); err != nil {
				continue
			}
			lf, err := decodeFacts(e)
			if err != nil {
				t.Fatalf("light decode of %s: %v", e.Type, err)
			}
			ev, err := skp.Decode(e.Type, e.SchemaVersion, e.Data)
			if err != nil {
				t.Fatalf("domain decode of %s: %v", e.Type, err)
			}
			df := factsOf(ev)
			if light[e.Stream] == nil {
				light[e.Stream], domain[e.Stream] = &skpRow{}, &skpRow{}
			}
			light[e.Stream].apply(e, &lf)
			domain[e.Stream].apply(e, &df)
			if diff := cmp.Diff(*domain[e.Stream], *light[e.Stream], cmp.AllowUnexported(skpRow{})); diff != "" {
				t.Fatalf("event %d %s: light differs from domain (-domain +light):\n%s", n, e.Type, diff)
			}
		}
	}
}

// TestOldSchemaVersionGoesThroughTheDomain checks that an event at an older
// schema version is upcast by the domain codec and one at an unknown version
// is an error.
func TestOldSchemaVersionGoesThroughTheDomain(t *testing.T) {
	e := eventlog.Event{Type: skp.TypeRealisationReported, SchemaVersion: 1,
		Data: []byte(`{"nip":"1","year":2025,"window":1,"iki":"R0.0","evidence":"x","late":true}`)}
	f, err := decodeFacts(e)
	if err != nil || !f.Late {
		t.Fatalf("v1 realisation: %+v %v", f, err)
	}
	e.SchemaVersion = 99
	if _, err := decodeFacts(e); err == nil {
		t.Fatal("v99 decoded without error")
	}
	e.Type, e.SchemaVersion = "skp.unheard_of", 1
	if _, err := decodeFacts(e); err == nil {
		t.Fatal("unknown type decoded without error")
	}
}

// BenchmarkDecodeFacts compares reading the facts of SKP events straight
// from the JSON with the domain decoder. Run:
//
//	go test -run '^$' -bench BenchmarkDecodeFacts ./projections/standings/
func BenchmarkDecodeFacts(b *testing.B) {
	var events []eventlog.Event
	for _, a := range projectiontest.Generate(projectiontest.Config{Seed: 11, Employees: 300, Instansi: 2}) {
		for _, ne := range a.Events {
			if _, err := skpKey(a.Stream); err == nil {
				events = append(events, eventlog.Event{Stream: a.Stream, Type: ne.Type, SchemaVersion: ne.SchemaVersion, Data: ne.Data})
			}
		}
	}
	b.Run("light", func(b *testing.B) {
		for i := range b.N {
			if _, err := decodeFacts(events[i%len(events)]); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("domain", func(b *testing.B) {
		for i := range b.N {
			e := events[i%len(events)]
			ev, err := skp.Decode(e.Type, e.SchemaVersion, e.Data)
			if err != nil {
				b.Fatal(err)
			}
			_ = factsOf(ev)
		}
	})
}
