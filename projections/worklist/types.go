package worklist

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/kinerja/kinerja/domain/civil"
)

// The kinds of task.
const (
	KindPlanApproval       = "plan_approval"
	KindRating             = "rating"
	KindOverdueRealisation = "overdue_realisation"
	KindFeedbackResponse   = "feedback_response"
	KindObjection          = "objection"
)

// Kinds returns every kind of task.
func Kinds() []string {
	return []string{KindPlanApproval, KindRating, KindOverdueRealisation, KindFeedbackResponse, KindObjection}
}

// The capacities in which an official has an evaluatee.
const (
	AsPenilai = "pejabat_penilai"
	AsAtasan  = "atasan_pejabat_penilai"
)

// ErrBadQuery: a Query names an unknown kind, or no official or day.
var ErrBadQuery = errors.New("invalid worklist query")

// Query names one worklist: the official's, on Day, with ages counted up
// to Day; civil days of stored times are taken in Location (UTC when
// nil). Kind and Unit, when set, keep only the tasks of that kind and
// the evaluatees (and their tasks) whose current unit is Unit.
type Query struct {
	Official string
	Day      civil.Date
	Location *time.Location
	Kind     string
	Unit     string
	// Capacities, when set, keeps only the evaluatees (and tasks) the
	// official has in these capacities (AsPenilai, AsAtasan): those of the
	// roles the caller holds.
	Capacities []string
}

// Validate reports a query Load cannot answer; the error wraps ErrBadQuery.
func (q Query) Validate() error {
	switch {
	case q.Official == "":
		return fmt.Errorf("%w: no official", ErrBadQuery)
	case !q.Day.IsValid():
		return fmt.Errorf("%w: no day", ErrBadQuery)
	case q.Kind != "" && !slices.Contains(Kinds(), q.Kind):
		return fmt.Errorf("%w: kind %q (want one of %s)", ErrBadQuery, q.Kind, strings.Join(Kinds(), ", "))
	}
	return nil
}

// Worklist is an official's worklist on a day.
type Worklist struct {
	Official string     `json:"official"`
	Day      civil.Date `json:"day"`
	// Evaluatees are the employees the official evaluates on Day, by NIP.
	Evaluatees []Evaluatee `json:"evaluatees"`
	// Counts has the number of open tasks per kind (every kind, with
	// the unit filter but without the kind filter); Total is their sum.
	Counts map[string]int `json:"counts"`
	Total  int            `json:"total"`
	// Tasks are the open tasks (with both filters), oldest first.
	Tasks []Task `json:"tasks"`
}

// Evaluatee is an employee an official evaluates on the day: as pejabat
// penilai, as atasan pejabat penilai, or both; Acting says the line names
// the official as acting (Plt/Plh).
type Evaluatee struct {
	NIP       string   `json:"nip"`
	Name      string   `json:"name"`
	Instansi  string   `json:"instansi"`
	Unit      string   `json:"unit"`
	As        []string `json:"as"`
	Acting    bool     `json:"acting"`
	OpenTasks int      `json:"open_tasks"`
	// left: out of the service on the day; such an evaluatee is listed
	// only with an objection to decide (a former employee may object).
	left bool
}

// Task is one open task of an official on one evaluatee's SKP. Since is
// the day the task opened and AgeDays the days from Since to the day of
// the worklist. Window and Label name the window of rating and
// overdue_realisation tasks, FeedbackNo the feedback of a response,
// Deadline the deadline of an objection (the one recorded when it was
// filed) or of an overdue window.
type Task struct {
	Kind       string      `json:"kind"`
	NIP        string      `json:"nip"`
	Name       string      `json:"name"`
	Unit       string      `json:"unit"`
	Year       int         `json:"year"`
	Window     int         `json:"window,omitempty"`
	Label      string      `json:"label,omitempty"`
	FeedbackNo int         `json:"feedback_no,omitempty"`
	Since      civil.Date  `json:"since"`
	AgeDays    int         `json:"age_days"`
	Deadline   *civil.Date `json:"deadline,omitempty"`
	Acting     bool        `json:"acting"`
	// ExpectationsMissing, on a plan_approval task, lists the BerAKHLAK
	// values whose expectation the penilai must set before approving.
	ExpectationsMissing []string `json:"expectations_missing,omitempty"`
	// SelfAssessmentEventID and PeerFeedback tell the penilai, on a
	// rating task, that the employee recorded a self-assessment of the
	// window (its event) and how many invited colleagues gave feedback; both
	// are on the SKP (window_inputs). They inform the rating only.
	SelfAssessmentEventID string `json:"self_assessment_event_id,omitempty"`
	PeerFeedback          int    `json:"peer_feedback,omitempty"`
}
