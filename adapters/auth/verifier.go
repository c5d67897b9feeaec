package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/golang-jwt/jwt/v5"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/nip"
)

// Verifier verifies bearer tokens.
type Verifier struct {
	cfg  Config
	keys *jwks
}

// NewVerifier returns a Verifier for cfg. With a JWKS URL, keys
// are fetched on first use and cached.
func NewVerifier(cfg Config) (*Verifier, error) {
	cfg.SetDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	a := &Verifier{cfg: cfg}
	if cfg.JWKSURL != "" {
		a.keys = newJWKS(cfg.JWKSURL, cfg.HTTPClient, cfg.JWKSRefresh, cfg.Now)
	}
	return a, nil
}

// Authenticate verifies the bearer token of an Authorization header value
// and returns its principal. Errors wrap ErrUnauthenticated and say what was
// wrong without echoing the token. A token whose JSON is ambiguous (see
// checkStrictJSON) is refused before its signature is checked, whatever its
// algorithm.
func (a *Verifier) Authenticate(ctx context.Context, header string) (Principal, error) {
	scheme, raw, ok := strings.Cut(strings.TrimSpace(header), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(raw) == "" {
		return Principal{}, fmt.Errorf("%w: send an Authorization: Bearer <token> header", ErrUnauthenticated)
	}
	methods := []string{"HS256"}
	if a.keys != nil {
		methods = []string{"RS256", "ES256"}
	}
	opts := []jwt.ParserOption{jwt.WithValidMethods(methods), jwt.WithExpirationRequired(), jwt.WithIssuedAt(),
		jwt.WithLeeway(a.cfg.Leeway), jwt.WithTimeFunc(a.cfg.Now), jwt.WithStrictDecoding()}
	if a.cfg.Issuer != "" {
		opts = append(opts, jwt.WithIssuer(a.cfg.Issuer))
	}
	if a.cfg.Audience != "" {
		opts = append(opts, jwt.WithAudience(a.cfg.Audience))
	}
	token := strings.TrimSpace(raw)
	if err := checkStrictJSON(token); err != nil {
		return Principal{}, fmt.Errorf("%w: %w", ErrUnauthenticated, err)
	}
	var c tokenClaims
	if _, err := jwt.ParseWithClaims(token, &c, a.keyFunc(ctx), opts...); err != nil {
		return Principal{}, fmt.Errorf("%w: %s", ErrUnauthenticated, tokenProblem(err))
	}
	if err := checkLifetime(c, a.cfg.Now(), a.cfg.MaxTTL); err != nil {
		return Principal{}, err
	}
	return principalOf(c)
}

// keyFunc returns the key that verifies a token: the HS256 secret, or the
// JWKS key named by the token's kid.
func (a *Verifier) keyFunc(ctx context.Context) jwt.Keyfunc {
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
		return "the token lacks a required claim (exp, or iss or aud when the server requires an issuer or audience)"
	case errors.Is(err, jwt.ErrTokenSignatureInvalid), errors.Is(err, jwt.ErrTokenUnverifiable):
		return "the token's signature does not verify"
	case errors.Is(err, jwt.ErrTokenNotValidYet):
		return "the token is not valid yet"
	case errors.Is(err, jwt.ErrTokenUsedBeforeIssued):
		return "the token's iat is in the future"
	case errors.Is(err, jwt.ErrTokenInvalidAudience):
		return "the token is not for this audience (aud)"
	case errors.Is(err, jwt.ErrTokenInvalidIssuer):
		return "the token's issuer (iss) is not accepted"
	case errors.Is(err, jwt.ErrTokenMalformed):
		return "the token is malformed"
	}
	return "the token is not valid"
}

// principalOf checks the Kinerja claims: a subject that is a valid NIP or
// NI PPPK, known roles, an instansi. A subject that is not is never echoed:
// it may hold control or bidirectional characters.
func principalOf(c tokenClaims) (Principal, error) {
	if !validNIP(c.Subject) {
		return Principal{}, fmt.Errorf("%w: the token has no valid sub (the NIP or NI PPPK, 18 digits)", ErrUnauthenticated)
	}
	if c.Instansi == "" {
		return Principal{}, fmt.Errorf("%w: the token has no instansi claim", ErrUnauthenticated)
	}
	p := Principal{NIP: c.Subject, Instansi: c.Instansi}
	for _, s := range c.Roles {
		r, err := actor.ParseRole(s)
		if err != nil || r == actor.System {
			return Principal{}, fmt.Errorf("%w: the token grants an unknown role %q", ErrUnauthenticated, s)
		}
		p.Roles = append(p.Roles, r)
	}
	if len(p.Roles) == 0 {
		return Principal{}, fmt.Errorf("%w: the token grants no role", ErrUnauthenticated)
	}
	return p, nil
}

// validNIP reports whether s is a valid NIP or NI PPPK.
func validNIP(s string) bool {
	if _, err := nip.Parse(s); err == nil {
		return true
	}
	_, err := nip.ParsePPPK(s)
	return err == nil
}
