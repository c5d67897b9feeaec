// Package auth verifies and mints Kinerja's bearer tokens: JWTs signed with
// an HS256 secret or with keys published as a JSON Web Key Set (RS256,
// ES256), whose claims name the caller (sub, the NIP), the roles granted and
// the caller's instansi. What a caller may do is decided elsewhere.
package auth

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
)

// ErrUnauthenticated is wrapped by every failure to authenticate a request:
// a missing, malformed, expired or wrongly signed bearer token.
var ErrUnauthenticated = errors.New("unauthenticated")

// Config configures bearer-token authentication. Exactly one of
// HS256Secret and JWKSURL is set.
type Config struct {
	// HS256Secret verifies tokens signed with HMAC-SHA256 (at least 32 bytes).
	HS256Secret []byte
	// JWKSURL is where the RS256 and ES256 verification keys are published.
	JWKSURL string
	// JWKSRefresh is how long fetched keys are trusted before they are
	// fetched again.
	JWKSRefresh time.Duration
	// Issuer, when set, must equal the tokens' iss claim.
	Issuer string
	// Audience, when set, must be one of the tokens' aud values; a token
	// without aud is refused.
	Audience string
	// MaxTTL is the longest lifetime a token may claim: exp - iat, or
	// exp - now for a token without iat. Default: 24 hours.
	MaxTTL time.Duration
	// Leeway tolerates clock skew when checking exp, nbf and iat (an iat
	// further in the future is refused).
	Leeway time.Duration
	// HTTPClient fetches the JWKS; its timeout bounds each fetch.
	HTTPClient *http.Client
	// Now is the clock tokens are checked against.
	Now func() time.Time
}

// SetDefaults fills every zero field with its default.
func (c *Config) SetDefaults() {
	if c.JWKSRefresh == 0 {
		c.JWKSRefresh = 10 * time.Minute
	}
	if c.MaxTTL == 0 {
		c.MaxTTL = DefaultMaxTTL
	}
	if c.Leeway == 0 {
		c.Leeway = 30 * time.Second
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// Validate reports a configuration that cannot work.
func (c Config) Validate() error {
	switch {
	case len(c.HS256Secret) == 0 && c.JWKSURL == "":
		return errors.New("auth: auth needs an HS256 secret or a JWKS URL")
	case len(c.HS256Secret) > 0 && c.JWKSURL != "":
		return errors.New("auth: auth takes an HS256 secret or a JWKS URL, not both")
	case len(c.HS256Secret) > 0 && CheckSecret(c.HS256Secret) != nil:
		return fmt.Errorf("auth: HS256 secret: %w", CheckSecret(c.HS256Secret))
	case c.JWKSURL != "" && !strings.HasPrefix(c.JWKSURL, "https://") && !strings.HasPrefix(c.JWKSURL, "http://"):
		return fmt.Errorf("auth: JWKS URL %q is not an http(s) URL", c.JWKSURL)
	case c.JWKSRefresh < 0 || c.Leeway < 0 || c.MaxTTL < 0:
		return errors.New("auth: JWKSRefresh, Leeway and MaxTTL must not be negative")
	}
	return nil
}

// Principal is the authenticated caller: the subject's NIP, the roles the
// token grants and the instansi the caller belongs to.
type Principal struct {
	NIP      string
	Roles    []actor.Role
	Instansi string
}
