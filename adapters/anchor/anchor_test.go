package anchor_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/anchor"
)

func testKey(t *testing.T, seedByte byte) ed25519.PrivateKey {
	t.Helper()
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seedByte}, ed25519.SeedSize))
}

func signed(t *testing.T, key ed25519.PrivateKey) anchor.Signed {
	t.Helper()
	h := sha256.Sum256([]byte("head"))
	a, err := anchor.Sign(key, anchor.New(42, h[:], time.Date(2025, 3, 31, 17, 0, 0, 5, time.FixedZone("WIB", 7*3600)), "pemprov-jabar", ""))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestSignVerifyJSONRoundTrip(t *testing.T) {
	key := testKey(t, 1)
	a := signed(t, key)
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"time":"2025-03-31T10:00:00Z"`) || !strings.Contains(string(b), `"position":42`) {
		t.Fatalf("JSON = %s", b)
	}
	var back anchor.Signed
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if err := anchor.Verify(back, nil); err != nil {
		t.Fatalf("verify with the embedded key: %v", err)
	}
	if err := anchor.Verify(back, key.Public().(ed25519.PublicKey)); err != nil {
		t.Fatalf("verify with the trusted key: %v", err)
	}
}

func TestVerifyRejects(t *testing.T) {
	key, other := testKey(t, 1), testKey(t, 2)
	trusted := key.Public().(ed25519.PublicKey)
	cases := []struct {
		name    string
		edit    func(a *anchor.Signed)
		trusted ed25519.PublicKey
		want    error
	}{
		{"edited position", func(a *anchor.Signed) { a.Statement.Position = 41 }, nil, anchor.ErrBadSignature},
		{"edited hash", func(a *anchor.Signed) { a.Statement.HeadHash = strings.Repeat("ab", 32) }, trusted, anchor.ErrBadSignature},
		{"edited time", func(a *anchor.Signed) { a.Statement.Time = a.Statement.Time.Add(time.Hour) }, nil, anchor.ErrBadSignature},
		{"edited instansi", func(a *anchor.Signed) { a.Statement.Instansi = "pemkot-bandung" }, nil, anchor.ErrBadSignature},
		{"flipped signature bit", func(a *anchor.Signed) { a.Signature[7] ^= 1 }, trusted, anchor.ErrBadSignature},
		{"key swapped, old key id", func(a *anchor.Signed) { a.PublicKey = other.Public().(ed25519.PublicKey) }, nil, anchor.ErrBadSignature},
		{"forged with another key", func(a *anchor.Signed) { *a = signed(t, other) }, trusted, anchor.ErrUntrustedKey},
		{"no hash", func(a *anchor.Signed) { a.Statement.HeadHash = "" }, nil, anchor.ErrMalformed},
		{"short signature", func(a *anchor.Signed) { a.Signature = a.Signature[:10] }, nil, anchor.ErrMalformed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := signed(t, key)
			a.Signature = append([]byte(nil), a.Signature...)
			c.edit(&a)
			if err := anchor.Verify(a, c.trusted); !errors.Is(err, c.want) {
				t.Fatalf("Verify = %v, want %v", err, c.want)
			}
		})
	}
}

func TestParseKeys(t *testing.T) {
	privPEM, pubPEM, err := anchor.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	priv, err := anchor.ParsePrivateKey(privPEM)
	if err != nil {
		t.Fatal(err)
	}
	pub := priv.Public().(ed25519.PublicKey)
	seed := base64.StdEncoding.EncodeToString(priv.Seed()) + "\n"
	fromSeed, err := anchor.ParsePrivateKey([]byte(seed))
	if err != nil || !fromSeed.Equal(priv) {
		t.Fatalf("base64 seed: %v", err)
	}
	for name, in := range map[string][]byte{
		"PEM": pubPEM, "base64": []byte(base64.StdEncoding.EncodeToString(pub)), "private PEM": privPEM,
	} {
		got, err := anchor.ParsePublicKey(in)
		if err != nil || !got.Equal(pub) {
			t.Errorf("public key from %s: %v", name, err)
		}
	}
	for _, bad := range []string{"", "not a key", base64.StdEncoding.EncodeToString([]byte("short")), string(pubPEM)} {
		if _, err := anchor.ParsePrivateKey([]byte(bad)); err == nil {
			t.Errorf("ParsePrivateKey(%q) accepted", bad)
		}
	}
	if len(anchor.KeyID(pub)) != 16 {
		t.Fatalf("KeyID = %q", anchor.KeyID(pub))
	}
}
