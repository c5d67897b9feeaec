package httpapi

import (
	"errors"
	"net/http"
	"regexp"
	"testing"

	"github.com/kinerja/kinerja/domain/actor"
)

// integerVar matches a path variable whose pattern admits digits only, the
// integer path parameters: {year:…}, {window:…}, {no:…}.
var integerVar = regexp.MustCompile(`\{([a-z]+):([^{}]|\{[^{}]*\})*\}`)

// TestPathIntegersAreCanonicalOnly sends, to every route of the route
// table with every method, each integer path parameter spelt with a
// leading zero (window 01, feedback 01, year 0999) or a sign (+1): each is
// a 404 problem like any path that names no resource, with a token that
// has every role, and nothing is appended. /windows/01/close once closed
// window 1.
func TestPathIntegersAreCanonicalOnly(t *testing.T) {
	a, _ := approvedSKP(t)
	a.clock.Set(day(4, 4)) // window 1 is over: closing it would succeed
	all := a.token(t, hrNIP, instansi, actor.HR, actor.Admin, actor.Auditor, actor.Inspektorat,
		actor.Pimpinan, actor.PejabatPenilai, actor.Pegawai)
	spellings := map[string][]string{"year": {"0999", "+2025", "%2B2025", "2025.0"}, "window": {"01", "00", "+1", "%2B1", "1.0"},
		"no": {"01", "001", "0001", "+1"}}
	before := a.head(t)
	checked := map[string]bool{}
	for _, rt := range a.srv.Routes() {
		for _, m := range integerVar.FindAllStringSubmatch(rt.Path, -1) {
			name := m[1]
			bad, ok := spellings[name]
			if !ok {
				continue
			}
			checked[name] = true
			for _, method := range rt.Methods {
				for _, v := range bad {
					path := fixturePath(t, rt.Path, map[string]string{name: v})
					r := a.send(t, method, path, all, nil)
					if r.status != http.StatusNotFound {
						t.Errorf("%s %s: %d, want 404: %.300s", method, path, r.status, r.body)
						continue
					}
					if method != http.MethodHead && r.problem(t).Type != TypeNotFound {
						t.Errorf("%s %s: %s", method, path, r.body)
					}
				}
			}
		}
	}
	for _, name := range []string{"year", "window", "no"} {
		if !checked[name] {
			t.Errorf("no route has the integer path parameter %s", name)
		}
	}
	if after := a.head(t); after != before {
		t.Errorf("the sweep appended to the log: head %d → %d", before, after)
	}
	// The canonical spellings still reach the handlers.
	a.send(t, "GET", "/v1/periods/"+instansi+"/2025", all, nil).must(t, 200, "the period")
	a.send(t, "POST", "/v1/periods/"+instansi+"/2025/windows/1/close", all, nil).must(t, 200, "close window 1")
}

// TestPathIntNamesNoResourceForAnotherSpelling checks pathInt, behind the
// routes' patterns: only the canonical spelling is a number.
func TestPathIntNamesNoResourceForAnotherSpelling(t *testing.T) {
	for v, want := range map[string]int{"0": 0, "1": 1, "12": 12, "2025": 2025} {
		if n, err := (&call{vars: map[string]string{"window": v}}).pathInt("window"); err != nil || n != want {
			t.Errorf("pathInt(%q) = %d, %v; want %d", v, n, err, want)
		}
	}
	for _, v := range []string{"01", "00", "+1", "-1", "1.0", " 1", "", "99999999999999999999"} {
		_, err := (&call{vars: map[string]string{"window": v}}).pathInt("window")
		var re *requestError
		if !errors.As(err, &re) || re.typ != TypeNotFound {
			t.Errorf("pathInt(%q): %v, want a not-found problem", v, err)
		}
	}
}
