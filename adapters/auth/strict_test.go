package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/golang-jwt/jwt/v5"
	"github.com/kinerja/kinerja/domain/actor"
)

// rawToken is a bearer token whose header and payload are the JSON texts
// given, signed with m and key: JSON that no encoder would produce.
func rawToken(t *testing.T, m jwt.SigningMethod, key any, header, payload string) string {
	t.Helper()
	in := base64.RawURLEncoding.EncodeToString([]byte(header)) + "." + base64.RawURLEncoding.EncodeToString([]byte(payload))
	sig, err := m.Sign(in, key)
	if err != nil {
		t.Fatal(err)
	}
	return "Bearer " + in + "." + base64.RawURLEncoding.EncodeToString(sig)
}

// strictSigner is one algorithm path of the verifier: a verifier and how
// to sign for it.
type strictSigner struct {
	m   jwt.SigningMethod
	key any
	kid string
	v   *Verifier
}

// strictSigners returns the HS256 path and the JWKS paths (RS256, ES256).
func strictSigners(t *testing.T, clock func() time.Time) []strictSigner {
	t.Helper()
	hs, err := NewVerifier(Config{HS256Secret: testSecret, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	rk, _ := rsa.GenerateKey(rand.Reader, 2048)
	ek, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ks := newKeyServer(t)
	ks.keys.Store([]map[string]string{rsaJWK("r1", &rk.PublicKey), ecJWK("e1", ek)})
	jw, err := NewVerifier(Config{JWKSURL: ks.URL, JWKSRefresh: time.Hour, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	return []strictSigner{{jwt.SigningMethodHS256, testSecret, "h1", hs}, {jwt.SigningMethodRS256, rk, "r1", jw},
		{jwt.SigningMethodES256, ek, "e1", jw}}
}

// TestStrictTokenJSON: a validly signed token whose JSON encoding/json
// would read leniently is refused by every algorithm path: a member name
// twice (last-wins let a second roles grant hr), a crit header naming
// extensions the server does not understand, and an exp, iat or nbf that
// is not a JSON number.
func TestStrictTokenJSON(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	exp, iat := now.Add(time.Hour).Unix(), now.Unix()
	claims := func(extra string) string {
		return fmt.Sprintf(`{"sub":"198609262015051001","roles":["pegawai"],"instansi":"pemprov-x","exp":%d%s}`, exp, extra)
	}
	without := func(extra string) string {
		return `{"sub":"198609262015051001","roles":["pegawai"],"instansi":"pemprov-x"` + extra + "}"
	}
	cases := []struct {
		name, header, payload, want string // want "" accepts
	}{
		{"plain", "", claims(fmt.Sprintf(`,"iat":%d,"nbf":%d`, iat, iat)), ""},
		{"a member of another claim may repeat a name", "", claims(`,"x":[{"a":1},{"a":2}]`), ""},
		{"roles twice", "", claims(`,"roles":["hr","admin"]`), "distinct claim names"},
		{"roles again in capitals", "", claims(`,"ROLES":["hr","admin"]`), "distinct claim names"},
		{"roles again, escaped", "", claims(`,"r\u006fles":["hr","admin"]`), "distinct claim names"},
		{"sub again with a long s", "", claims(`,"ſub":"198202022006042005"`), "distinct claim names"},
		{"a name twice inside a claim", "", claims(`,"x":{"a":1,"a":2}`), "distinct claim names"},
		{"data after the payload", "", claims("") + `{"roles":["hr"]}`, "distinct claim names"},
		{"alg twice in the header", `,"alg":"none"`, claims(""), "header"},
		{"kid twice in the header", `,"KID":"other"`, claims(""), "header"},
		{"crit", `,"crit":["exp"]`, claims(""), "crit"},
		{"crit empty", `,"crit":[]`, claims(""), "crit"},
		{"exp as a string", "", without(fmt.Sprintf(`,"exp":"%d"`, exp)), "JSON number"},
		{"Exp as a string", "", without(fmt.Sprintf(`,"Exp":"%d"`, exp)), "JSON number"},
		{"exp null", "", without(`,"exp":null`), "JSON number"},
		{"iat as a string", "", claims(fmt.Sprintf(`,"iat":"%d"`, iat)), "JSON number"},
		{"nbf as a string", "", claims(fmt.Sprintf(`,"nbf":"%d"`, iat)), "JSON number"},
		{"exp as an array", "", without(fmt.Sprintf(`,"exp":[%d]`, exp)), "JSON number"},
	}
	for _, s := range strictSigners(t, func() time.Time { return now }) {
		for _, c := range cases {
			header := fmt.Sprintf(`{"alg":%q,"typ":"JWT","kid":%q%s}`, s.m.Alg(), s.kid, c.header)
			_, err := s.v.Authenticate(context.Background(), rawToken(t, s.m, s.key, header, c.payload))
			switch {
			case c.want == "" && err != nil:
				t.Errorf("%s, %s: refused: %v", s.m.Alg(), c.name, err)
			case c.want != "" && (!errors.Is(err, ErrUnauthenticated) || !strings.Contains(err.Error(), c.want)):
				t.Errorf("%s, %s: Authenticate = %v, want an error about %q", s.m.Alg(), c.name, err, c.want)
			}
		}
	}
}

// TestSubMustBeANIP: a validly signed token whose sub is not a NIP or NI
// PPPK is refused as unauthenticated, and the error does not echo the sub
// (which may hold NUL or bidirectional characters).
func TestSubMustBeANIP(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	v, err := NewVerifier(Config{HS256Secret: testSecret, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	const nip = "198609262015051001"
	mint := func(sub string) string {
		tok, err := MintHS256(testSecret, Principal{NIP: sub, Roles: []actor.Role{actor.Pegawai}, Instansi: "pemprov-x"}, now, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		return "Bearer " + tok
	}
	for _, ok := range []string{nip, "198609262015211001"} { // a NIP, an NI PPPK
		if _, err := v.Authenticate(context.Background(), mint(ok)); err != nil {
			t.Errorf("sub %q refused: %v", ok, err)
		}
	}
	for _, sub := range []string{"19870724/2012032632", nip + "\u200b", nip + "\x00", "\u202e" + nip, "\u202e1001", nip + "x",
		"19860926201505100", "198609262015131001", "kinerja-import", ""} {
		_, err := v.Authenticate(context.Background(), mint(sub))
		if !errors.Is(err, ErrUnauthenticated) || !strings.Contains(err.Error(), "no valid sub") {
			t.Errorf("sub %q: Authenticate = %v, want an error about the sub", sub, err)
			continue
		}
		if msg := err.Error(); (sub != "" && strings.Contains(msg, sub)) || strings.ContainsFunc(msg, func(r rune) bool {
			return r == 0 || unicode.Is(unicode.Cf, r) || unicode.IsControl(r)
		}) {
			t.Errorf("sub %q: the error %q echoes it", sub, msg)
		}
	}
}

// TestExpLeeway: exp is checked with Config.Leeway (30 s by default) of
// clock skew, as iat and nbf are: a token is accepted until 30 s after its
// exp, not from then on. docs/security.md says so.
func TestExpLeeway(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	v, err := NewVerifier(Config{HS256Secret: testSecret, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		expiredFor time.Duration
		ok         bool
	}{{0, true}, {29 * time.Second, true}, {30 * time.Second, false}, {time.Hour, false}} {
		_, err := v.Authenticate(context.Background(), hsToken(t, claimsAt(time.Time{}, now.Add(-c.expiredFor))))
		if c.ok != (err == nil) || (err != nil && !strings.Contains(err.Error(), "expired")) {
			t.Errorf("expired %s ago: Authenticate = %v, want accepted %v", c.expiredFor, err, c.ok)
		}
	}
}

// TestNonCanonicalSignature: a signature whose last base64url character
// has non-zero padding bits decodes to the same bytes as the canonical
// one; it is refused, so that a signed token has one spelling (a changed
// header or payload character already fails the signature).
func TestNonCanonicalSignature(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	v, err := NewVerifier(Config{HS256Secret: testSecret, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	good, err := MintHS256(testSecret, Principal{NIP: "198609262015051001", Roles: []actor.Role{actor.Pegawai}, Instansi: "x"}, now, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Authenticate(context.Background(), "Bearer "+good); err != nil {
		t.Fatal(err)
	}
	// An HS256 signature is 32 bytes: 43 characters, the last with 2 padding bits.
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	last := strings.IndexByte(alphabet, good[len(good)-1])
	flipped := good[:len(good)-1] + string(alphabet[last^1])
	if _, err := v.Authenticate(context.Background(), "Bearer "+flipped); !errors.Is(err, ErrUnauthenticated) {
		t.Errorf("a non-canonical signature was accepted: %v", err)
	}
}
