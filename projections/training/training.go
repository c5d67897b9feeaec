// Package training is the read model HR uses to plan development: the
// employees who need training and why, each need with the ids of the
// events it rests on. The kinds of need (DOMAIN.md, "Development"):
//
//   - predikat: an annual or periodic predikat in force of butuh_perbaikan,
//     kurang or sangat_kurang (evidence: the ratings event in force);
//   - perilaku: perilaku kerja, the behaviour measured against the
//     BerAKHLAK values, rated di_bawah_ekspektasi (evidence: the ratings
//     event, and the feedback on BerAKHLAK values of that year, whose
//     values the need names);
//   - berakhlak_feedback: feedback the pejabat penilai gave on a BerAKHLAK
//     value. Feedback events carry the value and a text but no rating, so
//     every such comment is listed as a coaching point (evidence: the
//     feedback events on that value);
//   - iki_under_target: an IKI with a quantitative target whose realisation
//     in the closed windows of the year falls short of the target pro rata
//     (target × closed windows / windows of the year, counting only the
//     windows that did not end before the appointment the NIP encodes),
//     on an SKP approved at least once (evidence: the plan event that set
//     the target, the realisation events of the closed windows and the
//     events that closed them). Qualitative targets cannot be compared and
//     are not listed.
//
// A need is closed, and no longer listed, once a follow-up of kind
// pelatihan (training attended) rests on one of the events the need rests
// on: the rating event in force of a predikat or perilaku need.
//
// The projector stores facts only; Needs derives the needs at query time,
// so the rules above can change without a rebuild. Employees who left the
// service are not listed; the unit filter is the employee's current unit.
package training

import (
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/followup"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// Name is the projection's permanent identity (handler name, checkpoint key).
const Name = "training"

// Projection is the training needs projector.
type Projection = pgbatch.Projector[*pgbatch.Batch]

// tables are the tables of the read model.
var tables = []string{"training_employees", "training_skp", "training_iki", "training_iki_latest", "training_realisations", "training_ratings",
	"training_feedback", "training_windows", "training_attended"}

// New returns the training needs projector.
func New() *Projection {
	return pgbatch.New(Name, tables,
		pgbatch.On("employee", employee.Decode, onEmployee),
		pgbatch.On("period", period.Decode, onPeriod),
		pgbatch.On("skp", skp.Decode, onSKP),
		pgbatch.On("followup", followup.Decode, onFollowup))
}

// onEmployee queues the statements of an employee event: the list of
// employees.
func onEmployee(b *pgbatch.Batch, ev employee.Event) {
	pgbatch.QueueEmployeeList(b, "training_employees", ev)
}

// onPeriod queues the statements of a period event: the windows of a year,
// and the event that closed each (closing the year closes the windows
// still open).
func onPeriod(b *pgbatch.Batch, ev period.Event) {
	switch ev := ev.(type) {
	case period.Opened:
		nums, labels := make([]int32, len(ev.Windows)), make([]string, len(ev.Windows))
		for i, w := range ev.Windows {
			nums[i], labels[i] = int32(w.Number), w.Label
		}
		b.Queue(`INSERT INTO training_windows (instansi, year, window_no, label)
			SELECT $1, $2, w.n, w.label FROM unnest($3::int[], $4::text[]) AS w(n, label)
			ON CONFLICT (instansi, year, window_no) DO UPDATE SET label = EXCLUDED.label`, ev.Instansi, ev.Year, nums, labels)
	case period.WindowClosed:
		b.Queue(`UPDATE training_windows SET closed_event_id = COALESCE(closed_event_id, $4)
			WHERE instansi = $1 AND year = $2 AND window_no = $3`, ev.Instansi, ev.Year, ev.Window, b.Event().ID)
	case period.YearClosed:
		b.Queue(`UPDATE training_windows SET closed_event_id = COALESCE(closed_event_id, $3)
			WHERE instansi = $1 AND year = $2`, ev.Instansi, ev.Year, b.Event().ID)
	}
}
