package httpapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestNotFoundIsProblem(t *testing.T) {
	ts := newTestServer(t, nil)
	resp, body := do(t, "GET", ts.url+"/v1/nothing", nil)
	var p Problem
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("404 body %q: %v", body, err)
	}
	want := Problem{Type: TypeNotFound, Title: "Not found", Status: 404, Detail: "No resource exists at this path.",
		Instance: "/v1/nothing", RequestID: resp.Header.Get(RequestIDHeader)}
	if resp.StatusCode != 404 || resp.Header.Get("Content-Type") != ProblemContentType {
		t.Fatalf("404 = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if diff := cmp.Diff(want, p); diff != "" {
		t.Fatalf("404 problem (-want +got):\n%s", diff)
	}
}

func TestMethodNotAllowedIsProblemWithAllow(t *testing.T) {
	ts := newTestServer(t, nil)
	resp, body := do(t, "DELETE", ts.url+"/readyz", nil)
	var p Problem
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("405 body %q: %v", body, err)
	}
	if resp.StatusCode != 405 || p.Type != TypeMethodNotAllowed || p.Status != 405 || resp.Header.Get("Allow") != "GET, HEAD" {
		t.Fatalf("405 = %d Allow %q %+v", resp.StatusCode, resp.Header.Get("Allow"), p)
	}
}

func TestWriteProblemWithFieldErrors(t *testing.T) {
	r := httptest.NewRequest("POST", "/v1/skp", nil)
	w := httptest.NewRecorder()
	WriteProblem(w, r, Problem{Type: "/problems/validation", Title: "Invalid request", Status: http.StatusBadRequest,
		Errors: []FieldError{{Field: "targets[0].quantity", Message: "must be positive"}}})
	want := `{"type":"/problems/validation","title":"Invalid request","status":400,"instance":"/v1/skp",` +
		`"errors":[{"field":"targets[0].quantity","message":"must be positive"}]}` + "\n"
	if w.Code != 400 || w.Body.String() != want || w.Header().Get("Content-Type") != ProblemContentType {
		t.Fatalf("WriteProblem wrote %d %s %q", w.Code, w.Header().Get("Content-Type"), w.Body.String())
	}
}

// TestProblemsEchoBoundedText: a draft whose RHK id is 800 KB was refused
// with a 1.6 MB problem quoting it twice; a problem's texts are bounded.
func TestProblemsEchoBoundedText(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	p := plan(10)
	p["rhk"].([]any)[0].(map[string]any)["id"] = strings.Repeat("é", 400_000)
	r := a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": p}).must(t, 400, "an 800 KB RHK id")
	if len(r.body) > 8<<10 {
		t.Fatalf("the problem is %d bytes, want a few kilobytes: %.300s…", len(r.body), r.body)
	}
	pr := r.problem(t)
	if len(pr.Errors) == 0 || !strings.HasSuffix(pr.Errors[0].Message, "…") && len(pr.Errors[0].Message) > 500 {
		t.Errorf("problem %+v", pr)
	}
	if !utf8.ValidString(string(r.body)) {
		t.Error("the problem was cut inside a character")
	}
}
