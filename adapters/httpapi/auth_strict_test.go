package httpapi

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// badSubs are token subjects that are not a NIP or NI PPPK, some of them
// made to be printed: a slash, a zero-width space, NUL, a right-to-left
// override.
var badSubs = []string{"19870724/2012032632", pegawai + "\u200b", pegawai + "\x00", "\u202e" + pegawai, "kinerja-import"}

// checkNoSubEchoed fails the test when body holds sub or, escaped or not,
// one of the characters badSubs are made of.
func checkNoSubEchoed(t *testing.T, what, sub string, body []byte) {
	t.Helper()
	for _, s := range []string{sub, "2012032632", "\u200b", `\u200b`, `\u0000`, "\u202e", `\u202e`, "kinerja-import"} {
		if strings.Contains(string(body), s) {
			t.Errorf("%s: the problem echoes %q: %s", what, s, body)
		}
	}
}

// TestTokenSubMustBeANIP: a validly signed token whose sub is not a NIP or
// NI PPPK is a 401 like a token without sub, whose problem does not echo
// the sub; before, it was a 400 naming an invalid stream
// "employee-<sub>", NUL and bidirectional characters included.
func TestTokenSubMustBeANIP(t *testing.T) {
	a := newAPIServer(t)
	a.seed(t)
	for _, sub := range badSubs {
		tok := a.token(t, sub, instansi, actor.HR)
		what := fmt.Sprintf("sub %q", sub)
		a.denied(t, 401, TypeUnauthorized, what, "GET", "/v1/employees/"+pegawai, tok, nil)
		r := a.send(t, "GET", "/v1/employees/"+pegawai, tok, nil)
		if p := r.problem(t); !strings.Contains(p.Detail, "no valid sub") {
			t.Errorf("%s: detail %q, want one about the sub", what, p.Detail)
		}
		checkNoSubEchoed(t, what, sub, r.body)
	}
}

// anySub is an Authenticator that lets any subject through, as an
// identity provider's adapter other than package auth might: sub, as HR.
type anySub struct{ sub *atomic.Value }

func (a anySub) Authenticate(context.Context, string) (Principal, error) {
	return Principal{NIP: a.sub.Load().(string), Roles: []actor.Role{actor.HR}, Instansi: instansi}, nil
}

// TestServerRefusesASubThatIsNotANIP: whatever the Authenticator lets
// through, a subject that is not a NIP or NI PPPK is a 401 before it names
// a stream, on every route kind (a read, a write, the live stream).
func TestServerRefusesASubThatIsNotANIP(t *testing.T) {
	var current atomic.Value
	a := newAPIServer(t, func(api *API, _ *pgtest.Schema) { api.Auth = anySub{&current} })
	for _, sub := range badSubs {
		current.Store(sub)
		what := fmt.Sprintf("sub %q", sub)
		for _, c := range []struct {
			method, path string
			body         any
		}{
			{"GET", "/v1/employees/" + pegawai, nil},
			{"POST", "/v1/employees/" + pegawai + "/golongan", map[string]any{"golongan": "III/c", "tmt": "2025-01-01"}},
			{"GET", "/v1/me/events", nil},
		} {
			r := a.send(t, c.method, c.path, "any", c.body)
			if r.status != 401 || r.problem(t).Type != TypeUnauthorized {
				t.Errorf("%s, %s %s: status %d, want 401: %s", what, c.method, c.path, r.status, r.body)
			}
			checkNoSubEchoed(t, what, sub, r.body)
		}
	}
}

// TestAmbiguousTokenJSONIs401: a validly signed token with roles twice
// (encoding/json keeps the last: hr and admin), a crit header or an exp
// given as a string is a 401 at the API (adapters/auth tests every
// algorithm path).
func TestAmbiguousTokenJSONIs401(t *testing.T) {
	a := newAPIServer(t)
	a.seed(t)
	exp := a.clock.Now().Add(time.Hour).Unix()
	hs := func(header, payload string) string {
		in := base64.RawURLEncoding.EncodeToString([]byte(header)) + "." + base64.RawURLEncoding.EncodeToString([]byte(payload))
		sig, err := jwt.SigningMethodHS256.Sign(in, testSecret)
		if err != nil {
			t.Fatal(err)
		}
		return in + "." + base64.RawURLEncoding.EncodeToString(sig)
	}
	const header = `{"alg":"HS256","typ":"JWT"}`
	payload := func(roles, exp string) string {
		return fmt.Sprintf(`{"sub":%q,"roles":["pegawai"]%s,"instansi":%q,"exp":%s}`, pegawai, roles, instansi, exp)
	}
	good := hs(header, payload("", fmt.Sprint(exp)))
	a.send(t, "GET", "/v1/employees/"+pegawai, good, nil).must(t, 200, "the pegawai reads their record")
	for what, tok := range map[string]string{
		"roles twice":     hs(header, payload(`,"roles":["hr","admin"]`, fmt.Sprint(exp))),
		"crit":            hs(`{"alg":"HS256","typ":"JWT","crit":["x"],"x":1}`, payload("", fmt.Sprint(exp))),
		"exp as a string": hs(header, payload("", fmt.Sprintf(`"%d"`, exp))),
	} {
		a.denied(t, 401, TypeUnauthorized, what, "GET", "/v1/employees/"+rekan, tok, nil)
	}
}
