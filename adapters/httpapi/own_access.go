package httpapi

import (
	"context"

	"github.com/kinerja/kinerja/domain/actor"
)

// Reads of the employee's own record (score trail, promotion explanation,
// training needs) are open to the employee themselves besides the roles
// that read them for others.

// whoOwnAuditors may read an employee's score trail.
const whoOwnAuditors = "the employee, and auditor or inspektorat"

// isOwn reports whether p is the employee nip, acting as pegawai.
func isOwn(p Principal, nip string) bool { return p.NIP == nip && p.Has(actor.Pegawai) }

// ownOr lets the employee nip read their own record, and anyone else whom
// allowed admits. A caller allowed neither way who may not read the
// employee at all (a colleague, another instansi) gets employeeNotFound
// (404), as for a missing employee; one who may read the employee but not
// this resource (their evaluator, say) gets allowed's denial (403).
func (s *Server) ownOr(ctx context.Context, p Principal, nip string, allowed func() error) error {
	if isOwn(p, nip) {
		return nil
	}
	denied := allowed()
	if denied == nil {
		return nil
	}
	if _, err := s.readableEmployee(ctx, p, nip); err != nil {
		return err
	}
	return denied
}
