package auth

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// DefaultMaxTTL is the longest token lifetime accepted unless configured.
const DefaultMaxTTL = 24 * time.Hour

// Minimum strength of an HS256 secret: its length in bytes, the number of
// distinct bytes in it, and the entropy its byte frequencies suggest. A
// random hex string of 32 characters passes; 32 × "a", a short word
// repeated or "abab…" do not.
const (
	minSecretBytes    = 32
	minSecretDistinct = 10
	minSecretBits     = 96
)

// ErrWeakSecret is wrapped by CheckSecret's errors.
var ErrWeakSecret = errors.New("weak HS256 secret")

// CheckSecret reports an HS256 secret too short or too repetitive to be a
// secret: fewer than 32 bytes, fewer than 10 distinct bytes, or less than
// 96 bits of entropy estimated from its byte frequencies (Shannon entropy
// per byte times length). The estimate cannot prove a secret random; it
// refuses the obvious placeholders.
func CheckSecret(secret []byte) error {
	if len(secret) < minSecretBytes {
		return fmt.Errorf("%w: %d bytes, need at least %d", ErrWeakSecret, len(secret), minSecretBytes)
	}
	counts := map[byte]int{}
	for _, b := range secret {
		counts[b]++
	}
	if len(counts) < minSecretDistinct {
		return fmt.Errorf("%w: only %d distinct bytes, need at least %d (use random bytes, e.g. openssl rand -hex 32)",
			ErrWeakSecret, len(counts), minSecretDistinct)
	}
	var perByte float64
	for _, n := range counts {
		p := float64(n) / float64(len(secret))
		perByte -= p * math.Log2(p)
	}
	if bits := perByte * float64(len(secret)); bits < minSecretBits {
		return fmt.Errorf("%w: about %.0f bits of entropy, need %d (use random bytes, e.g. openssl rand -hex 32)",
			ErrWeakSecret, bits, minSecretBits)
	}
	return nil
}

// checkLifetime refuses a token whose lifetime is longer than maxTTL: from
// iat to exp, or from now to exp when the token has no iat. Verification
// has already required exp and refused an iat in the future.
func checkLifetime(c tokenClaims, now time.Time, maxTTL time.Duration) error {
	from := now
	if c.IssuedAt != nil {
		from = c.IssuedAt.Time
	}
	if life := c.ExpiresAt.Sub(from); life > maxTTL {
		return fmt.Errorf("%w: the token is valid for %s, longer than the %s accepted",
			ErrUnauthenticated, life.Round(time.Second), maxTTL)
	}
	return nil
}
