package auth

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"sync"
	"time"
)

// minJWKSRefetch bounds how often an unknown kid makes the key set be fetched
// again, so that forged kids cannot turn the server into a load generator.
const minJWKSRefetch = 30 * time.Second

// jwks is a cached JSON Web Key Set fetched from a URL. Keys are fetched on
// first use, again when older than refresh, and again (at most every
// minJWKSRefetch) when a token names a kid the cache does not have, which is
// how a key rotation is picked up.
type jwks struct {
	url     string
	client  *http.Client
	refresh time.Duration
	now     func() time.Time

	mu      sync.Mutex
	keys    map[string]jwk
	fetched time.Time
}

// jwk is one usable verification key and the algorithm it is for.
type jwk struct {
	alg string
	key any
}

func newJWKS(url string, client *http.Client, refresh time.Duration, now func() time.Time) *jwks {
	return &jwks{url: url, client: client, refresh: refresh, now: now}
}

// key returns the key with kid for alg, fetching the set when needed.
func (j *jwks) key(ctx context.Context, kid, alg string) (any, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	now := j.now()
	stale := j.keys == nil || now.Sub(j.fetched) >= j.refresh
	k, ok := j.keys[kid]
	if stale || (!ok && now.Sub(j.fetched) >= minJWKSRefetch) {
		if err := j.fetchLocked(ctx); err != nil && j.keys == nil {
			return nil, err
		}
		k, ok = j.keys[kid]
	}
	if !ok {
		return nil, fmt.Errorf("no key with kid %q in the key set", kid)
	}
	if k.alg != "" && k.alg != alg {
		return nil, fmt.Errorf("key %q is for %s, not %s", kid, k.alg, alg)
	}
	return k.key, nil
}

// fetchLocked downloads and parses the key set; j.mu is held. On failure
// the previous keys stay in use until the next attempt.
func (j *jwks) fetchLocked(ctx context.Context) error {
	j.fetched = j.now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, j.url, nil)
	if err != nil {
		return fmt.Errorf("jwks: %w", err)
	}
	resp, err := j.client.Do(req)
	if err != nil {
		return fmt.Errorf("jwks: fetch: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("jwks: fetch: status %d", resp.StatusCode)
	}
	var set struct {
		Keys []rawJWK `json:"keys"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&set); err != nil {
		return fmt.Errorf("jwks: decode: %w", err)
	}
	keys := map[string]jwk{}
	for _, rk := range set.Keys {
		if k, err := rk.parse(); err == nil {
			keys[rk.Kid] = k
		}
	}
	j.keys = keys
	return nil
}

// rawJWK is a key as published (RFC 7517, 7518): RSA or EC P-256.
type rawJWK struct {
	Kty string `json:"kty"`
	Kid string `json:"kid"`
	Alg string `json:"alg"`
	Use string `json:"use"`
	N   string `json:"n"`
	E   string `json:"e"`
	Crv string `json:"crv"`
	X   string `json:"x"`
	Y   string `json:"y"`
}

// parse turns a published key into a verification key.
func (r rawJWK) parse() (jwk, error) {
	if r.Use != "" && r.Use != "sig" {
		return jwk{}, errors.New("not a signing key")
	}
	switch r.Kty {
	case "RSA":
		n, err1 := b64int(r.N)
		e, err2 := b64int(r.E)
		if err := errors.Join(err1, err2); err != nil || !e.IsInt64() || n.BitLen() < 2048 {
			return jwk{}, errors.New("bad RSA key")
		}
		return jwk{alg: r.Alg, key: &rsa.PublicKey{N: n, E: int(e.Int64())}}, nil
	case "EC":
		if r.Crv != "P-256" {
			return jwk{}, errors.New("unsupported curve")
		}
		x, err1 := base64.RawURLEncoding.DecodeString(r.X)
		y, err2 := base64.RawURLEncoding.DecodeString(r.Y)
		if errors.Join(err1, err2) != nil || len(x) != 32 || len(y) != 32 {
			return jwk{}, errors.New("bad EC key")
		}
		pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), append(append([]byte{4}, x...), y...))
		if err != nil {
			return jwk{}, err
		}
		return jwk{alg: r.Alg, key: pub}, nil
	}
	return jwk{}, errors.New("unsupported key type")
}

func b64int(s string) (*big.Int, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) == 0 {
		return nil, errors.New("bad base64url integer")
	}
	return new(big.Int).SetBytes(b), nil
}
