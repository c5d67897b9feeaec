package security

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v2"

	"github.com/kinerja/kinerja/adapters/httpapi/httpapitest"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/text"
)

// freeText maps every free-text value a client sends, by where the OpenAPI
// document defines it (schema.property, [] for array items, "header Name"
// for a header), to the domain's limit in runes.
var freeText = map[string]int{
	"Jabatan.name":                              text.MaxName,
	"RegisterEmployee.name":                     text.MaxName,
	"RegisterUnit.name":                         text.MaxName,
	"RenameUnit.name":                           text.MaxName,
	"Transfer.reason":                           text.MaxNote,
	"ReportingLine.reason":                      text.MaxNote,
	"ReportingLine.cross_instansi_reason":       text.MaxCrossInstansiReason,
	"LeaveService.reason":                       text.MaxNote,
	"OrganisationPredikat.reason":               text.MaxNote,
	"DistributionOverride.justification":        text.MaxJustification,
	"DistributionOverride.violations[].rule":    text.MaxIdentifier,
	"DistributionOverride.violations[].message": text.MaxNote,
	"Plan.rhk[].text":                           text.MaxPlanText,
	"Plan.rhk[].supports":                       text.MaxPlanText,
	"Plan.rhk[].iki[].text":                     text.MaxPlanText,
	"Plan.rhk[].iki[].target.unit":              text.MaxTargetUnit,
	"Plan.rhk[].iki[].target.text":              text.MaxPlanText,
	"Plan.perilaku[].expectation":               text.MaxPlanText,
	"Expectations.expectations[].expectation":   text.MaxPlanText,
	"WorkPlan.items[].text":                     text.MaxPlanText,
	"PlanChange.reason":                         text.MaxNote,
	"ReturnSKP.note":                            text.MaxNote,
	"Realisation.text":                          text.MaxRealisation,
	"Realisation.evidence[]":                    text.MaxEvidenceRef,
	"RealisationCorrection.text":                text.MaxRealisation,
	"RealisationCorrection.evidence[]":          text.MaxEvidenceRef,
	"RealisationCorrection.reason":              text.MaxNote,
	"Feedback.text":                             text.MaxFeedback,
	"Feedback.evidence[]":                       text.MaxEvidenceRef,
	"FeedbackResponse.text":                     text.MaxFeedback,
	"Assessment.note":                           text.MaxNote,
	"Amendment.reason":                          text.MaxNote,
	"Objection.reasons":                         text.MaxObjection,
	"Decision.note":                             text.MaxNote,
	"AdoptPolicy.reason":                        text.MaxNote,
	"ValueView.comment":                         text.MaxValueComment,
	"SelfAssessmentRequest.reflection":          text.MaxReflection,
	"SelfAssessmentRequest.action_plan":         text.MaxReflection,
	"SelfAssessmentRequest.evidence[]":          text.MaxEvidenceRef,
	"FollowupRequest.title":                     text.MaxFollowupTitle,
	"FollowupRequest.reason":                    text.MaxNote,
	"Policy.version":                            performance.MaxVersionLength,
	"header Idempotency-Key":                    text.MaxIdentifier,
	"header X-Correlation-Id":                   text.MaxIdentifier,
}

// notFreeText are the string values of requests that are not free text:
// identifiers, codes and positions that must name something that exists or
// match a format, so that no long or odd text is ever stored through them.
var notFreeText = []string{
	"RegisterEmployee.nip", "RegisterEmployee.instansi", "RegisterEmployee.unit", "RegisterEmployee.golongan",
	"Jabatan.level", "Transfer.to_unit", "ChangeGolongan.golongan",
	"ReportingLine.pejabat_penilai", "ReportingLine.atasan_pejabat_penilai",
	"RegisterUnit.code", "RegisterUnit.parent", "RegisterUnit.instansi", "MoveUnit.parent",
	"OrganisationPredikat.period", "DistributionOverride.period", "OpenPeriod.instansi",
	"Plan.rhk[].id", "Plan.rhk[].iki[].id", "WorkPlan.items[].id", "Realisation.iki", "Feedback.rhk", "Feedback.value",
	"ReplayRequest.until", "ReplayRequest.projections[]", "header If-Match",
	"PeerInvitationRequest.peer", "FollowupRequest.basis[].event_id",
}

// TestOpenAPIDocumentsEveryTextLimit walks the request bodies and headers
// of every write operation of the OpenAPI document the server serves: each
// free-text string has maxLength equal to the domain's limit, and every
// other string is a documented identifier, an enum or has a format.
func TestOpenAPIDocumentsEveryTextLimit(t *testing.T) {
	t.Parallel()
	s := httpapitest.New(t, httpapitest.Options{})
	var doc map[string]any
	raw := s.Send(t, "GET", "/openapi.yaml", "", nil).Must(t, 200, "the OpenAPI document").Body
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("the OpenAPI document does not parse: %v", err)
	}
	w := &docWalker{doc: normalize(doc).(map[string]any), strs: map[string]map[string]any{}, seen: map[string]bool{}}
	w.operations(t)
	if len(w.strs) == 0 {
		t.Fatal("no string in any request of the document")
	}
	for loc, schema := range w.strs {
		limit, free := freeText[loc]
		switch {
		case free:
			if got, ok := schema["maxLength"]; !ok || fmt.Sprint(got) != fmt.Sprint(limit) {
				t.Errorf("%s: maxLength %v, want the domain's limit %d", loc, got, limit)
			}
		case slices.Contains(notFreeText, loc), schema["enum"] != nil, schema["format"] != nil, schema["pattern"] != nil:
		default:
			t.Errorf("%s: a string the document does not bound; add it to freeText (with its limit) or notFreeText", loc)
		}
	}
	for loc := range freeText {
		if _, ok := w.strs[loc]; !ok {
			t.Errorf("%s: in freeText but not a string of any request of the document", loc)
		}
	}
}

// docWalker collects the string schemas of the requests of an OpenAPI
// document by location.
type docWalker struct {
	doc  map[string]any
	strs map[string]map[string]any
	seen map[string]bool
}

// operations walks the request body and header parameters of every
// operation that writes.
func (w *docWalker) operations(t *testing.T) {
	t.Helper()
	paths, _ := w.doc["paths"].(map[string]any)
	for path, item := range paths {
		ops, _ := item.(map[string]any)
		for method, op := range ops {
			if !slices.Contains([]string{"post", "put", "patch", "delete"}, method) {
				continue
			}
			o, _ := op.(map[string]any)
			params, _ := o["parameters"].([]any)
			for _, p := range params {
				w.parameter(t, p)
			}
			if schema := dig(o, "requestBody", "content", "application/json", "schema"); schema != nil {
				w.schema(t, method+" "+path, schema)
			}
		}
	}
}

// parameter records a header parameter's schema.
func (w *docWalker) parameter(t *testing.T, p any) {
	t.Helper()
	m, _ := p.(map[string]any)
	if ref, ok := m["$ref"].(string); ok {
		m, _ = dig(w.doc, strings.Split(strings.TrimPrefix(ref, "#/"), "/")...).(map[string]any)
	}
	if m["in"] != "header" {
		return
	}
	if schema, ok := m["schema"].(map[string]any); ok && schema["type"] == "string" {
		w.strs["header "+fmt.Sprint(m["name"])] = schema
	}
}

// schema walks a schema at loc, following references to component schemas
// (each once).
func (w *docWalker) schema(t *testing.T, loc string, node any) {
	t.Helper()
	m, ok := node.(map[string]any)
	if !ok {
		t.Fatalf("%s: schema %v is not an object", loc, node)
	}
	if ref, ok := m["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/schemas/")
		if w.seen[name] {
			return
		}
		w.seen[name] = true
		target := dig(w.doc, "components", "schemas", name)
		if target == nil {
			t.Fatalf("%s: %s refers to no schema", loc, ref)
		}
		w.schema(t, name, target)
		return
	}
	props, _ := m["properties"].(map[string]any)
	for name, p := range props {
		w.schema(t, loc+"."+name, p)
	}
	if items, ok := m["items"]; ok {
		w.schema(t, loc+"[]", items)
	}
	if m["type"] == "string" {
		w.strs[loc] = m
	}
}

// dig returns the value at the keys' path in nested maps, or nil.
func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// normalize turns the map[any]any of package yaml into map[string]any.
func normalize(v any) any {
	switch x := v.(type) {
	case map[any]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[fmt.Sprint(k)] = normalize(e)
		}
		return out
	case map[string]any:
		for k, e := range x {
			x[k] = normalize(e)
		}
		return x
	case []any:
		for i, e := range x {
			x[i] = normalize(e)
		}
		return x
	}
	return v
}
