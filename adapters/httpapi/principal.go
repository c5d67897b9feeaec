package httpapi

import (
	"context"
	"errors"
	"slices"

	"github.com/kinerja/kinerja/domain/actor"
)

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

// Authenticator verifies the bearer token of an Authorization header value
// and returns its principal. Any error means the request is not
// authenticated; its text says what was wrong (without echoing the token)
// and is shown to the caller.
type Authenticator interface {
	Authenticate(ctx context.Context, header string) (Principal, error)
}

// errUnauthenticated is wrapped by every failure to authenticate a request.
var errUnauthenticated = errors.New("unauthenticated")

// authFailure is an Authenticator's error: it reads as the error and wraps
// errUnauthenticated, so it becomes a 401.
type authFailure struct{ err error }

func (a authFailure) Error() string   { return a.err.Error() }
func (a authFailure) Unwrap() []error { return []error{errUnauthenticated, a.err} }
