package command

import (
	"context"
	"fmt"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/employee"
)

// ErrOwnRecord means an actor tried to change their own employee record:
// their golongan, jabatan, unit, reporting line or leaving the service. HR
// and admins keep other people's records, never their own. It wraps
// actor.ErrRoleNotAllowed, so it is a denial (403).
var ErrOwnRecord = fmt.Errorf("%w: nobody may change their own employee record", actor.ErrRoleNotAllowed)

// checkNotOwnRecord refuses a command of by on the employee record of nip
// when by is that employee.
func checkNotOwnRecord(by actor.Actor, nip string) error {
	if by.NIP == nip {
		return fmt.Errorf("%s on %s: %w", by, nip, ErrOwnRecord)
	}
	return nil
}

// checkSameInstansi checks that the official nip belongs to e's instansi,
// unless crossReason documents a cross-instansi assignment. The error does
// not name the official's instansi.
func (s *Service) checkSameInstansi(ctx context.Context, e *employee.Employee, nip, crossReason string) error {
	if crossReason != "" {
		return nil
	}
	o, err := s.Employee(ctx, nip)
	if err != nil {
		return fmt.Errorf("official: %w", err)
	}
	if o.Instansi() != e.Instansi() {
		return fmt.Errorf("official %s: %w: an official of another instansi needs a cross_instansi_reason",
			nip, ErrOtherInstansi)
	}
	return nil
}
