// Package unitreport is the read model a unit head and HR read per unit and
// period (the year, such as "2025", or one of its windows, such as
// "2025-Q1"): how many of the unit's employees hold each predikat and what
// share, the organisation predikat the pimpinan set, the distribution check
// with its violations and the overrides recorded for them, and submission
// progress (plans approved, realisation reported on time, late, missing).
//
// The projector stores facts only: the unit each employee belonged to in a
// year, the predikat in force per employee and window with the event it
// rests on, plan status, the first realisation report per IKI and window,
// window deadlines, organisation predikat and overrides. Report counts them
// and applies a performance.Policy to the counts at query time, as
// promotion decides eligibility: a policy change (rounding, shares) needs no
// rebuild, and "missing" depends on the day of the question.
//
// A transfer moves the employee's rows of its effective year and later
// years, so a past year keeps the unit the employee was counted in then.
package unitreport

import (
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/unit"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// Name is the projection's permanent identity (handler name, checkpoint key).
const Name = "unitreport"

// Projection is the unit report projector.
type Projection = pgbatch.Projector[*pgbatch.Batch]

// tables are the tables of the read model.
var tables = []string{"unitreport_units", "unitreport_employees", "unitreport_periods", "unitreport_windows",
	"unitreport_members", "unitreport_plans", "unitreport_realisations", "unitreport_ratings",
	"unitreport_org", "unitreport_overrides"}

// New returns the unit report projector.
func New() *Projection {
	return pgbatch.New(Name, tables,
		pgbatch.On("employee", employee.Decode, onEmployee),
		pgbatch.On("unit", unit.Decode, onUnit),
		pgbatch.On("period", period.Decode, onPeriod),
		pgbatch.On("skp", skp.Decode, onSKP))
}
