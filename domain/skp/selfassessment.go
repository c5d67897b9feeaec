package skp

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/text"
)

// Errors of the self-assessment and of peer feedback.
var (
	ErrNotInvited          = errors.New("the colleague was not invited to give feedback for this window")
	ErrAlreadyInvited      = errors.New("the colleague is already invited for this window")
	ErrPeerFeedbackGiven   = errors.New("the colleague already gave feedback for this window")
	ErrPeerNotColleague    = errors.New("the employee and their pejabat penilai cannot be invited as peers")
	ErrNotOwnerNorPenilai  = errors.New("only the employee or their pejabat penilai in force may invite peers")
	ErrAssessmentAfterRate = errors.New("the window is already rated; a self-assessment or peer feedback informs the rating and comes before it")
)

// SelfAssessment is the input of SelfAssess.
type SelfAssessment struct {
	Hasil      performance.Rating
	Perilaku   []ValueView
	Reflection string
	ActionPlan string
	Evidence   []string
}

// SelfAssess records the employee's self-assessment of period window. Only
// the employee, on an SKP approved at least once, while the window is open
// (period.Period.CheckOpen) and before it is rated. Hasil is required; each
// BerAKHLAK value is named at most once and rated. A later self-assessment
// of the window replaces the earlier one.
func (s *SKP) SelfAssess(at time.Time, by actor.Actor, per *period.Period, window int, a SelfAssessment) ([]Event, error) {
	if err := s.asOwner(at, by); err != nil {
		return nil, err
	}
	w, err := s.beforeRating(at, per, window, "self-assess")
	if err != nil {
		return nil, err
	}
	if !a.Hasil.Valid() {
		return nil, invalid("hasil", "%q is not a rating", a.Hasil)
	}
	values, err := checkValues("perilaku", a.Perilaku, true)
	if err != nil {
		return nil, err
	}
	reflection, err := block("reflection", a.Reflection, text.MaxReflection)
	if err != nil {
		return nil, err
	}
	plan, err := block("action_plan", a.ActionPlan, text.MaxReflection)
	if err != nil {
		return nil, err
	}
	evidence, err := normalizeEvidence(a.Evidence)
	if err != nil {
		return nil, err
	}
	return s.record(SelfAssessed{NIP: s.nip, Year: s.year, Window: window, Label: w.Label, Hasil: a.Hasil,
		Perilaku: values, Reflection: reflection, ActionPlan: plan, Evidence: evidence, At: at, By: by}), nil
}

// InvitePeer records that the employee, or their pejabat penilai in force,
// invites colleague peer to give feedback for period window. The caller
// (the use case) checks that peer is a registered employee of the SKP's
// instansi. Neither the employee nor the pejabat penilai in force can be a
// peer, and a colleague is invited once per window.
func (s *SKP) InvitePeer(at time.Time, by actor.Actor, line employee.ReportingLine, per *period.Period, window int, peer string) ([]Event, error) {
	if err := s.begin(at); err != nil {
		return nil, err
	}
	switch {
	case by.NIP == s.nip:
		if err := s.asOwner(at, by); err != nil {
			return nil, err
		}
	case by.Role == actor.PejabatPenilai:
		if err := s.asPenilai(at, by, line); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("invite a peer on SKP %s %d: %w", s.nip, s.year, ErrNotOwnerNorPenilai)
	}
	w, err := s.beforeRating(at, per, window, "invite a peer for")
	if err != nil {
		return nil, err
	}
	peer, err = line1("peer", peer)
	if err != nil {
		return nil, err
	}
	switch {
	case peer == "":
		return nil, invalid("peer", "required")
	case peer == s.nip || peer == line.PejabatPenilai:
		return nil, fmt.Errorf("invite %s on SKP %s %d: %w", peer, s.nip, s.year, ErrPeerNotColleague)
	case slices.ContainsFunc(s.peers[window], func(p peerState) bool {
		// The employee sees the colleagues invited by others without their
		// NIP: their invitation of a colleague the penilai already invited
		// is recorded as their own, as that of any other colleague would be,
		// so that it does not tell them whom the penilai invited. The
		// colleague still gives feedback once (RecordPeerFeedback).
		return p.nip == peer && (by.NIP != s.nip || p.invited.By.NIP == s.nip)
	}):
		return nil, fmt.Errorf("invite %s for %s on SKP %s: %w", peer, w.Label, s.nip, ErrAlreadyInvited)
	}
	return s.record(PeerInvited{NIP: s.nip, Year: s.year, Window: window, Label: w.Label, Peer: peer, At: at, By: by}), nil
}

// RecordPeerFeedback records the feedback of by, a colleague invited for
// period window, on one or more BerAKHLAK values, each with a comment and
// optionally a rating. Uninvited colleagues are refused (ErrNotInvited);
// each invitation takes one feedback, before the window is rated.
func (s *SKP) RecordPeerFeedback(at time.Time, by actor.Actor, per *period.Period, window int, values []ValueView) ([]Event, error) {
	if err := s.begin(at); err != nil {
		return nil, err
	}
	if err := by.Require(actor.Pegawai); err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(s.peers[window], func(p peerState) bool { return p.nip == by.NIP }) {
		return nil, fmt.Errorf("%s on SKP %s %d window %d: %w", by.NIP, s.nip, s.year, window, ErrNotInvited)
	}
	if slices.ContainsFunc(s.peers[window], func(p peerState) bool { return p.nip == by.NIP && p.feedback != nil }) {
		return nil, fmt.Errorf("%s on SKP %s %d window %d: %w", by.NIP, s.nip, s.year, window, ErrPeerFeedbackGiven)
	}
	w, err := s.beforeRating(at, per, window, "give peer feedback on")
	if err != nil {
		return nil, err
	}
	vs, err := checkValues("values", values, false)
	if err != nil {
		return nil, err
	}
	if len(vs) == 0 {
		return nil, invalid("values", "at least one BerAKHLAK value")
	}
	return s.record(PeerFeedbackRecorded{NIP: s.nip, Year: s.year, Window: window, Label: w.Label, Values: vs, At: at, By: by}), nil
}

// beforeRating checks that the SKP was approved at least once, that window
// is open on the day of at and that it is not rated yet.
func (s *SKP) beforeRating(at time.Time, per *period.Period, window int, action string) (period.Window, error) {
	if !s.approvedOnce {
		return period.Window{}, fmt.Errorf("SKP %s %d: %w", s.nip, s.year, ErrNotApproved)
	}
	w, err := s.openWindow(at, per, window, action)
	if err != nil {
		return period.Window{}, err
	}
	if _, ok := s.periodic[window]; ok {
		return period.Window{}, fmt.Errorf("%s of SKP %s %d: %w", w.Label, s.nip, s.year, ErrAssessmentAfterRate)
	}
	return w, nil
}

// checkValues checks views on BerAKHLAK values: each a known value, named
// once, with a rating when rated is set (else an optional one) and a
// comment within its limit (required when there is no rating).
func checkValues(field string, in []ValueView, rated bool) ([]ValueView, error) {
	out := make([]ValueView, 0, len(in))
	for i, v := range in {
		f := fmt.Sprintf("%s[%d]", field, i)
		switch {
		case !v.Value.Valid():
			return nil, invalid(f+".value", "%q is not a BerAKHLAK value", v.Value)
		case slices.ContainsFunc(out, func(o ValueView) bool { return o.Value == v.Value }):
			return nil, invalid(f+".value", "%s is named twice", v.Value)
		case (rated || v.Rating != "") && !v.Rating.Valid():
			return nil, invalid(f+".rating", "%q is not a rating", v.Rating)
		}
		c, err := block(f+".comment", v.Comment, text.MaxValueComment)
		if err != nil {
			return nil, err
		}
		if c == "" && v.Rating == "" {
			return nil, invalid(f+".comment", "required without a rating")
		}
		v.Comment = c
		out = append(out, v)
	}
	return out, nil
}

// line1 checks a single-line identifier field.
func line1(field, s string) (string, error) { return line(field, s, text.MaxIdentifier) }

// peerState is one invitation of a colleague for a window and the feedback
// given on it. A colleague has at most two invitations of a window: the
// penilai's and then the employee's (InvitePeer), and gives feedback once,
// on one of them (applySelf).
type peerState struct {
	nip      string
	invited  PeerInvited
	feedback *PeerFeedbackRecorded
}

// applySelf applies the self-assessment and peer events.
func (s *SKP) applySelf(e Event) {
	switch e := e.(type) {
	case SelfAssessed:
		s.self[e.Window] = e
	case PeerInvited:
		s.peers[e.Window] = append(s.peers[e.Window], peerState{nip: e.Peer, invited: e})
	case PeerFeedbackRecorded:
		// The feedback goes on the employee's own invitation of the
		// colleague when there is one, else on the first: the employee sees
		// their own invitation answered as if nobody else had invited the
		// colleague, and an answer given before their invitation stays where
		// it was.
		ps := s.peers[e.Window]
		i := slices.IndexFunc(ps, func(p peerState) bool { return p.nip == e.By.NIP && p.invited.By.NIP == s.nip })
		if i < 0 {
			i = slices.IndexFunc(ps, func(p peerState) bool { return p.nip == e.By.NIP })
		}
		if i >= 0 {
			f := e
			ps[i].feedback = &f
		}
	}
}
