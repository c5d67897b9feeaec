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
// per byte times length, of one copy of a repeated string). The estimate cannot prove a secret random; it
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
	// A string repeated ("kinerjasecret" three times, "0123456789" four)
	// holds no more than one copy: the estimate is of its shortest period.
	unit := secret[:period(secret)]
	counts = map[byte]int{}
	for _, b := range unit {
		counts[b]++
	}
	var perByte float64
	for _, n := range counts {
		p := float64(n) / float64(len(unit))
		perByte -= p * math.Log2(p)
	}
	if bits := perByte * float64(len(unit)); bits < minSecretBits {
		return fmt.Errorf("%w: about %.0f bits of entropy, need %d (use random bytes, e.g. openssl rand -hex 32)",
			ErrWeakSecret, bits, minSecretBits)
	}
	return nil
}

// period returns the length of the shortest p such that s is s[:p]
// repeated (the last copy possibly cut short): len(s) for a string that
// repeats nothing.
func period(s []byte) int {
	for p := 1; p < len(s); p++ {
		repeats := true
		for i := p; i < len(s) && repeats; i++ {
			repeats = s[i] == s[i-p]
		}
		if repeats {
			return p
		}
	}
	return len(s)
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
