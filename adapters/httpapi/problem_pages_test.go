package httpapi

import (
	"go/ast"
	"go/parser"
	"go/token"
	"html"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// emittedProblemTypes returns the slug of every problem type the package's
// code declares (problemBase + "slug"), read from its non-test sources, so
// that a type added anywhere is found.
func emittedProblemTypes(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			b, ok := n.(*ast.BinaryExpr)
			if !ok || b.Op != token.ADD {
				return true
			}
			if id, ok := b.X.(*ast.Ident); ok && id.Name == "problemBase" {
				if lit, ok := b.Y.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, _ := strconv.Unquote(lit.Value); !strings.Contains(s, "{") { // not the pages' route
						out = append(out, s)
					}
				}
			}
			return true
		})
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestEveryProblemTypeHasAPage(t *testing.T) {
	types := emittedProblemTypes(t)
	if len(types) < 16 {
		t.Fatalf("only %d problem types found: %v", len(types), types)
	}
	a := newAPIServer(t)
	for _, slug := range types {
		i := slices.IndexFunc(problemPages(), func(p problemPage) bool { return p.Slug == slug })
		if i < 0 {
			t.Errorf("problem type %q has no page: add it to problemPages (problem_pages.go) and to the Problem schema's pattern in openapi.yaml", slug)
			continue
		}
		p := problemPages()[i]
		if p.TitleID == "" || p.TitleEN == "" || p.TextID == "" || p.TextEN == "" || p.Status < 400 {
			t.Errorf("page of %s is incomplete: %+v", slug, p)
		}
		if title := titles()[problemBase+slug]; title != p.TitleEN {
			t.Errorf("page of %s is titled %q, problems of the type %q", slug, p.TitleEN, title)
		}
		if st := statusOf(problemBase + slug); st != p.Status {
			t.Errorf("page of %s says HTTP %d, its problems are %d", slug, p.Status, st)
		}
		r := a.send(t, "GET", problemBase+slug, "", nil).must(t, 200, "page of "+slug)
		if ct := r.header.Get("Content-Type"); ct != "text/html; charset=utf-8" || !strings.Contains(string(r.body), html.EscapeString(p.TitleID)) ||
			!strings.Contains(string(r.body), html.EscapeString(p.TextEN)) {
			t.Errorf("page of %s: %s %.300s", slug, ct, r.body)
		}
		plain := a.send(t, "GET", problemBase+slug, "", nil, "Accept", "text/plain").must(t, 200, "plain page of "+slug)
		if !strings.HasPrefix(plain.header.Get("Content-Type"), "text/plain") || !strings.Contains(string(plain.body), p.TextID) {
			t.Errorf("plain page of %s: %s", slug, plain.body)
		}
	}
	index := a.send(t, "GET", "/problems/", "", nil).must(t, 200, "index")
	for _, slug := range types {
		if !strings.Contains(string(index.body), `href="`+slug+`"`) {
			t.Errorf("the index does not link %s", slug)
		}
	}
	a.send(t, "GET", "/problems/no-such-thing", "", nil).must(t, 404, "unknown type")
}

// TestProblemTypeLinksToItsPage shows that the type of a problem the server
// writes leads to the page explaining it, by default on the server itself.
func TestProblemTypeLinksToItsPage(t *testing.T) {
	a := newAPIServer(t)
	p := a.send(t, "GET", "/v1/nothing-here", "", nil).must(t, 404, "unknown path").problem(t)
	if p.Type != "/problems/not-found" {
		t.Fatalf("type %q", p.Type)
	}
	a.send(t, "GET", p.Type, "", nil).must(t, 200, "the type's page")
}

func TestProblemBaseURLIsConfigurable(t *testing.T) {
	a := newAPIServerServing(t, ServerConfig{ProblemBaseURL: "https://kinerja.bkd.example.go.id/masalah/"})
	p := a.send(t, "GET", "/v1/nothing-here", "", nil).must(t, 404, "unknown path").problem(t)
	if p.Type != "https://kinerja.bkd.example.go.id/masalah/not-found" {
		t.Fatalf("type %q", p.Type)
	}
	for _, bad := range []string{"kinerja.go.id/problems/", "ftp://x/problems/", "https://x/problems", "//x/problems/", "https:///p/", "/p/?q=1"} {
		if err := ValidateProblemBaseURL(bad); err == nil {
			t.Errorf("ValidateProblemBaseURL(%q) accepted it", bad)
		}
	}
	for _, good := range []string{"/problems/", "https://x.go.id/problems/", "http://127.0.0.1:8080/p/"} {
		if err := ValidateProblemBaseURL(good); err != nil {
			t.Errorf("ValidateProblemBaseURL(%q): %v", good, err)
		}
	}
}
