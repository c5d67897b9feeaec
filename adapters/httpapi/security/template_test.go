package security

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v2"

	"github.com/kinerja/kinerja/adapters/httpapi/httpapitest"
)

// omit marks a property the templates leave out.
const omit = "\x00omit"

// knownStrings are valid values of the non-free-text strings of requests,
// by location (see freeText), so that templates reach the handlers' rules.
func knownStrings() map[string]string {
	return map[string]string{
		"RegisterEmployee.nip": "199202022020121001", "RegisterEmployee.instansi": httpapitest.Instansi,
		"RegisterEmployee.unit": "bidang-a", "RegisterEmployee.golongan": "III/a", "Jabatan.level": "pelaksana",
		"Transfer.to_unit": "bidang-b", "ChangeGolongan.golongan": "III/c",
		"ReportingLine.pejabat_penilai": httpapitest.PenilaiB, "ReportingLine.atasan_pejabat_penilai": httpapitest.Kepala,
		"RegisterUnit.code": "bidang-c", "RegisterUnit.parent": "dinas", "RegisterUnit.instansi": httpapitest.Instansi,
		"MoveUnit.parent": "dinas", "OrganisationPredikat.period": "2025", "DistributionOverride.period": "2025",
		"OpenPeriod.instansi": httpapitest.Instansi, "Plan.rhk[].id": "rhk-1", "Plan.rhk[].iki[].id": "iki-1",
		"Plan.rhk[].supports": "rhk-kepala-1", "Realisation.iki": "iki-1", "Feedback.rhk": "rhk-1", "Feedback.value": omit,
		"ReplayRequest.until": "2025-03-31", "ReplayRequest.projections[]": "standings",
		"OpenPeriod.deadlines[]": omit, "Plan.rhk[].perspektif": omit, "Plan.rhk[].iki[].target.text": omit,
	}
}

// templates returns a valid-looking JSON body for each write operation of
// the OpenAPI document that takes one, by "METHOD /openapi/path".
func templates(t *testing.T, raw []byte) map[string]map[string]any {
	t.Helper()
	var doc map[string]any
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("the OpenAPI document does not parse: %v", err)
	}
	d := normalize(doc).(map[string]any)
	out := map[string]map[string]any{}
	paths, _ := d["paths"].(map[string]any)
	for path, item := range paths {
		ops, _ := item.(map[string]any)
		for method, op := range ops {
			schema := dig(op, "requestBody", "content", "application/json", "schema")
			if schema == nil {
				continue
			}
			if body, ok := instance(d, "", schema, knownStrings()).(map[string]any); ok {
				out[strings.ToUpper(method)+" "+path] = body
			}
		}
	}
	return out
}

// instance returns a value of schema at loc: known values for identifiers,
// the first of an enum, ordinary text for free text.
func instance(doc map[string]any, loc string, node any, known map[string]string) any {
	m, _ := node.(map[string]any)
	if ref, ok := m["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		return instance(doc, name, dig(doc, "components", "schemas", name), known)
	}
	switch m["type"] {
	case "object":
		out := map[string]any{}
		props, _ := m["properties"].(map[string]any)
		for name, p := range props {
			if v := instance(doc, loc+"."+name, p, known); v != omit {
				out[name] = v
			}
		}
		return out
	case "array":
		v := instance(doc, loc+"[]", m["items"], known)
		if v == omit {
			return omit
		}
		return []any{v}
	case "integer":
		return map[string]any{"year": 2025, "window": 1, "deadline_days": 10}[loc[strings.LastIndex(loc, ".")+1:]]
	case "number":
		return 3
	case "boolean":
		return false
	}
	if v, ok := known[loc]; ok {
		return v
	}
	if enum, ok := m["enum"].([]any); ok && len(enum) > 0 {
		return enum[0]
	}
	if m["format"] == "date" {
		return "2025-04-01"
	}
	return "Teks biasa"
}
