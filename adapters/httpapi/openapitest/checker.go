package openapitest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// Checker checks HTTP exchanges against an OpenAPI document. It is safe
// for concurrent use.
type Checker struct {
	doc    *openapi3.T
	router routers.Router
}

// Load parses an OpenAPI 3 document and validates it with kin-openapi's
// defaults (examples, defaults and patterns included); any finding is an
// error.
func Load(ctx context.Context, doc []byte) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	t, err := loader.LoadFromData(doc)
	if err != nil {
		return nil, fmt.Errorf("openapi: load the document: %w", err)
	}
	if err := t.Validate(ctx); err != nil {
		return nil, fmt.Errorf("openapi: the document is invalid: %w", err)
	}
	return t, nil
}

// New loads and validates doc (see Load) and returns a Checker for it.
// Routes match whatever host the test server listens on: the document's
// servers are ignored.
func New(ctx context.Context, doc []byte) (*Checker, error) {
	t, err := Load(ctx, doc)
	if err != nil {
		return nil, err
	}
	t.Servers = nil
	r, err := gorillamux.NewRouter(t)
	if err != nil {
		return nil, fmt.Errorf("openapi: route the document: %w", err)
	}
	return &Checker{doc: t, router: r}, nil
}

// Exchange is one request and the response the server gave to it, with
// both bodies read.
type Exchange struct {
	Request     *http.Request
	RequestBody []byte
	Status      int
	Header      http.Header
	Body        []byte
}

// Check returns why the exchange contradicts the document, or nil. The
// error names the method, path and status, and what to fix.
func (c *Checker) Check(ctx context.Context, x Exchange) error {
	if err := c.check(ctx, x); err != nil {
		uri := x.Request.URL.RequestURI()
		if len(uri) > 200 {
			uri = uri[:200] + "…"
		}
		return fmt.Errorf("openapi: %s %s → %d: %w", x.Request.Method, uri, x.Status, err)
	}
	return nil
}

func (c *Checker) check(ctx context.Context, x Exchange) error {
	if x.Status == http.StatusRequestHeaderFieldsTooLarge {
		return nil // net/http's own answer, before any handler runs
	}
	req := x.Request.Clone(ctx)
	req.Body = io.NopCloser(bytes.NewReader(x.RequestBody))
	route, params, err := c.router.FindRoute(req)
	head := req.Method == http.MethodHead
	if head && errors.Is(err, routers.ErrMethodNotAllowed) {
		route, params, err = c.asGet(req)
	}
	switch {
	case errors.Is(err, routers.ErrPathNotFound) || errors.Is(err, routers.ErrMethodNotAllowed):
		if notServed(x) {
			return nil
		}
		return fmt.Errorf("the route is not in openapi.yaml (%v), but the server served it: document the path and method in adapters/httpapi/openapi.yaml", err)
	case err != nil:
		return fmt.Errorf("find the route: %w", err)
	}
	opts := options()
	if ct, _, _ := mime.ParseMediaType(x.Header.Get("Content-Type")); ct == "text/event-stream" || head {
		opts.ExcludeResponseBody = true // a stream's body never ends (Transport does not read it); a HEAD has none
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if x.Status >= 200 && x.Status < 300 {
		// Only an accepted request's body is validated, so only its nulls
		// are dropped: decoding a refused 10 MB body cost seconds a request.
		req.Body = io.NopCloser(bytes.NewReader(withoutNulls(x.Request.Header, x.RequestBody)))
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			return fmt.Errorf("the server accepted a request that openapi.yaml says is invalid: %w", err)
		}
	}
	if err := undocumentedBody(route, x); err != nil {
		return err
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: x.Status, Header: x.Header, Options: opts}
	out.SetBodyBytes(x.Body)
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		return fmt.Errorf("the response does not match openapi.yaml (operation %s): %w", route.Operation.OperationID, err)
	}
	return nil
}

// asGet finds the GET operation of a HEAD request's path: the server
// answers HEAD wherever it answers GET (RFC 9110, section 9.3.2), with the
// GET's status and headers, and the document describes the GET only (it
// says so once).
func (c *Checker) asGet(head *http.Request) (*routers.Route, map[string]string, error) {
	get := head.Clone(head.Context())
	get.Method = http.MethodGet
	route, params, err := c.router.FindRoute(get)
	if err != nil {
		return nil, nil, routers.ErrMethodNotAllowed
	}
	return route, params, nil
}

// notServed reports whether the server answered as it does for a route it
// does not serve: 404, 405, or the router's redirect to the clean form of
// a path such as /v1/units//rename.
func notServed(x Exchange) bool {
	switch x.Status {
	case http.StatusNotFound, http.StatusMethodNotAllowed:
		return true
	case http.StatusMovedPermanently, http.StatusPermanentRedirect:
		p := x.Request.URL.Path
		return path.Clean(p) != p
	}
	return false
}

// undocumentedBody refuses a body the document does not describe: kin
// accepts any body for a response documented without content.
func undocumentedBody(route *routers.Route, x Exchange) error {
	if x.Request.Method == http.MethodHead || len(x.Body) == 0 {
		return nil
	}
	resp := route.Operation.Responses.Status(x.Status)
	if resp == nil {
		resp = route.Operation.Responses.Default()
	}
	if resp == nil || resp.Value == nil || len(resp.Value.Content) > 0 {
		return nil // a missing status is ValidateResponse's to report
	}
	ct, _, _ := mime.ParseMediaType(x.Header.Get("Content-Type"))
	return fmt.Errorf("the response has a %s body but openapi.yaml documents none for status %d of operation %s", ct, x.Status, route.Operation.OperationID)
}

// options are the validation options: every status must be documented,
// security is the server's business, and schema errors name the field.
func options() *openapi3filter.Options {
	o := &openapi3filter.Options{
		IncludeResponseStatus: true,
		MultiError:            true,
		AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
	}
	o.WithCustomSchemaErrorFunc(schemaError)
	return o
}

// schemaError is a short message for a schema mismatch: where, what, and
// the value (cut), without the whole schema kin would print.
func schemaError(err *openapi3.SchemaError) string {
	v := fmt.Sprintf("%v", err.Value)
	if len(v) > 120 {
		v = v[:120] + "…"
	}
	return fmt.Sprintf("at /%s: %s (value %s)", strings.Join(err.JSONPointer(), "/"), err.Reason, v)
}

// withoutNulls drops the members set to null from a JSON request body: the
// server decodes a null member as a member left out (encoding/json), and
// the document says so once in its description rather than marking every
// request field nullable. Other bodies are returned as they are.
func withoutNulls(h http.Header, body []byte) []byte {
	ct, _, _ := mime.ParseMediaType(h.Get("Content-Type"))
	if ct != "application/json" && !strings.HasSuffix(ct, "+json") {
		return body
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // a number too large for a float64 stays as written
	if err := dec.Decode(&v); err != nil || dec.More() {
		return body
	}
	out, err := json.Marshal(dropNulls(v))
	if err != nil {
		return body
	}
	return out
}

func dropNulls(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, e := range t {
			if e == nil {
				delete(t, k)
			} else {
				t[k] = dropNulls(e)
			}
		}
	case []any:
		for i, e := range t {
			t[i] = dropNulls(e)
		}
	}
	return v
}
