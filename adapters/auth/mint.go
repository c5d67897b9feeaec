package auth

import (
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// tokenClaims are the claims of a Kinerja bearer token.
type tokenClaims struct {
	Roles    []string `json:"roles"`
	Instansi string   `json:"instansi"`
	jwt.RegisteredClaims
}

// MintHS256 returns a token for p signed with secret, valid from now for ttl.
// It is meant for local use (kinerja token, the demo and tests).
func MintHS256(secret []byte, p Principal, now time.Time, ttl time.Duration) (string, error) {
	return MintHS256For(secret, p, Issuance{}, now, ttl)
}

// Issuance names who a minted token is from and for, as the verifier's
// Config.Issuer and Config.Audience require; empty fields add no claim.
type Issuance struct {
	Issuer, Audience string
}

// MintHS256For is MintHS256 with the iss and aud claims of is.
func MintHS256For(secret []byte, p Principal, is Issuance, now time.Time, ttl time.Duration) (string, error) {
	roles := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		roles[i] = string(r)
	}
	c := tokenClaims{Roles: roles, Instansi: p.Instansi, RegisteredClaims: jwt.RegisteredClaims{
		Subject: p.NIP, IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(ttl)),
	}}
	if is.Audience != "" {
		c.Audience = jwt.ClaimStrings{is.Audience}
	}
	c.Issuer = is.Issuer
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(secret)
	if err != nil {
		return "", fmt.Errorf("mint token: %w", err)
	}
	return s, nil
}
