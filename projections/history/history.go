// Package history is the read model of one employee's career as Kinerja
// saw it: the master data now; every master-data change (registration,
// transfers, jabatan and golongan (rank) changes, reporting lines, leaving
// the service) with its effective date, reason, author and event; and per
// year of an SKP its status, the annual and periodic ratings and predikat
// in force, and the objection, each with the event it rests on.
//
// Years are those with an SKP (or ratings); a year an instansi opened in
// which the employee drafted nothing has no row.
package history

import (
	"time"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/followup"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// Name is the projection's permanent identity (handler name, checkpoint key).
const Name = "history"

// Projection is the employee history projector.
type Projection = pgbatch.Projector[*pgbatch.Batch]

// tables are the tables of the read model.
var tables = []string{"history_employees", "history_changes", "history_years", "history_periodic",
	"history_self_assessments", "history_followups"}

// New returns the employee history projector.
func New() *Projection {
	return pgbatch.New(Name, tables,
		pgbatch.On("employee", employee.Decode, onEmployee),
		pgbatch.On("skp", skp.Decode, onSKP),
		pgbatch.On("followup", followup.Decode, onFollowup))
}

// dateArg returns d for a date column, or nil for the zero date.
func dateArg(d civil.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.Time(time.UTC)
}
