package skp

import (
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
)

// RealisationReported records the realisation of an IKI in a period window
// (schema v2: Evidence is a list; v1 had a single string). Late is true when
// it was reported after the window's deadline; late reports are kept, not
// rejected.
type RealisationReported struct {
	NIP      string      `json:"nip"`
	Year     int         `json:"year"`
	Window   int         `json:"window"`
	Label    string      `json:"label"`
	IKI      string      `json:"iki"`
	Quantity *float64    `json:"quantity,omitempty"`
	Text     string      `json:"text,omitempty"`
	Evidence []string    `json:"evidence"`
	Late     bool        `json:"late"`
	Deadline civil.Date  `json:"deadline"`
	At       time.Time   `json:"at"`
	By       actor.Actor `json:"by"`
}

// RealisationCorrected records a corrected realisation, what it replaces and why.
type RealisationCorrected struct {
	NIP      string      `json:"nip"`
	Year     int         `json:"year"`
	Window   int         `json:"window"`
	Label    string      `json:"label"`
	IKI      string      `json:"iki"`
	Quantity *float64    `json:"quantity,omitempty"`
	Text     string      `json:"text,omitempty"`
	Evidence []string    `json:"evidence"`
	Previous Realisation `json:"previous"`
	Reason   string      `json:"reason"`
	Late     bool        `json:"late"`
	Deadline civil.Date  `json:"deadline"`
	At       time.Time   `json:"at"`
	By       actor.Actor `json:"by"`
}

// FeedbackGiven records continuous feedback by the pejabat penilai on one
// RHK or on one BerAKHLAK value. Feedback is numbered 1, 2, … within the SKP.
type FeedbackGiven struct {
	NIP      string      `json:"nip"`
	Year     int         `json:"year"`
	No       int         `json:"no"`
	RHK      string      `json:"rhk,omitempty"`
	Value    Value       `json:"value,omitempty"`
	Text     string      `json:"text"`
	Evidence []string    `json:"evidence,omitempty"`
	At       time.Time   `json:"at"`
	By       actor.Actor `json:"by"`
}

// FeedbackResponded records the employee's response to feedback number No.
type FeedbackResponded struct {
	NIP  string      `json:"nip"`
	Year int         `json:"year"`
	No   int         `json:"no"`
	Text string      `json:"text"`
	At   time.Time   `json:"at"`
	By   actor.Actor `json:"by"`
}

// PeriodicRatingsGiven records the ratings of one period window.
type PeriodicRatingsGiven struct {
	NIP           string      `json:"nip"`
	Year          int         `json:"year"`
	Window        int         `json:"window"`
	Label         string      `json:"label"`
	Ratings       Ratings     `json:"ratings"`
	Note          string      `json:"note,omitempty"`
	PolicyVersion string      `json:"policy_version"`
	At            time.Time   `json:"at"`
	By            actor.Actor `json:"by"`
}

// AnnualRatingsGiven records the annual ratings: the result the employee
// receives at At, from which the objection deadline runs.
type AnnualRatingsGiven struct {
	NIP           string      `json:"nip"`
	Year          int         `json:"year"`
	Ratings       Ratings     `json:"ratings"`
	Note          string      `json:"note,omitempty"`
	PolicyVersion string      `json:"policy_version"`
	At            time.Time   `json:"at"`
	By            actor.Actor `json:"by"`
}

// RatingsAmended records a change of ratings in force, from Previous to New,
// and why. Window is the period window, or 0 for the annual ratings.
type RatingsAmended struct {
	NIP           string      `json:"nip"`
	Year          int         `json:"year"`
	Window        int         `json:"window"`
	Previous      Ratings     `json:"previous"`
	New           Ratings     `json:"new"`
	Reason        string      `json:"reason"`
	PolicyVersion string      `json:"policy_version"`
	At            time.Time   `json:"at"`
	By            actor.Actor `json:"by"`
}

// ObjectionFiled records the employee's objection (keberatan) against the
// annual ratings, received at Received, with the deadline that applied.
type ObjectionFiled struct {
	NIP           string      `json:"nip"`
	Year          int         `json:"year"`
	Reasons       string      `json:"reasons"`
	Against       Ratings     `json:"against"`
	Received      time.Time   `json:"received"`
	Deadline      time.Time   `json:"deadline"`
	PolicyVersion string      `json:"policy_version"`
	At            time.Time   `json:"at"`
	By            actor.Actor `json:"by"`
}

// Outcome is the atasan pejabat penilai's decision on an objection.
type Outcome string

// The outcomes of an objection.
const (
	OutcomeRatingsUpheld  Outcome = "ratings_upheld"  // the annual ratings stand
	OutcomeRatingsChanged Outcome = "ratings_changed" // the annual ratings are replaced by New
)

// ObjectionDecided records the final decision on the objection. New is set
// only when the outcome is OutcomeRatingsChanged.
type ObjectionDecided struct {
	NIP      string      `json:"nip"`
	Year     int         `json:"year"`
	Outcome  Outcome     `json:"outcome"`
	Previous Ratings     `json:"previous"`
	New      Ratings     `json:"new,omitzero"`
	Note     string      `json:"note"`
	At       time.Time   `json:"at"`
	By       actor.Actor `json:"by"`
}

// EventType returns TypeRealisationReported.
func (RealisationReported) EventType() string { return TypeRealisationReported }

// EventType returns TypeRealisationCorrected.
func (RealisationCorrected) EventType() string { return TypeRealisationCorrected }

// EventType returns TypeFeedbackGiven.
func (FeedbackGiven) EventType() string { return TypeFeedbackGiven }

// EventType returns TypeFeedbackResponded.
func (FeedbackResponded) EventType() string { return TypeFeedbackResponded }

// EventType returns TypePeriodicRatingsGiven.
func (PeriodicRatingsGiven) EventType() string { return TypePeriodicRatingsGiven }

// EventType returns TypeAnnualRatingsGiven.
func (AnnualRatingsGiven) EventType() string { return TypeAnnualRatingsGiven }

// EventType returns TypeRatingsAmended.
func (RatingsAmended) EventType() string { return TypeRatingsAmended }

// EventType returns TypeObjectionFiled.
func (ObjectionFiled) EventType() string { return TypeObjectionFiled }

// EventType returns TypeObjectionDecided.
func (ObjectionDecided) EventType() string { return TypeObjectionDecided }
