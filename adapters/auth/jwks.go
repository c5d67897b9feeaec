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
//
// No lock is held while the set is fetched: one fetch runs at a time, a
// token whose kid is cached is verified with the cached key while a refresh
// is in flight, and only a token whose kid is unknown (or the first token,
// before any key is known) waits for the fetch.
type jwks struct {
	url     string
	client  *http.Client
	refresh time.Duration
	now     func() time.Time

	mu       sync.Mutex
	keys     map[string]jwk
	fetched  time.Time     // when the last fetch started
	inflight chan struct{} // closed when the running fetch ends; nil when none runs
	err      error         // the last fetch's error
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
	k, ok, wait := j.lookup(ctx, kid)
	if wait != nil {
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, fmt.Errorf("jwks: %w", ctx.Err())
		}
		var err error
		if k, ok, err = j.cached(kid); !ok && err != nil {
			return nil, err
		}
	}
	if !ok {
		return nil, fmt.Errorf("no key with kid %q in the key set", kid)
	}
	if k.alg != "" && k.alg != alg {
		return nil, fmt.Errorf("key %q is for %s, not %s", kid, k.alg, alg)
	}
	return k.key, nil
}

// lookup returns the cached key with kid, starting a fetch when the set is
// stale or the kid unknown (and none was started in the last
// minJWKSRefetch). When the kid is unknown and a fetch is in flight, it
// also returns a channel closed when that fetch ends.
func (j *jwks) lookup(ctx context.Context, kid string) (jwk, bool, <-chan struct{}) {
	j.mu.Lock()
	defer j.mu.Unlock()
	now := j.now()
	k, ok := j.keys[kid]
	stale := j.keys == nil || now.Sub(j.fetched) >= j.refresh
	if j.inflight == nil && (stale || (!ok && now.Sub(j.fetched) >= minJWKSRefetch)) {
		j.startLocked(ctx, now)
	}
	if ok || j.inflight == nil {
		return k, ok, nil
	}
	return k, ok, j.inflight
}

// cached returns the cached key with kid and the last fetch's error.
func (j *jwks) cached(kid string) (jwk, bool, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	k, ok := j.keys[kid]
	return k, ok, j.err
}

// startLocked starts a fetch in the background; j.mu is held. The fetch
// outlives the request that started it (others may wait for it) and is
// bounded by the HTTP client's timeout. On failure the previous keys stay
// in use until the next attempt.
func (j *jwks) startLocked(ctx context.Context, now time.Time) {
	done := make(chan struct{})
	j.inflight, j.fetched = done, now
	go func() {
		defer close(done)
		keys, err := j.fetch(context.WithoutCancel(ctx))
		j.mu.Lock()
		defer j.mu.Unlock()
		if err == nil {
			j.keys = keys
		}
		j.err, j.inflight = err, nil
	}()
}

// fetch downloads and parses the key set.
func (j *jwks) fetch(ctx context.Context) (map[string]jwk, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, j.url, nil)
	if err != nil {
		return nil, fmt.Errorf("jwks: %w", err)
	}
	resp, err := j.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("jwks: fetch: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("jwks: fetch: status %d", resp.StatusCode)
	}
	var set struct {
		Keys []rawJWK `json:"keys"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&set); err != nil {
		return nil, fmt.Errorf("jwks: decode: %w", err)
	}
	keys := map[string]jwk{}
	for _, rk := range set.Keys {
		if k, err := rk.parse(); err == nil {
			keys[rk.Kid] = k
		}
	}
	return keys, nil
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
