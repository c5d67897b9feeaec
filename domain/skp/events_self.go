package skp

import (
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/performance"
)

// The stable type strings of the self-assessment and peer feedback events.
const (
	TypeSelfAssessed         = "skp.self_assessed"
	TypePeerInvited          = "skp.peer_invited"
	TypePeerFeedbackRecorded = "skp.peer_feedback_recorded"
)

// ValueView is a view on one BerAKHLAK value: an optional rating and a
// comment. A self-assessment rates each value it names; a peer may comment
// without rating.
type ValueView struct {
	Value   Value              `json:"value"`
	Rating  performance.Rating `json:"rating,omitempty"`
	Comment string             `json:"comment,omitempty"`
}

// SelfAssessed records the employee's self-assessment (penilaian mandiri)
// of period window Window: their own view of the hasil kerja, of the
// perilaku per BerAKHLAK value, a reflection, an action plan and evidence.
// It informs the pejabat penilai's rating and never replaces it. A later
// self-assessment of the same window, before it is rated, replaces it.
type SelfAssessed struct {
	NIP        string             `json:"nip"`
	Year       int                `json:"year"`
	Window     int                `json:"window"`
	Label      string             `json:"label"`
	Hasil      performance.Rating `json:"hasil"`
	Perilaku   []ValueView        `json:"perilaku"`
	Reflection string             `json:"reflection"`
	ActionPlan string             `json:"action_plan"`
	Evidence   []string           `json:"evidence"`
	At         time.Time          `json:"at"`
	By         actor.Actor        `json:"by"`
}

// PeerInvited records that the employee or their pejabat penilai invited a
// colleague (rekan kerja) of the same instansi to give feedback on the
// BerAKHLAK values for period window Window.
type PeerInvited struct {
	NIP    string      `json:"nip"`
	Year   int         `json:"year"`
	Window int         `json:"window"`
	Label  string      `json:"label"`
	Peer   string      `json:"peer"`
	At     time.Time   `json:"at"`
	By     actor.Actor `json:"by"`
}

// PeerFeedbackRecorded records the feedback of an invited colleague (By)
// on BerAKHLAK values for period window Window.
type PeerFeedbackRecorded struct {
	NIP    string      `json:"nip"`
	Year   int         `json:"year"`
	Window int         `json:"window"`
	Label  string      `json:"label"`
	Values []ValueView `json:"values"`
	At     time.Time   `json:"at"`
	By     actor.Actor `json:"by"`
}

// EventType returns TypeSelfAssessed.
func (SelfAssessed) EventType() string { return TypeSelfAssessed }

// EventType returns TypePeerInvited.
func (PeerInvited) EventType() string { return TypePeerInvited }

// EventType returns TypePeerFeedbackRecorded.
func (PeerFeedbackRecorded) EventType() string { return TypePeerFeedbackRecorded }
