// Package kinerja_test holds the architecture test: the rules of DESIGN.md
// on which package may import which, checked on every non-test Go file of
// the module.
package kinerja_test

import (
	"fmt"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/kinerja/kinerja"

// adapterEdges lists the imports from one adapter package to another that
// are allowed, each with the reason. Every other adapter → adapter import
// is refused: adapters meet through ports that the inner layers declare
// and that cmd wires.
var adapterEdges = map[[2]string]string{
	{"adapters/eventbus", "adapters/readside"}: "readside is the read-side port: what a projection is and how a batch is applied with its checkpoint; the Watermill runtime drives it",
	{"adapters/rebuild", "adapters/readside"}:  "rebuilds and replays apply batches through the same read-side port as the runtime",
	{"adapters/httpapi", "adapters/readside"}:  "read endpoints answer with checkpoints, min_position waits and projection status of the read-side port",
	{"adapters/httpapi", "adapters/rebuild"}:   "the inspectorate's replay endpoints serve rebuild's replay and diff types and errors (API.Replays is declared in httpapi)",
	{"adapters/httpapi", "adapters/evaldoc"}:   "GET /v1/skp/{nip}/{year}/document.pdf renders the evaluation document with evaldoc",
	{"adapters/httpapi", "adapters/csvimport"}: "the Importer port httpapi declares takes csvimport's request, report and row-error types",
}

// driver is the one module outside the standard library that projections
// and migrations may use: the SQL driver.
const driver = "github.com/jackc/pgx/v5"

// isDriver reports whether an import path belongs to the SQL driver.
func isDriver(path string) bool { return path == driver || strings.HasPrefix(path, driver+"/") }

// checkImport returns why the package from may not import to, or nil. Both
// are import paths; from is inside the module.
func checkImport(from, to string) error {
	rel := strings.TrimPrefix(strings.TrimPrefix(from, module), "/")
	inModule := to == module || strings.HasPrefix(to, module+"/")
	toRel := strings.TrimPrefix(strings.TrimPrefix(to, module), "/")
	std := isStandard(to)
	switch {
	case inModule && (toRel == "cmd" || strings.HasPrefix(toRel, "cmd/")):
		return fmt.Errorf("only cmd wires: nothing imports %s", toRel)
	case layer(rel) == "domain":
		if std || (inModule && layer(toRel) == "domain") {
			return nil
		}
		return fmt.Errorf("domain imports the standard library and the domain only")
	case layer(rel) == "migrations":
		if std || (inModule && layer(toRel) == "migrations") || isDriver(to) {
			return nil
		}
		return fmt.Errorf("migrations import the standard library and the SQL driver only")
	case layer(rel) == "projections":
		if std || (inModule && (layer(toRel) == "domain" || layer(toRel) == "projections")) {
			return nil
		}
		if isDriver(to) || (isTestSupport(rel) && isTestLibrary(to)) {
			return nil
		}
		if inModule {
			return fmt.Errorf("projections import the domain and other projections only, never %s", layer(toRel))
		}
		return fmt.Errorf("projections use only the standard library and %s outside the module", driver)
	case layer(rel) == "adapters":
		if isTestSupport(rel) {
			return nil
		}
		if inModule && layer(toRel) == "adapters" && adapterOf(rel) != adapterOf(toRel) {
			if _, ok := adapterEdges[[2]string{adapterOf(rel), adapterOf(toRel)}]; !ok {
				return fmt.Errorf("adapters never import each other except through documented ports (add the edge to adapterEdges with its reason)")
			}
		}
		return nil
	}
	return nil
}

// layer returns the top directory of a module-relative path.
func layer(rel string) string {
	top, _, _ := strings.Cut(rel, "/")
	return top
}

// adapterOf returns the adapter a module-relative path under adapters/
// belongs to ("adapters/pgstore/usecases" belongs to "adapters/pgstore").
// A test-support package (its name ends in "test", such as
// "adapters/httpapi/httpapitest") is not part of its parent: it wires real
// adapters for tests as cmd does for production, so it may import any
// adapter, and the adapter it sits in gains no edge by it.
func adapterOf(rel string) string {
	if isTestSupport(rel) {
		return rel
	}
	parts := strings.SplitN(rel, "/", 3)
	if len(parts) < 2 {
		return rel
	}
	return parts[0] + "/" + parts[1]
}

// isTestLibrary reports whether an import path is the one test library a
// test-support package may use outside the module (go-cmp, as tests do).
func isTestLibrary(path string) bool { return strings.HasPrefix(path, "github.com/google/go-cmp/") }

// isTestSupport reports whether a module-relative path is a test-support
// package: its last element ends in "test" (eventstoretest, httpapitest).
func isTestSupport(rel string) bool {
	return strings.HasSuffix(rel[strings.LastIndex(rel, "/")+1:], "test")
}

// isStandard reports whether an import path is of the standard library:
// its first element has no dot.
func isStandard(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// TestImportRules is the table of forbidden (and some allowed) pairs: it
// shows that checkImport refuses a deliberately wrong import.
func TestImportRules(t *testing.T) {
	m := func(p string) string { return module + "/" + p }
	cases := []struct {
		from, to string
		ok       bool
	}{
		{m("domain/skp"), "github.com/jackc/pgx/v5", false},
		{m("domain/skp"), m("adapters/pgstore"), false},
		{m("domain/skp"), m("projections/standings"), false},
		{m("domain/command"), m("cmd/kinerja"), false},
		{m("projections/standings"), m("adapters/pgstore"), false},
		{m("projections/standings"), m("adapters/eventbus"), false},
		{m("projections/standings"), "github.com/gorilla/mux", false},
		{m("projections/history"), "github.com/ThreeDotsLabs/watermill", false},
		{m("projections/history"), "github.com/google/go-cmp/cmp", false},
		{m("projections/projectiontest"), "github.com/google/go-cmp/cmp", true},
		{m("projections/projectiontest"), m("adapters/pgstore"), false},
		{m("adapters/httpapi"), m("cmd/kinerja"), false},
		{m("adapters/pgstore"), m("adapters/httpapi"), false},
		{m("adapters/httpapi"), m("adapters/pgstore"), false},
		{m("adapters/httpapi"), m("adapters/eventbus"), false},
		{m("adapters/readside"), m("adapters/eventbus"), false},
		{m("adapters/httpapi"), m("adapters/readside"), true},
		{m("adapters/httpapi/httpapitest"), m("adapters/pgstore"), true},
		{m("adapters/httpapi/security"), m("adapters/pgstore"), false},
		{m("migrations"), m("domain/skp"), false},
		{m("migrations"), "github.com/ThreeDotsLabs/watermill", false},
		{m("domain/skp"), "encoding/json", true},
		{m("domain/command"), m("domain/skp"), true},
		{m("projections/standings"), "github.com/jackc/pgx/v5/pgxpool", true},
		{m("projections/standings"), m("domain/skp"), true},
		{m("adapters/httpapi"), m("projections/standings"), true},
		{m("adapters/pgstore/usecases"), m("adapters/pgstore"), true},
		{m("cmd/kinerja"), m("adapters/httpapi"), true},
	}
	for _, c := range cases {
		err := checkImport(c.from, c.to)
		if (err == nil) != c.ok {
			t.Errorf("checkImport(%s, %s) = %v, want allowed=%v", c.from, c.to, err, c.ok)
		}
	}
	for edge, why := range adapterEdges {
		if strings.TrimSpace(why) == "" {
			t.Errorf("adapter edge %s → %s has no documented reason", edge[0], edge[1])
		}
	}
}

// TestArchitecture checks every non-test Go file of the module against the
// import rules.
func TestArchitecture(t *testing.T) {
	var bad []string
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		from := module + "/" + filepath.ToSlash(filepath.Dir(path))
		for _, imp := range f.Imports {
			to, _ := strconv.Unquote(imp.Path.Value)
			if err := checkImport(from, to); err != nil {
				bad = append(bad, fmt.Sprintf("%s imports %s: %v", path, to, err))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(bad)
	for _, b := range bad {
		t.Error(b)
	}
	if _, err := os.Stat("go.mod"); err != nil {
		t.Fatalf("the architecture test must run at the module root: %v", err)
	}
}
