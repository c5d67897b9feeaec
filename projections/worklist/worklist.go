// Package worklist is the supervisor's worklist: per official and day, the
// employees they evaluate (by the reporting lines in force that day, acting
// officials included) and the open tasks on their SKPs, with counts and
// ages:
//
//   - plan_approval: a plan submitted (or revised) and waiting for the
//     pejabat penilai's approval or return, since its submission;
//   - rating: realisation reported for a window that is over (the day is
//     after its last day) and no periodic ratings in force for it, since
//     the day after the window's end;
//   - overdue_realisation: an approved plan and no realisation reported
//     for a window whose deadline has passed, since the day after the
//     deadline;
//   - feedback_response: a response of the employee to feedback that the
//     pejabat penilai has not followed yet, since the response. A response
//     counts as read once the pejabat penilai acts on that SKP after it:
//     gives feedback, returns or approves the plan, gives or amends
//     ratings. (The log records no reading, so acting is the evidence.)
//   - objection: an objection filed against the annual ratings and not
//     decided, for the atasan pejabat penilai, since its filing, with the
//     deadline recorded with it.
//
// Windows closed by HR (or by closing the year) carry no tasks: nothing
// may be reported or rated in them any more.
//
// The projector stores facts only (the lines, the windows with their
// dates, plan status, windows reported and rated, unfollowed responses,
// undecided objections); Load applies the day: the line in force
// (employee.LineInForce) and whether a window is over or overdue
// (period.Window.Ended, Overdue). No daily job is needed.
package worklist

import (
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// Name is the projection's permanent identity (handler name, checkpoint key).
const Name = "worklist"

// Projection is the worklist projector.
type Projection = pgbatch.Projector[*pgbatch.Batch]

// tables are the tables of the read model.
var tables = []string{"worklist_employees", "worklist_lines", "worklist_windows", "worklist_skps",
	"worklist_reports", "worklist_rated", "worklist_responses", "worklist_objections", "worklist_inputs"}

// New returns the worklist projector.
func New() *Projection {
	return pgbatch.New(Name, tables,
		pgbatch.On("employee", employee.Decode, onEmployee),
		pgbatch.On("period", period.Decode, onPeriod),
		pgbatch.On("skp", skp.Decode, onSKP))
}
