// Package actor names who performs a command and in which role. Every event
// of Kinerja records its actor, so that an auditor can tell who did what.
package actor

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Role is the capacity in which an actor acts.
type Role string

// The roles of Kinerja.
const (
	Pegawai              Role = "pegawai"                // the employee evaluated
	PejabatPenilai       Role = "pejabat_penilai"        // the direct superior who rates
	AtasanPejabatPenilai Role = "atasan_pejabat_penilai" // the superior's superior, decides objections
	Pimpinan             Role = "pimpinan"               // sets the organisation predikat of a unit
	HR                   Role = "hr"                     // BKPSDM or admin instansi: master data and periods
	Auditor              Role = "auditor"                // read-only, traces score changes
	Inspektorat          Role = "inspektorat"            // read-only, replays history
	Admin                Role = "admin"                  // system administrator
	System               Role = "system"                 // an automated process such as an import
)

// Errors about actors.
var (
	// ErrInvalidActor means the actor has no identifier or an unknown role.
	ErrInvalidActor = errors.New("invalid actor")
	// ErrRoleNotAllowed means the actor's role may not perform the command.
	ErrRoleNotAllowed = errors.New("role not allowed for this action")
)

// Roles returns every role, in a fixed order.
func Roles() []Role {
	return []Role{Pegawai, PejabatPenilai, AtasanPejabatPenilai, Pimpinan, HR, Auditor, Inspektorat, Admin, System}
}

// ParseRole returns the role named s, or an error wrapping ErrInvalidActor.
func ParseRole(s string) (Role, error) {
	r := Role(s)
	if !r.Valid() {
		return "", fmt.Errorf("%w: unknown role %q", ErrInvalidActor, s)
	}
	return r, nil
}

// Valid reports whether r is one of the roles of Kinerja.
func (r Role) Valid() bool { return slices.Contains(Roles(), r) }

// Actor is who performs a command: a NIP (or NI PPPK) and the role the person
// acts in. For the system role, NIP holds an identifier of the process.
type Actor struct {
	NIP  string `json:"nip"`
	Role Role   `json:"role"`
}

// Validate checks that a has an identifier without spaces and a known role.
func (a Actor) Validate() error {
	if a.NIP == "" || strings.ContainsAny(a.NIP, " \t\r\n") || len(a.NIP) > 64 {
		return fmt.Errorf("%w: identifier %q", ErrInvalidActor, a.NIP)
	}
	if !a.Role.Valid() {
		return fmt.Errorf("%w: unknown role %q", ErrInvalidActor, a.Role)
	}
	return nil
}

// Require validates a and checks that its role is one of allowed. The error
// wraps ErrInvalidActor or ErrRoleNotAllowed.
func (a Actor) Require(allowed ...Role) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if !slices.Contains(allowed, a.Role) {
		return fmt.Errorf("%w: %s acts as %s, want one of %v", ErrRoleNotAllowed, a.NIP, a.Role, allowed)
	}
	return nil
}

// String returns "role:nip", for messages.
func (a Actor) String() string { return string(a.Role) + ":" + a.NIP }
