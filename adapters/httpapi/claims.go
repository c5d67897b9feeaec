package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gorilla/mux"
	"github.com/kinerja/kinerja/domain/actor"
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
	_, _, err := s.bindFormerClaims(ctx, p, false)
	return err
}

// bindFormerClaims is bindClaims that, with former set, lets through a
// subject who has left the service, as a former employee: the principal
// returned keeps only the role pegawai (a former HR officer or auditor
// keeps no power) and isFormer is reported, which restricts the call to
// the subject's own data (see begin).
func (s *Server) bindFormerClaims(ctx context.Context, p Principal, former bool) (_ Principal, isFormer bool, _ error) {
	e, err := s.api.Service.Employee(ctx, p.NIP)
	if errors.Is(err, command.ErrNotFound) {
		return p, false, forbidden("The token's subject is not a registered employee; every caller must be one (see README, Security).")
	}
	if err != nil {
		return p, false, fmt.Errorf("bind token claims: %w", err)
	}
	if e.Instansi() != p.Instansi {
		return p, false, forbidden(fmt.Sprintf("The token names instansi %q, but the employee record of its subject is not of that instansi.", p.Instansi))
	}
	if left, on := e.Left(); left && !on.After(s.dayIn(ctx, e.Instansi())) {
		if !former || !p.Has(actor.Pegawai) {
			return p, false, forbidden("The token's subject has left the service; a former employee may only read their own evaluations and object to them (see README, Security).")
		}
		p.Roles = []actor.Role{actor.Pegawai}
		return p, true, nil
	}
	return p, false, nil
}

// errNoValidSub is the authentication failure of a principal whose subject
// is not a NIP or NI PPPK. The subject is not echoed: it may hold control
// or bidirectional characters.
var errNoValidSub = fmt.Errorf("%w: the token has no valid sub (the NIP or NI PPPK, 18 digits)", errUnauthenticated)

// authenticate verifies the request's bearer token and binds its claims to
// the master data. A subject that is not a NIP or NI PPPK is refused (401)
// before it names a stream, whatever the Authenticator let through.
func (s *Server) authenticate(ctx context.Context, header string) (Principal, error) {
	p, _, err := s.authenticateFormer(ctx, header, false)
	return p, err
}

// authenticateFormer is authenticate that, with former set, lets a former
// employee through (see bindFormerClaims) and reports whether it did.
func (s *Server) authenticateFormer(ctx context.Context, header string, former bool) (Principal, bool, error) {
	p, err := s.api.Auth.Authenticate(ctx, header)
	if err != nil {
		return Principal{}, false, authFailure{err}
	}
	if nipFieldError("sub", p.NIP) != nil {
		return Principal{}, false, errNoValidSub
	}
	p, isFormer, err := s.bindFormerClaims(ctx, p, former)
	if err != nil {
		return Principal{}, false, err
	}
	return p, isFormer, nil
}

// formerRoutes are the routes (method and path template) an employee who
// has left the service may still call, on their own data only: their
// record, the evaluations of the years they served, received after they left (an
// annual rating on the last day of service, an amendment or an objection's
// decision later), and the objection PP 30/2019 Ps 59 gives them.
var formerRoutes = map[string]bool{
	mGet + " " + pEmp:                                   true,
	mGet + " " + pSKP:                                   true,
	mGet + " " + pSKP + "/document.pdf":                 true,
	mPost + " " + pSKP + "/objection":                   true,
	mGet + " " + pEmp + "/skp" + pYear + "/score-trail": true,
	mGet + " " + pEmp + "/history":                      true,
	mGet + " /v1/standings" + pNIP + pYear:              true,
	mGet + " /v1/standings" + pNIP + pYear + "/explain": true,
}

// formerMay reports whether r is a call of formerRoutes.
func formerMay(r *http.Request) bool {
	route := mux.CurrentRoute(r)
	if route == nil {
		return false
	}
	tpl, err := route.GetPathTemplate()
	method := r.Method
	if method == http.MethodHead {
		method = http.MethodGet // served by the GET route
	}
	return err == nil && formerRoutes[method+" "+tpl]
}

// errFormerElsewhere refuses a former employee's call on another's data.
var errFormerElsewhere = forbidden("The token's subject has left the service; a former employee may only read their own evaluations and object to them.")
