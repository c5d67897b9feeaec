package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/kinerja/kinerja/adapters/auth"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/nip"
)

// runToken mints an HS256 bearer token with the configured
// KINERJA_JWT_SECRET, for local use and testing. The token carries iat and,
// when KINERJA_JWT_AUDIENCE is set, that aud; its ttl may not exceed
// KINERJA_JWT_MAX_TTL:
//
//	kinerja token --sub 198609262015051001 --roles pegawai,pejabat_penilai --instansi pemprov-jabar --ttl 8h
func runToken(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	cf := bindConfig(fs)
	sub := fs.String("sub", "", "subject: the NIP of the caller (required)")
	roles := fs.String("roles", "pegawai", "comma-separated roles: "+roleNames())
	instansi := fs.String("instansi", "", "the caller's instansi (required)")
	ttl := fs.Duration("ttl", 8*time.Hour, "how long the token is valid")
	if err := parseFlags(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	cfg, err := cf.load(e.getenv)
	if err != nil {
		return err
	}
	p, err := tokenPrincipal(*sub, *roles, *instansi, *ttl)
	if err != nil {
		return &usageError{err: err}
	}
	if cfg.JWTSecret == "" {
		return &usageError{err: errors.New("token: set KINERJA_JWT_SECRET (-jwt-secret), the secret the server verifies tokens with"), cmd: "token"}
	}
	if *ttl > cfg.JWTMaxTTL {
		return &usageError{err: fmt.Errorf("token: --ttl %s is longer than KINERJA_JWT_MAX_TTL (%s); the server would refuse it", *ttl, cfg.JWTMaxTTL)}
	}
	tok, err := auth.MintHS256For([]byte(cfg.JWTSecret), p, cfg.issuance(), time.Now(), *ttl)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, tok)
	return nil
}

// tokenPrincipal checks the flags of runToken.
func tokenPrincipal(sub, roles, instansi string, ttl time.Duration) (auth.Principal, error) {
	p := auth.Principal{NIP: strings.TrimSpace(sub), Instansi: strings.TrimSpace(instansi)}
	switch {
	case p.NIP == "":
		return p, errors.New("token: --sub (the NIP) is required")
	case !validSubject(p.NIP):
		return p, fmt.Errorf("token: --sub %q is not a valid NIP or NI PPPK: the server would refuse the token", p.NIP)
	case p.Instansi == "":
		return p, errors.New("token: --instansi is required")
	case ttl <= 0:
		return p, errors.New("token: --ttl must be positive")
	}
	for _, s := range strings.Split(roles, ",") {
		r, err := actor.ParseRole(strings.TrimSpace(s))
		if err != nil || r == actor.System {
			return p, fmt.Errorf("token: unknown role %q (want %s)", s, roleNames())
		}
		p.Roles = append(p.Roles, r)
	}
	return p, nil
}

// roleNames lists the roles a token may grant.
func roleNames() string {
	var out []string
	for _, r := range actor.Roles() {
		if r != actor.System {
			out = append(out, string(r))
		}
	}
	return strings.Join(out, ", ")
}

// validSubject reports whether s is a valid NIP or NI PPPK, as the server
// requires of a token's sub.
func validSubject(s string) bool {
	if _, err := nip.Parse(s); err == nil {
		return true
	}
	_, err := nip.ParsePPPK(s)
	return err == nil
}
