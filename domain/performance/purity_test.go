package performance

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestDomainImportsStandardLibraryOnly enforces the rule of DESIGN.md that
// every package under domain/ depends, transitively, only on the standard
// library and on other domain packages. Test-only imports are not checked.
func TestDomainImportsStandardLibraryOnly(t *testing.T) {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("runtime.Caller failed; cannot locate the domain directory")
	}
	domainDir := filepath.Join(filepath.Dir(file), "..")
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go tool is not on PATH: %v", err)
	}
	cmd := exec.Command(goTool, "list", "-e", "-deps", "-f", "{{.ImportPath}}", "./...")
	cmd.Dir = domainDir
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list -deps ./... in %s: %v", domainDir, err)
	}
	const allowed = "github.com/kinerja/kinerja/domain"
	var bad []string
	for _, path := range strings.Fields(string(out)) {
		first, _, _ := strings.Cut(path, "/")
		if !strings.Contains(first, ".") || path == allowed || strings.HasPrefix(path, allowed+"/") {
			continue
		}
		bad = append(bad, path)
	}
	if len(bad) > 0 {
		t.Errorf("domain packages depend on packages outside the standard library: %s", strings.Join(bad, ", "))
	}
	if !strings.Contains(string(out), allowed+"/performance") {
		t.Errorf("go list output does not include this package; is %s the domain directory?\n%s", domainDir, out)
	}
}
