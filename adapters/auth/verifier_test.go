package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
)

var testSecret = []byte("4f1c9e27b8d3a6051e7f2c94d8b3a6e0c5f19d2e7b4a8c3061f9e2d7b5a4c830")

func TestHS256Tokens(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	a, err := NewVerifier(Config{HS256Secret: testSecret, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	want := Principal{NIP: "198609262015051001", Roles: []actor.Role{actor.Pegawai, actor.HR}, Instansi: "pemprov-x"}
	good, _ := MintHS256(testSecret, want, now, time.Hour)
	got, err := a.Authenticate(context.Background(), "Bearer "+good)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("principal (-want +got):\n%s", diff)
	}
	expired, _ := MintHS256(testSecret, want, now.Add(-3*time.Hour), time.Hour)
	wrongKey, _ := MintHS256([]byte("another-secret-another-secret-xx"), want, now, time.Hour)
	noExp, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{"sub": want.NIP, "roles": []string{"hr"}, "instansi": "x"}).SignedString(testSecret)
	badRole, _ := MintHS256(testSecret, Principal{NIP: want.NIP, Roles: []actor.Role{"king"}, Instansi: "x"}, now, time.Hour)
	noInstansi, _ := MintHS256(testSecret, Principal{NIP: want.NIP, Roles: []actor.Role{actor.HR}}, now, time.Hour)
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none"}`)) + "." + strings.Split(good, ".")[1] + "."
	cases := map[string]string{
		"":                     "Bearer <token>",
		"Basic abc":            "Bearer <token>",
		"Bearer " + expired:    "expired",
		"Bearer " + wrongKey:   "signature",
		"Bearer " + noExp:      "exp",
		"Bearer " + badRole:    "unknown role",
		"Bearer " + noInstansi: "instansi",
		"Bearer " + none:       "signature",
		"Bearer not.a.token":   "malformed",
	}
	for header, want := range cases {
		_, err := a.Authenticate(context.Background(), header)
		if !errors.Is(err, ErrUnauthenticated) || !strings.Contains(err.Error(), want) {
			t.Errorf("Authenticate(%.30q) = %v, want an error about %q", header, err, want)
		}
	}
}

// keyServer is an httptest JWKS endpoint whose keys can change.
type keyServer struct {
	*httptest.Server
	keys    atomic.Value // []map[string]string
	fetches atomic.Int32
}

func newKeyServer(t *testing.T) *keyServer {
	ks := &keyServer{}
	ks.keys.Store([]map[string]string{})
	ks.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ks.fetches.Add(1)
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": ks.keys.Load()})
	}))
	t.Cleanup(ks.Close)
	return ks
}

func rsaJWK(kid string, k *rsa.PublicKey) map[string]string {
	return map[string]string{"kty": "RSA", "kid": kid, "alg": "RS256", "use": "sig",
		"n": base64.RawURLEncoding.EncodeToString(k.N.Bytes()),
		"e": base64.RawURLEncoding.EncodeToString(big.NewInt(int64(k.E)).Bytes())}
}

func ecJWK(kid string, k *ecdsa.PrivateKey) map[string]string {
	b, _ := k.PublicKey.Bytes() // 0x04 || X || Y
	return map[string]string{"kty": "EC", "kid": kid, "crv": "P-256", "alg": "ES256",
		"x": base64.RawURLEncoding.EncodeToString(b[1:33]), "y": base64.RawURLEncoding.EncodeToString(b[33:])}
}

func sign(t *testing.T, m jwt.SigningMethod, kid string, key any, now time.Time) string {
	t.Helper()
	tok := jwt.NewWithClaims(m, tokenClaims{Roles: []string{"pegawai"}, Instansi: "pemprov-x",
		RegisteredClaims: jwt.RegisteredClaims{Subject: "198609262015051001", ExpiresAt: jwt.NewNumericDate(now.Add(time.Hour))}})
	tok.Header["kid"] = kid
	s, err := tok.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestJWKSTokensAndRotation(t *testing.T) {
	rk, _ := rsa.GenerateKey(rand.Reader, 2048)
	ek, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ks := newKeyServer(t)
	ks.keys.Store([]map[string]string{rsaJWK("r1", &rk.PublicKey)})
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	a, err := NewVerifier(Config{JWKSURL: ks.URL, JWKSRefresh: time.Hour, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := a.Authenticate(ctx, "Bearer "+sign(t, jwt.SigningMethodRS256, "r1", rk, now)); err != nil {
		t.Fatalf("RS256: %v", err)
	}
	if _, err := a.Authenticate(ctx, "Bearer "+sign(t, jwt.SigningMethodRS256, "r1", rk, now)); err != nil || ks.fetches.Load() != 1 {
		t.Fatalf("second RS256: %v, %d fetches (want the cache)", err, ks.fetches.Load())
	}
	// A new key appears: an unknown kid refetches, but not more often than minJWKSRefetch.
	ks.keys.Store([]map[string]string{rsaJWK("r1", &rk.PublicKey), ecJWK("e1", ek)})
	es := "Bearer " + sign(t, jwt.SigningMethodES256, "e1", ek, now)
	if _, err := a.Authenticate(ctx, es); err == nil {
		t.Fatal("unknown kid accepted within the refetch interval")
	}
	now = now.Add(minJWKSRefetch)
	if _, err := a.Authenticate(ctx, es); err != nil {
		t.Fatalf("ES256 after rotation: %v", err)
	}
	fetched := ks.fetches.Load()
	now = now.Add(time.Hour) // older than JWKSRefresh: fetched again, even for a known kid.
	if _, err := a.Authenticate(ctx, "Bearer "+sign(t, jwt.SigningMethodRS256, "r1", rk, now)); err != nil {
		t.Fatalf("after JWKSRefresh: %v", err)
	}
	// The refresh runs in the background, the known kid verified meanwhile.
	for deadline := time.Now().Add(5 * time.Second); ks.fetches.Load() != fetched+1 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if ks.fetches.Load() != fetched+1 {
		t.Fatalf("after JWKSRefresh: %d fetches, want %d", ks.fetches.Load(), fetched+1)
	}
	hs, _ := MintHS256(testSecret, Principal{NIP: "198609262015051001", Roles: []actor.Role{actor.Pegawai}, Instansi: "x"}, now, time.Hour)
	if _, err := a.Authenticate(ctx, "Bearer "+hs); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("an HS256 token was accepted by a JWKS authenticator: %v", err)
	}
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	if _, err := a.Authenticate(ctx, "Bearer "+sign(t, jwt.SigningMethodRS256, "r1", other, now)); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("a token signed by a foreign key was accepted: %v", err)
	}
}

func TestConfigValidate(t *testing.T) {
	bad := []Config{{}, {HS256Secret: []byte("short")}, {HS256Secret: []byte(strings.Repeat("a", 32))}, {HS256Secret: testSecret, JWKSURL: "https://x"}, {JWKSURL: "ftp://x"}}
	for _, c := range bad {
		if _, err := NewVerifier(c); err == nil {
			t.Errorf("NewVerifier(%+v) accepted", c)
		}
	}
}
