package httpapi

import (
	"context"
	"errors"
	"fmt"

	"github.com/kinerja/kinerja/domain/command"
)

// Claims bound to the master data. The identity provider is trusted for the
// token's subject (the NIP) and roles, but not for the instansi: after the
// token verifies, its subject must be a registered employee, in service
// today, whose recorded instansi is the token's instansi claim. Otherwise a
// token for an employee of one instansi naming another would read and write
// the other's data. Kinerja has no platform roles: every role, admin and
// auditor included, acts only within the instansi of the subject's record.
//
// Whether the subject may hold a role (hr, admin, auditor, inspektorat,
// pimpinan) cannot be derived from the master data today; roles stay as the
// identity provider grants them.

// bindClaims checks that p's subject is an employee in service of the
// instansi p claims. The employee is read through the Service's reference
// cache, so a request costs one read of the stream's tail, not a replay.
// A failed check is a 403 problem; a failure to read is returned as it is.
func (s *Server) bindClaims(ctx context.Context, p Principal) error {
	e, err := s.api.Service.Employee(ctx, p.NIP)
	if errors.Is(err, command.ErrNotFound) {
		return forbidden("The token's subject is not a registered employee; every caller must be one (see README, Security).")
	}
	if err != nil {
		return fmt.Errorf("bind token claims: %w", err)
	}
	if e.Instansi() != p.Instansi {
		return forbidden(fmt.Sprintf("The token names instansi %q, but the employee record of its subject is not of that instansi.", p.Instansi))
	}
	if left, on := e.Left(); left && !on.After(s.dayIn(ctx, e.Instansi())) {
		return forbidden("The token's subject has left the service.")
	}
	return nil
}

// errNoValidSub is the authentication failure of a principal whose subject
// is not a NIP or NI PPPK. The subject is not echoed: it may hold control
// or bidirectional characters.
var errNoValidSub = fmt.Errorf("%w: the token has no valid sub (the NIP or NI PPPK, 18 digits)", errUnauthenticated)

// authenticate verifies the request's bearer token and binds its claims to
// the master data. A subject that is not a NIP or NI PPPK is refused (401)
// before it names a stream, whatever the Authenticator let through.
func (s *Server) authenticate(ctx context.Context, header string) (Principal, error) {
	p, err := s.api.Auth.Authenticate(ctx, header)
	if err != nil {
		return Principal{}, authFailure{err}
	}
	if nipFieldError("sub", p.NIP) != nil {
		return Principal{}, errNoValidSub
	}
	if err := s.bindClaims(ctx, p); err != nil {
		return Principal{}, err
	}
	return p, nil
}
