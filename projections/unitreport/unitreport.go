// Package unitreport is the read model a unit head and HR read per unit and
// period (the year, such as "2025", or one of its windows, such as
// "2025-Q1"): how many of the unit's employees hold each predikat and what
// share, the organisation predikat the pimpinan set, the distribution check
// with its violations and the overrides recorded for them, and submission
// progress (plans approved, realisation reported on time, late, missing).
//
// The projector stores facts only: who takes part in each year, the unit
// each employee belongs to from each effective date, the predikat in force
// per employee and window with the event it rests on, plan status, the
// first realisation report per IKI and window, window last days and
// deadlines, organisation predikat and overrides. Report counts them
// and applies a performance.Policy to the counts at query time, as
// promotion decides eligibility: a policy change (rounding, shares) needs no
// rebuild, and "missing" depends on the day of the question.
//
// Membership is effective-dated: a period's report counts the employees of
// the year in the unit they belonged to on the period's last day (the
// window's last day, or 31 December for the year and its annual predikat),
// with the predikat in force for that period, when they were appointed by
// that day (the appointment their NIP encodes: registration has no
// effective day, and is recorded for every year still open). A rating thus counts in the
// distribution of the unit the employee worked in when the rated window
// ended, under that unit's organisation predikat: DOMAIN.md has the
// pimpinan grade the unit's performance of the period and the pattern
// limit the predikat "among the unit's employees", and the reporting line
// (who rates whom) is effective-dated; a window's composition is settled
// once it ended, so a later transfer neither rewrites the pattern check of
// a window already over (nor the overrides recorded for it) nor lends its
// rating to the new unit. From a transfer's effective date on the employee
// counts in the new unit: in every window ending on or after that day, and
// in the year (its annual predikat, plans and realisation) when it takes
// effect by 31 December. Transfers may be recorded in any order; the one
// with the latest effective date on or before the day counts.
//
// The distribution is overridden only while the latest override of the
// period accepted exactly the violations found now, under the
// organisation predikat in force (see covers): a rating amended since, or
// a new organisation predikat, needs a new override.
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
	"unitreport_members", "unitreport_placements", "unitreport_plans", "unitreport_realisations", "unitreport_ratings",
	"unitreport_org", "unitreport_overrides"}

// New returns the unit report projector.
func New() *Projection {
	return pgbatch.New(Name, tables,
		pgbatch.On("employee", employee.Decode, onEmployee),
		pgbatch.On("unit", unit.Decode, onUnit),
		pgbatch.On("period", period.Decode, onPeriod),
		pgbatch.On("skp", skp.Decode, onSKP))
}
