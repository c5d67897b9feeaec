package httpapi

import (
	"bufio"
	"bytes"
	"context"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/gorilla/mux"
	"github.com/kinerja/kinerja/adapters/httpapi/openapitest"
)

// documented returns "METHOD /path" for every operation of the OpenAPI
// document. It reads the paths section by indentation, which is how the
// document is written: two spaces before a path, four before a method.
func documented(t *testing.T, doc []byte) []string {
	t.Helper()
	pathRe := regexp.MustCompile(`^  (/\S*):\s*$`)
	methodRe := regexp.MustCompile(`^    (get|put|post|delete|patch|head|options):\s*$`)
	var out []string
	inPaths, path := false, ""
	sc := bufio.NewScanner(bytes.NewReader(doc))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, " ") && line != "" {
			inPaths = strings.HasPrefix(line, "paths:")
			continue
		}
		if !inPaths {
			continue
		}
		if m := pathRe.FindStringSubmatch(line); m != nil {
			path = m[1]
		} else if m := methodRe.FindStringSubmatch(line); m != nil {
			out = append(out, strings.ToUpper(m[1])+" "+path)
		}
	}
	slices.Sort(out)
	return out
}

// openAPIPath turns a mux path template into OpenAPI form: {year:[1-9][0-9]{3}}
// becomes {year}.
func openAPIPath(tpl string) string {
	var b strings.Builder
	depth := 0
	skipping := false
	for _, r := range tpl {
		switch {
		case r == '{':
			depth++
			if depth == 1 {
				b.WriteRune(r)
			}
		case r == '}':
			depth--
			if depth == 0 {
				skipping = false
				b.WriteRune(r)
			}
		case depth == 1 && r == ':':
			skipping = true
		case depth >= 1 && (skipping || depth > 1):
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// routed returns "METHOD /path" for every route of the server's router.
func routed(t *testing.T, r *mux.Router) []string {
	t.Helper()
	var out []string
	err := r.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tpl, err := route.GetPathTemplate()
		if err != nil {
			return nil
		}
		methods, err := route.GetMethods()
		if err != nil {
			return nil // a subrouter's prefix, not an endpoint.
		}
		for _, m := range methods {
			out = append(out, m+" "+openAPIPath(tpl))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func TestOpenAPIDocumentMatchesRoutes(t *testing.T) {
	if got := openAPIPath("/v1/skp/{nip}/{year:[0-9]{4}}/windows/{window:[0-9]{1,2}}"); got != "/v1/skp/{nip}/{year}/windows/{window}" {
		t.Fatalf("openAPIPath = %s", got)
	}
	a := newAPIServer(t)
	doc := documented(t, openAPIDocument)
	routes := routed(t, a.srv.router)
	if len(routes) < 35 {
		t.Fatalf("only %d routes found: %v", len(routes), routes)
	}
	if diff := cmp.Diff(routes, doc); diff != "" {
		t.Fatalf("routes (-) and documented operations (+) differ:\n%s", diff)
	}
	r := a.send(t, "GET", "/openapi.yaml", "", nil).must(t, 200, "GET /openapi.yaml")
	if !bytes.Equal(r.body, openAPIDocument) || r.header.Get("Content-Type") != "application/yaml" {
		t.Fatalf("/openapi.yaml served %d bytes as %s", len(r.body), r.header.Get("Content-Type"))
	}
}

// openAPIChecker is the checker of the served document, loaded once for
// the package's tests.
var openAPIChecker = sync.OnceValues(func() (*openapitest.Checker, error) {
	return openapitest.New(context.Background(), OpenAPIDocument())
})

// checkedClient returns a client whose every exchange is checked against
// the OpenAPI document: a route the document lacks, an undocumented status,
// or a body or header that does not match its schema fails the request
// with the validator's finding.
func checkedClient(t testing.TB) *http.Client {
	t.Helper()
	c, err := openAPIChecker()
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Transport: c.Transport(nil)}
}

// TestOpenAPIDocumentValidates loads the served document with kin-openapi
// and validates it with no relaxing option.
func TestOpenAPIDocumentValidates(t *testing.T) {
	if _, err := openapitest.Load(t.Context(), OpenAPIDocument()); err != nil {
		t.Fatal(err)
	}
}
