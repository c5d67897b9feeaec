package skp

import (
	"time"

	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
)

// DueKind names what the employee has to do next (or may still do).
type DueKind string

// The kinds of due item, in the order Due lists them.
const (
	// DueDraftPlan: no SKP was drafted for the year yet.
	DueDraftPlan DueKind = "draft_plan"
	// DueSubmitPlan: the plan is a draft that was never submitted.
	DueSubmitPlan DueKind = "submit_plan"
	// DueResubmitPlan: the pejabat penilai returned the plan; edit it and
	// submit it again (the return notes say what to change).
	DueResubmitPlan DueKind = "resubmit_plan"
	// DueReportRealisation: an open window lacks realisation for some IKI
	// of the plan.
	DueReportRealisation DueKind = "report_realisation"
	// DueRespondToFeedback: a feedback awaits the employee's response.
	DueRespondToFeedback DueKind = "respond_to_feedback"
	// DueObjection: the annual ratings were received and an objection may
	// still be filed, until the deadline.
	DueObjection DueKind = "objection_possible"
)

// DueItem is one thing due from the employee on their SKP. Window, Label
// and IKI are set for realisation; Feedback (its number) for a response;
// Deadline for realisation (the window's deadline) and an objection (the
// last day to file it). Since is when the item became due where an event
// made it so (the plan's return, the feedback, the annual rating). Overdue
// is true once the deadline has passed (a late report is still accepted).
type DueItem struct {
	Kind     DueKind     `json:"kind"`
	Window   int         `json:"window,omitempty"`
	Label    string      `json:"label,omitempty"`
	IKI      []string    `json:"iki,omitempty"`
	Feedback int         `json:"feedback,omitempty"`
	Since    *time.Time  `json:"since,omitempty"`
	Deadline *civil.Date `json:"deadline,omitempty"`
	Overdue  bool        `json:"overdue"`
}

// Due returns what is due from the employee on day today: the plan to
// draft, submit or resubmit; for each window of per open on today (see
// period.Period.CheckOpen), not ended before the appointment the NIP
// encodes, and not rated the IKI of the plan in force (the one last
// approved, also while a revision waits) without realisation, once the
// plan was approved and until the year is rated; each feedback without a
// response; and, after the annual ratings and until policy's objection
// deadline counted from their receipt, the objection the employee may file.
// per may be nil or not opened (no window is then open); policy is the
// policy in force for the year, the one FileObjection is given. s may be an
// SKP not drafted yet.
func Due(s *SKP, per *period.Period, policy performance.Policy, today civil.Date) []DueItem {
	out := []DueItem{}
	switch {
	case !s.drafted:
		return append(out, DueItem{Kind: DueDraftPlan})
	case s.status == StatusDraft:
		out = append(out, DueItem{Kind: DueSubmitPlan})
	case s.status == StatusReturned:
		item := DueItem{Kind: DueResubmitPlan}
		if n := len(s.returns); n > 0 {
			item.Since = timePtr(s.returns[n-1].At)
		}
		out = append(out, item)
	}
	out = append(out, s.dueRealisation(per, today)...)
	for _, f := range s.feedback {
		if f.Response == nil {
			out = append(out, DueItem{Kind: DueRespondToFeedback, Feedback: f.No, Since: timePtr(f.At)})
		}
	}
	if item, ok := s.dueObjection(policy, today); ok {
		out = append(out, item)
	}
	return out
}

// dueRealisation returns a due item per window open on today that lacks
// realisation of an IKI of the plan, and was not rated yet: once the
// window (or the year) is rated, a report can still be recorded but no
// longer informs the rating, so it is not asked for. A window that ended
// before the appointment the NIP encodes is not the employee's to report.
func (s *SKP) dueRealisation(per *period.Period, today civil.Date) []DueItem {
	if !s.approvedOnce || per == nil || !per.Opened() || per.Year() != s.year || s.annual != nil {
		return nil
	}
	appointed, known := employee.AppointmentOf(s.nip)
	var out []DueItem
	for _, w := range per.Windows() {
		if _, rated := s.periodic[w.Number]; rated || !per.IsOpen(w.Number, today) || (known && w.End.Before(appointed)) {
			continue
		}
		var missing []string
		for _, rhk := range s.planInForce().RHK {
			for _, k := range rhk.IKI {
				if _, ok := s.realisations[realKey{w.Number, k.ID}]; !ok {
					missing = append(missing, k.ID)
				}
			}
		}
		if len(missing) > 0 {
			d := w.Deadline
			out = append(out, DueItem{Kind: DueReportRealisation, Window: w.Number, Label: w.Label, IKI: missing,
				Deadline: &d, Overdue: today.After(d)})
		}
	}
	return out
}

// dueObjection returns the objection the employee may still file: after
// the annual ratings, none filed, until the deadline counted from when the
// result in force was received.
func (s *SKP) dueObjection(policy performance.Policy, today civil.Date) (DueItem, bool) {
	if s.annual == nil || s.objection.filed || policy.ObjectionDays < 1 {
		return DueItem{}, false
	}
	received := s.annual.at
	deadline := civil.DateOf(policy.ObjectionDeadline(received))
	if today.After(deadline) || today.Before(civil.DateOf(received)) {
		return DueItem{}, false
	}
	return DueItem{Kind: DueObjection, Since: timePtr(received), Deadline: &deadline}, true
}

func timePtr(t time.Time) *time.Time { return &t }
