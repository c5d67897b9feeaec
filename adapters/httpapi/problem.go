package httpapi

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"

	"github.com/gorilla/mux"
	"github.com/kinerja/kinerja/domain/text"
)

// ProblemContentType is the media type of RFC 9457 problem details.
const ProblemContentType = "application/problem+json"

// Problem types: stable URIs that clients may switch on. Each names one kind
// of failure; the title that goes with a type does not change either. They
// are written relative to the server (/problems/<slug>, the pages it serves
// at that path, see problem_pages.go); WriteProblem renders them under
// ServerConfig.ProblemBaseURL when one is configured.
const (
	problemBase = "/problems/"
	// TypeNotFound: no resource at the request's path.
	TypeNotFound = problemBase + "not-found"
	// TypeMethodNotAllowed: the resource exists but not with this method.
	TypeMethodNotAllowed = problemBase + "method-not-allowed"
	// TypeInternal: the server failed; the detail reveals nothing internal.
	TypeInternal = problemBase + "internal"
)

// Problem is an RFC 9457 problem details object.
type Problem struct {
	// Type is a stable URI naming the kind of problem.
	Type string `json:"type"`
	// Title is a short, fixed summary of the type.
	Title string `json:"title"`
	// Status is the HTTP status code.
	Status int `json:"status"`
	// Detail explains this occurrence to a human.
	Detail string `json:"detail,omitempty"`
	// Instance identifies this occurrence; WriteProblem sets it to the
	// request path when empty.
	Instance string `json:"instance,omitempty"`
	// RequestID is the request's id (an extension member), for support.
	RequestID string `json:"request_id,omitempty"`
	// Code names the broken rule of a rule-violated problem, such as
	// "skp.already_rated" (an extension member).
	Code string `json:"code,omitempty"`
	// CurrentVersion is the stream's version in a version-conflict problem
	// (an extension member): retry with If-Match set to it after re-reading.
	CurrentVersion *uint64 `json:"current_version,omitempty"`
	// Errors lists the fields of a request that failed validation.
	Errors []FieldError `json:"errors,omitempty"`
}

// FieldError says what is wrong with one field of a request.
type FieldError struct {
	// Field names the field, as a JSON path such as "targets[0].quantity".
	Field string `json:"field"`
	// Message says what is wrong with it.
	Message string `json:"message"`
}

// WriteProblem writes p as application/problem+json with p.Status. It fills
// Instance from the request path and RequestID from the request's context.
func WriteProblem(w http.ResponseWriter, r *http.Request, p Problem) {
	if p.Instance == "" {
		p.Instance = r.URL.Path
	}
	if p.RequestID == "" {
		p.RequestID = RequestID(r.Context())
	}
	p.Type = problemTypeURI(r.Context(), p.Type)
	p.bound()
	body, err := json.Marshal(p)
	if err != nil { // only plain strings and ints: cannot happen.
		body = []byte(`{"type":"` + TypeInternal + `","title":"Internal server error","status":500}`)
		p.Status = http.StatusInternalServerError
	}
	h := w.Header()
	h.Set("Content-Type", ProblemContentType)
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(p.Status)
	_, _ = w.Write(append(body, '\n'))
}

// Bounds of what a problem echoes: a message may quote the value refused,
// and an 800 KB identifier was answered with a 1.6 MB problem.
const (
	maxProblemDetail  = 2000
	maxProblemMessage = 500
	maxProblemField   = 200
	maxProblemErrors  = 100
)

// bound cuts the texts of p to their bounds (at a character, marked with
// "…") and keeps at most maxProblemErrors field errors.
func (p *Problem) bound() {
	p.Detail = text.Clip(p.Detail, maxProblemDetail)
	p.Instance = text.Clip(p.Instance, maxProblemDetail)
	if len(p.Errors) > maxProblemErrors {
		p.Errors = p.Errors[:maxProblemErrors]
	}
	for i := range p.Errors {
		p.Errors[i].Field = text.Clip(p.Errors[i].Field, maxProblemField)
		p.Errors[i].Message = text.Clip(p.Errors[i].Message, maxProblemMessage)
	}
}

// notFound answers requests that match no route.
func notFound(w http.ResponseWriter, r *http.Request) {
	WriteProblem(w, r, Problem{Type: TypeNotFound, Title: "Not found", Status: http.StatusNotFound,
		Detail: "No resource exists at this path."})
}

// methodNotAllowed answers requests whose path matches a route but whose
// method does not, listing the allowed methods in the Allow header.
func methodNotAllowed(router *mux.Router) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		allowed := allowedMethods(router, r)
		if len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
		}
		WriteProblem(w, r, Problem{Type: TypeMethodNotAllowed, Title: "Method not allowed", Status: http.StatusMethodNotAllowed,
			Detail: "This resource does not support the method " + r.Method + "."})
	})
}

// allowedMethods returns the methods for which the router has a route at the
// request's path, and HEAD wherever it has GET (see headAsGet).
func allowedMethods(router *mux.Router, r *http.Request) []string {
	var out []string
	methods := []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
		http.MethodPatch, http.MethodDelete, http.MethodOptions}
	for _, m := range methods {
		if m == http.MethodHead && slices.Contains(out, http.MethodGet) {
			out = append(out, m)
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = m
		var match mux.RouteMatch
		if router.Match(probe, &match) && match.MatchErr == nil {
			out = append(out, m)
		}
	}
	return out
}
