package skp

import (
	"slices"
	"sort"
	"time"
)

// WindowInput is what informs the rating of one period window besides the
// realisation: the employee's self-assessment in force (nil when none) and
// the colleagues invited, with their feedback (nil until given). It is
// shown to the pejabat penilai before rating and never replaces the rating.
type WindowInput struct {
	Window         int           `json:"window"`
	Label          string        `json:"label"`
	SelfAssessment *SelfAssessed `json:"self_assessment"`
	Peers          []PeerInput   `json:"peers"`
}

// PeerInput is one invited colleague and their feedback.
type PeerInput struct {
	Peer      string                `json:"peer"`
	InvitedBy string                `json:"invited_by"`
	InvitedAt time.Time             `json:"invited_at"`
	Feedback  *PeerFeedbackRecorded `json:"feedback"`
}

// WindowInputs returns, per window with a self-assessment or an invited
// peer, in window order, what informs its rating.
func (s *SKP) WindowInputs() []WindowInput {
	windows := map[int]bool{}
	for w := range s.self {
		windows[w] = true
	}
	for w := range s.peers {
		windows[w] = true
	}
	nums := make([]int, 0, len(windows))
	for w := range windows {
		nums = append(nums, w)
	}
	sort.Ints(nums)
	out := make([]WindowInput, 0, len(nums))
	for _, w := range nums {
		in := WindowInput{Window: w, Peers: []PeerInput{}}
		if a, ok := s.self[w]; ok {
			a.Perilaku, a.Evidence = slices.Clone(a.Perilaku), slices.Clone(a.Evidence)
			in.SelfAssessment, in.Label = &a, a.Label
		}
		for _, p := range s.peers[w] {
			pi := PeerInput{Peer: p.nip, InvitedBy: p.invited.By.NIP, InvitedAt: p.invited.At}
			if p.feedback != nil {
				f := *p.feedback
				f.Values = slices.Clone(f.Values)
				pi.Feedback = &f
			}
			in.Label = p.invited.Label
			in.Peers = append(in.Peers, pi)
		}
		out = append(out, in)
	}
	return out
}

// SelfAssessment returns the self-assessment in force for window.
func (s *SKP) SelfAssessment(window int) (SelfAssessed, bool) {
	a, ok := s.self[window]
	return a, ok
}

// Invited reports whether colleague nip is invited to give feedback for window.
func (s *SKP) Invited(window int, nip string) bool {
	return slices.ContainsFunc(s.peers[window], func(p peerState) bool { return p.nip == nip })
}
