package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
)

// decodeRequest decodes body as a write handler does (call.decode).
func decodeRequest(body, ct string, dst any) error {
	r := httptest.NewRequest("POST", "/v1/x", strings.NewReader(body))
	r.Header.Set("Content-Type", ct)
	c := &call{r: r, body: []byte(body)}
	return c.decode(dst)
}

func TestDecodeJSONFieldErrors(t *testing.T) {
	cases := map[string]string{
		`{"plan":{"rhk":[{"iki":[{"target":{"quantity":true}}]}]}}`: "plan.rhk.iki.target.quantity",
		`{"jpt":"yes"}`:                  "jpt",
		`{"plan":{"perilaku":{}}}`:       "plan.perilaku",
		`{"plan":{"rhk":[{"extra":1}]}}`: "extra",
		`[1,2]`:                          "(body)",
	}
	for body, field := range cases {
		var in draftRequest
		err := decodeRequest(body, "application/json", &in)
		var re *requestError
		if !errors.As(err, &re) || re.typ != TypeValidation || len(re.fields) != 1 || re.fields[0].Field != field {
			t.Errorf("%s: %#v, want a field error on %s", body, err, field)
		}
	}
	// Invalid bytes in a string, and halves of surrogate pairs, were once
	// stored as U+FFFD.
	for _, body := range []string{"{\"jpt\":true,\"x\":\"\xff\xfe\"}", "{\"plan\":{\"rhk\":[{\"id\":\"a\xc3\"}]}}",
		`{"plan":{"rhk":[{"id":"\ud800"}]}}`, `{"plan":{"rhk":[{"id":"a\udc00b"}]}}`, `{"plan":{"rhk":[{"id":"\ud83d\u0041"}]}}`} {
		var in draftRequest
		err := decodeRequest(body, "application/json", &in)
		var re *requestError
		if !errors.As(err, &re) || re.typ != TypeMalformed || !strings.Contains(re.detail, "UTF-") {
			t.Errorf("%q: %#v, want a malformed-body problem naming UTF-8 or UTF-16", body, err)
		}
	}
	// A whole pair, an escaped backslash before "u", ordinary escapes.
	for _, body := range []string{`{"plan":{"rhk":[{"id":"\ud83d\ude00"}]}}`, `{"plan":{"rhk":[{"id":"\\ud800"}]}}`,
		`{"plan":{"rhk":[{"id":"\u00e9\n\"\\"}]}}`} {
		var in draftRequest
		if err := decodeRequest(body, "application/json", &in); err != nil {
			t.Errorf("%s: %v", body, err)
		}
	}
	// A number past float64 said "must be a number, not number 1e400".
	var huge draftRequest
	err := decodeRequest(`{"plan":{"rhk":[{"iki":[{"target":{"quantity":1e400}}]}]}}`, "application/json", &huge)
	var re *requestError
	if !errors.As(err, &re) || len(re.fields) != 1 || re.fields[0].Message != "1e400 is out of range or not a whole number where one is required" {
		t.Errorf("a number out of range: %#v", err)
	}
	var ok draftRequest
	if err := decodeRequest(`{"jpt":true,"plan":{"rhk":[]}}`+"\n", "application/json; charset=utf-8", &ok); err != nil || !ok.JPT {
		t.Fatalf("a good body: %v", err)
	}
}

// FuzzDecodeJSON feeds arbitrary bodies to the request decoder: it must never
// panic, and must either decode or return a 4xx request problem.
func FuzzDecodeJSON(f *testing.F) {
	seeds := []string{`{}`, `{"plan":{"rhk":[{"id":"a","iki":[{"target":{"quantity":1.5}}]}]}}`, `{"jpt":true}`,
		`{"plan":null}`, `{"x":1}`, `{} {}`, `{"plan":{"rhk":"s"}}`, `"str"`, `[`, "\xff", `{"plan":{"perilaku":[{"value":1}]}}`,
		`{"plan":{"rhk":[{"iki":[{"target":{"quantity":1e999}}]}]}}`}
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		var in draftRequest
		err := decodeRequest(body, "application/json", &in)
		if err == nil {
			return
		}
		var re *requestError
		if !errors.As(err, &re) {
			t.Fatalf("decoding %q returned a non-request error %v", body, err)
		}
		if p := problemFor(err); p.Status < 400 || p.Status > 499 || p.Title == "" {
			t.Fatalf("decoding %q gave problem %+v", body, p)
		}
	})
}

func TestProblemTable(t *testing.T) {
	conflict := fmt.Errorf("approve: %w", &eventlog.ConcurrencyError{Stream: "skp-1-2025", Expected: eventlog.Exact(3), Actual: 5})
	cases := []struct {
		err    error
		status int
		typ    string
		code   string
	}{
		{conflict, 409, TypeVersionConflict, ""},
		{fmt.Errorf("x: %w", skp.ErrAlreadyRated), 422, TypeRuleViolated, "skp.already_rated"},
		{fmt.Errorf("x: %w", skp.ErrNotPejabatPenilai), 403, TypeForbidden, ""},
		{fmt.Errorf("x: %w", actor.ErrRoleNotAllowed), 403, TypeForbidden, ""},
		{fmt.Errorf("x: %w: stream y", command.ErrNotFound), 404, TypeNotFound, ""},
		{fmt.Errorf("%w: rhk: required", skp.ErrInvalidInput), 400, TypeValidation, ""},
		{fmt.Errorf("%w: bad", errUnauthenticated), 401, TypeUnauthorized, ""},
		{fmt.Errorf("audit search: %w: limit 0", eventlog.ErrBadFilter), 400, TypeValidation, ""},
		{fmt.Errorf("as_of %q: %w", "x", eventlog.ErrBadAsOf), 400, TypeValidation, ""},
		{newRequestError(TypePayloadTooLarge, "big"), 413, TypePayloadTooLarge, ""},
		{errors.New("pq: password authentication failed for user admin"), 500, TypeInternal, ""},
	}
	for _, c := range cases {
		p := problemFor(c.err)
		if p.Status != c.status || p.Type != c.typ || p.Code != c.code || p.Title == "" {
			t.Errorf("problemFor(%v) = %+v", c.err, p)
		}
	}
	if p := problemFor(conflict); p.CurrentVersion == nil || *p.CurrentVersion != 5 {
		t.Errorf("conflict problem has current_version %v", p.CurrentVersion)
	}
	if p := problemFor(cases[len(cases)-1].err); strings.Contains(p.Detail, "password") {
		t.Errorf("a 500 leaks its cause: %q", p.Detail)
	}
	for typ := range titles() {
		if statusOf(typ) == http.StatusInternalServerError && typ != TypeInternal {
			t.Errorf("type %s has no status", typ)
		}
	}
}

// A null decodes as "absent" in encoding/json; the API document says which
// fields may be null, so the decoder refuses a null anywhere else.
func TestDecodeRefusesNullsTheDocumentDoesNotAllow(t *testing.T) {
	cases := map[string]string{
		`{"plan":{"perilaku":null}}`:                            "plan.perilaku",
		`{"plan":null}`:                                         "plan",
		`{"plan":{"rhk":[{"id":"a","iki":[null]}]}}`:            "plan.rhk[].iki[]",
		`{"plan":{"rhk":[{"iki":[{"target":{"unit":null}}]}]}}`: "plan.rhk[].iki[].target.unit",
		`{"PLAN":{"Perilaku":null}}`:                            "PLAN.Perilaku",
		`{"jpt":null}`:                                          "jpt",
	}
	for body, field := range cases {
		var in draftRequest
		err := decodeRequest(body, "application/json", &in)
		var re *requestError
		if !errors.As(err, &re) || re.typ != TypeValidation || len(re.fields) != 1 || re.fields[0].Field != field {
			t.Errorf("%s: %#v, want a null refused on %s", body, err, field)
		}
	}
	var root draftRequest
	if err := decodeRequest(`null`, "application/json", &root); err == nil {
		t.Error("a null body was accepted")
	}
	var replay replayRequest
	if err := decodeRequest(`{"until":"2025-12-31","projections":null}`, "application/json", &replay); err != nil {
		t.Errorf("projections may be null (openapi.yaml: nullable): %v", err)
	}
	if err := decodeRequest(`{"until":null}`, "application/json", &replay); err == nil {
		t.Error("a null until was accepted")
	}
}
