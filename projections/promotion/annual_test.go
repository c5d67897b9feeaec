package promotion

import (
	"strings"
	"testing"

	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/projectiontest"
)

// TestLightDecodeEqualsDomain checks, for every SKP event of a random world,
// that reading it straight from the JSON and through the domain decoder
// agree on whether and how it sets the annual predikat.
func TestLightDecodeEqualsDomain(t *testing.T) {
	for _, a := range projectiontest.Generate(projectiontest.Config{Seed: 12, Employees: 300, Instansi: 2}) {
		for _, ne := range a.Events {
			e := eventlog.Event{Stream: a.Stream, Type: ne.Type, SchemaVersion: ne.SchemaVersion, Data: ne.Data}
			if !strings.HasPrefix(e.Type, "skp.") {
				continue
			}
			light, err := decodeAnnual(&e)
			if err != nil {
				t.Fatalf("light decode of %s: %v", e.Type, err)
			}
			ev, err := skp.Decode(e.Type, e.SchemaVersion, e.Data)
			if err != nil {
				t.Fatalf("domain decode of %s: %v", e.Type, err)
			}
			domain := annualOf(ev)
			if light.inForce(e.Type) != domain.inForce(e.Type) {
				t.Fatalf("%s: in force %v (light) and %v (domain)", e.Type, light.inForce(e.Type), domain.inForce(e.Type))
			}
			if domain.inForce(e.Type) && (light.NIP != domain.NIP || light.Year != domain.Year || light.predikat(e.Type) != domain.predikat(e.Type)) {
				t.Fatalf("%s: light %+v, domain %+v", e.Type, light, domain)
			}
		}
	}
}

// TestMalformedOrUnknownSKPEventIsAnError checks that events the light path
// skips are still rejected when they are not JSON objects, at an unknown
// schema version, or of an unknown type.
func TestMalformedOrUnknownSKPEventIsAnError(t *testing.T) {
	for _, e := range []eventlog.Event{
		{Type: skp.TypeSubmitted, SchemaVersion: 1, Data: []byte(`[1]`)},
		{Type: skp.TypeSubmitted, SchemaVersion: 1, Data: []byte(`{"nip":`)},
		{Type: skp.TypeSubmitted, SchemaVersion: 99, Data: []byte(`{}`)},
		{Type: skp.TypeAnnualRatingsGiven, SchemaVersion: 1, Data: []byte(`{"year":"x"}`)},
		{Type: "skp.unheard_of", SchemaVersion: 1, Data: []byte(`{}`)},
	} {
		if _, err := decodeAnnual(&e); err == nil {
			t.Errorf("%s v%d %s: no error", e.Type, e.SchemaVersion, e.Data)
		}
	}
}
