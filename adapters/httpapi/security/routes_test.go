package security

import (
	"regexp"
	"testing"

	"github.com/kinerja/kinerja/adapters/httpapi/httpapitest"
)

// pathVar matches a path variable of a route template, with its optional
// pattern: {nip} or {year:[1-9][0-9]{3}}.
var pathVar = regexp.MustCompile(`\{([a-z]+)(?::(?:[^{}]|\{[^{}]*\})*)?\}`)

// pathValues are the values the sweeps put in path variables: the
// fixture's own objects, so that requests reach the handlers.
func pathValues() map[string]string {
	return map[string]string{
		"nip": httpapitest.Pegawai, "year": httpapitest.Year, "window": "1", "code": "bidang-a",
		"instansi": httpapitest.Instansi, "iki": "iki-1", "no": "1", "kind": "units", "schema": "replay_missing",
		"type": "validation",
	}
}

// concrete fills the variables of a route template with vals; the value of
// the variable named poison, if any, gets suffix appended (already escaped
// for a URL).
func concrete(t *testing.T, tpl string, vals map[string]string, poison, suffix string) string {
	t.Helper()
	return pathVar.ReplaceAllStringFunc(tpl, func(v string) string {
		name := pathVar.FindStringSubmatch(v)[1]
		val, ok := vals[name]
		if !ok {
			t.Fatalf("route %s: no value for the path variable %s", tpl, name)
		}
		if name == poison {
			val += suffix
		}
		return val
	})
}

// varsOf returns the names of a route template's path variables.
func varsOf(tpl string) []string {
	var out []string
	for _, m := range pathVar.FindAllStringSubmatch(tpl, -1) {
		out = append(out, m[1])
	}
	return out
}
