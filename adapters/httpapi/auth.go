package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/kinerja/kinerja/domain/actor"
)

// errUnauthenticated is wrapped by every failure to authenticate a request:
// a missing, malformed, expired or wrongly signed bearer token.
var errUnauthenticated = errors.New("unauthenticated")

// AuthConfig configures bearer-token authentication. Exactly one of
// HS256Secret and JWKSURL is set.
type AuthConfig struct {
	// HS256Secret verifies tokens signed with HMAC-SHA256 (at least 32 bytes).
	HS256Secret []byte
	// JWKSURL is where the RS256 and ES256 verification keys are published.
	JWKSURL string
	// JWKSRefresh is how long fetched keys are trusted before they are
	// fetched again.
	JWKSRefresh time.Duration
	// Issuer, when set, must equal the tokens' iss claim.
	Issuer string
	// Leeway tolerates clock skew when checking exp and nbf.
	Leeway time.Duration
	// HTTPClient fetches the JWKS; its timeout bounds each fetch.
	HTTPClient *http.Client
	// Now is the clock tokens are checked against.
	Now func() time.Time
}

// SetDefaults fills every zero field with its default.
func (c *AuthConfig) SetDefaults() {
	if c.JWKSRefresh == 0 {
		c.JWKSRefresh = 10 * time.Minute
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
func (c AuthConfig) Validate() error {
	switch {
	case len(c.HS256Secret) == 0 && c.JWKSURL == "":
		return errors.New("httpapi: auth needs an HS256 secret or a JWKS URL")
	case len(c.HS256Secret) > 0 && c.JWKSURL != "":
		return errors.New("httpapi: auth takes an HS256 secret or a JWKS URL, not both")
	case len(c.HS256Secret) > 0 && len(c.HS256Secret) < 32:
		return fmt.Errorf("httpapi: HS256 secret of %d bytes, need at least 32", len(c.HS256Secret))
	case c.JWKSURL != "" && !strings.HasPrefix(c.JWKSURL, "https://") && !strings.HasPrefix(c.JWKSURL, "http://"):
		return fmt.Errorf("httpapi: JWKS URL %q is not an http(s) URL", c.JWKSURL)
	case c.JWKSRefresh < 0 || c.Leeway < 0:
		return errors.New("httpapi: JWKSRefresh and Leeway must not be negative")
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

// Has reports whether the token grants role r.
func (p Principal) Has(r actor.Role) bool { return slices.Contains(p.Roles, r) }

// As returns the actor acting in role r.
func (p Principal) As(r actor.Role) actor.Actor { return actor.Actor{NIP: p.NIP, Role: r} }

// tokenClaims are the claims of a Kinerja bearer token.
type tokenClaims struct {
	Roles    []string `json:"roles"`
	Instansi string   `json:"instansi"`
	jwt.RegisteredClaims
}

// Authenticator verifies bearer tokens.
type Authenticator struct {
	cfg  AuthConfig
	keys *jwks
}

// NewAuthenticator returns an Authenticator for cfg. With a JWKS URL, keys
// are fetched on first use and cached.
func NewAuthenticator(cfg AuthConfig) (*Authenticator, error) {
	cfg.SetDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	a := &Authenticator{cfg: cfg}
	if cfg.JWKSURL != "" {
		a.keys = newJWKS(cfg.JWKSURL, cfg.HTTPClient, cfg.JWKSRefresh, cfg.Now)
	}
	return a, nil
}

// Authenticate verifies the bearer token of an Authorization header value
// and returns its principal. Errors wrap errUnauthenticated and say what was
// wrong without echoing the token.
func (a *Authenticator) Authenticate(ctx context.Context, header string) (Principal, error) {
	scheme, raw, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(raw) == "" {
		return Principal{}, fmt.Errorf("%w: send an Authorization: Bearer <token> header", errUnauthenticated)
	}
	methods := []string{"HS256"}
	if a.keys != nil {
		methods = []string{"RS256", "ES256"}
	}
	opts := []jwt.ParserOption{jwt.WithValidMethods(methods), jwt.WithExpirationRequired(),
		jwt.WithLeeway(a.cfg.Leeway), jwt.WithTimeFunc(a.cfg.Now)}
	if a.cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(a.cfg.Issuer))
	}
	var c tokenClaims
	_, err := jwt.ParseWithClaims(strings.TrimSpace(raw), &c, a.keyFunc(ctx), opts...)
	if err != nil {
		return Principal{}, fmt.Errorf("%w: %s", errUnauthenticated, tokenProblem(err))
	}
	return principalOf(c)
}

// keyFunc returns the key that verifies a token: the HS256 secret, or the
// JWKS key named by the token's kid.
func (a *Authenticator) keyFunc(ctx context.Context) jwt.Keyfunc {
	return func(t *jwt.Token) (any, error) {
		if a.keys == nil {
			return a.cfg.HS256Secret, nil
		}
		kid, _ := t.Header["kid"].(string)
		return a.keys.key(ctx, kid, t.Method.Alg())
	}
}

// tokenProblem says in a few words why a token was refused.
func tokenProblem(err error) string {
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return "the token has expired"
	case errors.Is(err, jwt.ErrTokenRequiredClaimMissing):
		return "the token lacks a required claim (exp)"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		return "the token's signature does not verify"
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return "the token is not valid yet"
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "the token is malformed"
	}
	return "the token is not valid"
}

// principalOf checks the Kinerja claims: a subject, known roles, an instansi.
func principalOf(c tokenClaims) (Principal, error) {
	if c.Subject == "" || len(c.Subject) > 64 || strings.ContainsAny(c.Subject, " \t\r\n") {
		return Principal{}, fmt.Errorf("%w: the token has no valid sub (the NIP)", errUnauthenticated)
	}
	if c.Instansi == "" {
		return Principal{}, fmt.Errorf("%w: the token has no instansi claim", errUnauthenticated)
	}
	p := Principal{NIP: c.Subject, Instansi: c.Instansi}
	for _, s := range c.Roles {
		r, err := actor.ParseRole(s)
		if err != nil || r == actor.System {
			return Principal{}, fmt.Errorf("%w: the token grants an unknown role %q", errUnauthenticated, s)
		}
		p.Roles = append(p.Roles, r)
	}
	if len(p.Roles) == 0 {
		return Principal{}, fmt.Errorf("%w: the token grants no role", errUnauthenticated)
	}
	return p, nil
}

// MintHS256 returns a token for p signed with secret, valid from now for ttl.
// It is meant for local use (kinerja token, the demo and tests).
func MintHS256(secret []byte, p Principal, now time.Time, ttl time.Duration) (string, error) {
	roles := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		roles[i] = string(r)
	}
	c := tokenClaims{Roles: roles, Instansi: p.Instansi, RegisteredClaims: jwt.RegisteredClaims{
		Subject: p.NIP, IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(secret)
	if err != nil {
		return "", fmt.Errorf("mint token: %w", err)
	}
	return s, nil
}
