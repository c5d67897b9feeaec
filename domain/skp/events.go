package skp

import (
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/performance"
)

// The stable type strings of the SKP events.
const (
	TypeDrafted              = "skp.drafted"
	TypeEdited               = "skp.edited"
	TypeSubmitted            = "skp.submitted"
	TypeReturned             = "skp.returned"
	TypeApproved             = "skp.approved"
	TypeRevised              = "skp.revised"
	TypeRealisationReported  = "skp.realisation_reported"
	TypeRealisationCorrected = "skp.realisation_corrected"
	TypeFeedbackGiven        = "skp.feedback_given"
	TypeFeedbackResponded    = "skp.feedback_responded"
	TypePeriodicRatingsGiven = "skp.periodic_ratings_given"
	TypeAnnualRatingsGiven   = "skp.annual_ratings_given"
	TypeRatingsAmended       = "skp.ratings_amended"
	TypeObjectionFiled       = "skp.objection_filed"
	TypeObjectionDecided     = "skp.objection_decided"
)

// Event is implemented by every SKP event payload.
type Event interface {
	EventType() string
}

// Drafted records a new SKP. JPT marks the SKP of a senior executive (its RHK
// carry a perspektif); Head marks the SKP of the head of the organisation
// (its RHK need not name a superior's RHK).
type Drafted struct {
	NIP      string      `json:"nip"`
	Year     int         `json:"year"`
	Instansi string      `json:"instansi"`
	JPT      bool        `json:"jpt"`
	Head     bool        `json:"head"`
	Plan     Plan        `json:"plan"`
	At       time.Time   `json:"at"`
	By       actor.Actor `json:"by"`
}

// Edited records a new version of a draft or returned plan.
type Edited struct {
	NIP  string      `json:"nip"`
	Year int         `json:"year"`
	Plan Plan        `json:"plan"`
	At   time.Time   `json:"at"`
	By   actor.Actor `json:"by"`
}

// Submitted records that the employee submitted the plan for approval.
type Submitted struct {
	NIP  string      `json:"nip"`
	Year int         `json:"year"`
	At   time.Time   `json:"at"`
	By   actor.Actor `json:"by"`
}

// Returned records that the pejabat penilai returned the plan with a note.
type Returned struct {
	NIP  string      `json:"nip"`
	Year int         `json:"year"`
	Note string      `json:"note"`
	At   time.Time   `json:"at"`
	By   actor.Actor `json:"by"`
}

// Approved records that the pejabat penilai approved the plan: it is now the
// agreed expectation.
type Approved struct {
	NIP  string      `json:"nip"`
	Year int         `json:"year"`
	At   time.Time   `json:"at"`
	By   actor.Actor `json:"by"`
}

// Revised records a change to an approved plan and why; the plan needs
// approval again.
type Revised struct {
	NIP    string      `json:"nip"`
	Year   int         `json:"year"`
	Plan   Plan        `json:"plan"`
	Reason string      `json:"reason"`
	At     time.Time   `json:"at"`
	By     actor.Actor `json:"by"`
}

// Ratings are the two ratings of the supervisor and the predikat the matrix
// derives from them (performance.PredikatOf).
type Ratings struct {
	Hasil    performance.Rating   `json:"hasil"`
	Perilaku performance.Rating   `json:"perilaku"`
	Predikat performance.Predikat `json:"predikat"`
}

// EventType returns TypeDrafted.
func (Drafted) EventType() string { return TypeDrafted }

// EventType returns TypeEdited.
func (Edited) EventType() string { return TypeEdited }

// EventType returns TypeSubmitted.
func (Submitted) EventType() string { return TypeSubmitted }

// EventType returns TypeReturned.
func (Returned) EventType() string { return TypeReturned }

// EventType returns TypeApproved.
func (Approved) EventType() string { return TypeApproved }

// EventType returns TypeRevised.
func (Revised) EventType() string { return TypeRevised }
