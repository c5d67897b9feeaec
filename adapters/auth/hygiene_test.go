package auth

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// hsToken signs claims with testSecret.
func hsToken(t *testing.T, c tokenClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	return "Bearer " + s
}

func claimsAt(iat, exp time.Time, aud ...string) tokenClaims {
	c := tokenClaims{Roles: []string{"pegawai"}, Instansi: "pemprov-x", RegisteredClaims: jwt.RegisteredClaims{
		Subject: "198609262015051001", ExpiresAt: jwt.NewNumericDate(exp), Audience: aud}}
	if !iat.IsZero() {
		c.IssuedAt = jwt.NewNumericDate(iat)
	}
	return c
}

func TestTokenHygiene(t *testing.T) {
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	plain, err := NewVerifier(Config{HS256Secret: testSecret, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	withAud, err := NewVerifier(Config{HS256Secret: testSecret, Audience: "kinerja-api", MaxTTL: 2 * time.Hour, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		v    *Verifier
		c    tokenClaims
		want string // "" accepts
	}{
		{"an hour", plain, claimsAt(now, now.Add(time.Hour)), ""},
		{"24 hours", plain, claimsAt(now, now.Add(24*time.Hour)), ""},
		{"25 hours", plain, claimsAt(now, now.Add(25*time.Hour)), "longer than"},
		{"a year without iat", plain, claimsAt(time.Time{}, now.Add(365*24*time.Hour)), "longer than"},
		{"an hour left without iat", plain, claimsAt(time.Time{}, now.Add(time.Hour)), ""},
		{"iat in the future", plain, claimsAt(now.Add(10*time.Minute), now.Add(time.Hour)), "iat"},
		{"iat within the leeway", plain, claimsAt(now.Add(10*time.Second), now.Add(time.Hour)), ""},
		{"aud right", withAud, claimsAt(now, now.Add(time.Hour), "other", "kinerja-api"), ""},
		{"aud missing", withAud, claimsAt(now, now.Add(time.Hour)), "aud"},
		{"aud wrong", withAud, claimsAt(now, now.Add(time.Hour), "other-api"), "aud"},
		{"over the configured max", withAud, claimsAt(now, now.Add(3*time.Hour), "kinerja-api"), "longer than"},
	}
	for _, c := range cases {
		_, err := c.v.Authenticate(context.Background(), hsToken(t, c.c))
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.want != "" && (!errors.Is(err, ErrUnauthenticated) || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: Authenticate = %v, want an error about %q", c.name, err, c.want)
		}
	}
}

func TestCheckSecret(t *testing.T) {
	random := make([]byte, 16)
	_, _ = rand.Read(random)
	good := []string{string(testSecret), hex.EncodeToString(random), "correct horse battery staple 1234!"}
	for _, s := range good {
		if err := CheckSecret([]byte(s)); err != nil {
			t.Errorf("CheckSecret(%q) = %v", s, err)
		}
	}
	bad := []string{strings.Repeat("a", 32), strings.Repeat("ab", 32), strings.Repeat("password", 4),
		strings.Repeat("k", 64), "0123456789abcdef", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa0123456789",
		// A word of ten distinct bytes or more, repeated, passed: the estimate
		// counted every copy.
		strings.Repeat("kinerjasecret", 3), strings.Repeat("0123456789", 4), strings.Repeat("0123456789abcdef", 2) + "0123"}
	for _, s := range bad {
		if err := CheckSecret([]byte(s)); !errors.Is(err, ErrWeakSecret) {
			t.Errorf("CheckSecret(%q) = %v, want ErrWeakSecret", s, err)
		}
		if _, err := NewVerifier(Config{HS256Secret: []byte(s)}); err == nil {
			t.Errorf("NewVerifier accepted the secret %q", s)
		}
	}
}

// TestSlowJWKSDoesNotBlockCachedKids: while a refresh of the key set hangs
// on a slow server, tokens whose kid is cached are verified at once.
func TestSlowJWKSDoesNotBlockCachedKids(t *testing.T) {
	rk, _ := rsa.GenerateKey(rand.Reader, 2048)
	var fetches atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fetches.Add(1) > 1 {
			time.Sleep(2 * time.Second)
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": []map[string]string{rsaJWK("r1", &rk.PublicKey)}})
	}))
	defer srv.Close()
	var mu sync.Mutex
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	a, err := NewVerifier(Config{JWKSURL: srv.URL, JWKSRefresh: time.Minute, Now: clock})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tok := "Bearer " + sign(t, jwt.SigningMethodRS256, "r1", rk, now.Add(2*time.Minute))
	if _, err := a.Authenticate(ctx, tok); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	now = now.Add(2 * time.Minute) // the keys are stale: the next check starts a slow refresh.
	mu.Unlock()
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := a.Authenticate(ctx, tok)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	if took := time.Since(start); took > time.Second {
		t.Errorf("20 checks of a cached kid took %s while the key set was being fetched", took)
	}
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	// The refresh reaches the server in the background.
	for deadline := time.Now().Add(5 * time.Second); fetches.Load() < 2 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if n := fetches.Load(); n != 2 {
		t.Errorf("%d fetches, want 2 (one refresh in flight at a time)", n)
	}
	// A forged kid waits for the fetch in flight, is refused, and starts no
	// fetch of its own.
	forged := "Bearer " + sign(t, jwt.SigningMethodRS256, "forged", rk, now)
	if _, err := a.Authenticate(ctx, forged); err == nil {
		t.Error("a token with an unknown kid was accepted")
	}
	if n := fetches.Load(); n != 2 {
		t.Errorf("%d fetches after a forged kid, want 2", n)
	}
}
