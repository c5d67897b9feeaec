package skp_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
)

const nipRekan = "199001012015052003"

var (
	rekan     = actor.Actor{NIP: nipRekan, Role: actor.Pegawai}
	ownValues = []skp.ValueView{{Value: skp.Akuntabel, Rating: performance.RatingSesuai, Comment: "Lapor tiap minggu"},
		{Value: skp.Kolaboratif, Rating: performance.RatingDiAtas}}
	selfQ1 = skp.SelfAssessed{NIP: nipPegawai, Year: 2025, Window: 1, Label: "2025-Q1", Hasil: performance.RatingSesuai,
		Perilaku: ownValues, Reflection: "Modul kedua terlambat", ActionPlan: "Kerja sama dengan bidang TI",
		Evidence: []string{"dms://laporan/1"}, At: on("2025-03-28"), By: pegawai}
	invitedQ1 = skp.PeerInvited{NIP: nipPegawai, Year: 2025, Window: 1, Label: "2025-Q1", Peer: nipRekan, At: on("2025-03-20"), By: pegawai}
	peerQ1    = skp.PeerFeedbackRecorded{NIP: nipPegawai, Year: 2025, Window: 1, Label: "2025-Q1",
		Values: []skp.ValueView{{Value: skp.Kolaboratif, Comment: "Selalu membantu"}}, At: on("2025-03-25"), By: rekan}
)

// TestSelfAssess: given an approved SKP and an open window, when the
// employee records a self-assessment, then it is recorded; others, bad
// input, an unapproved plan and a rated window are refused.
func TestSelfAssess(t *testing.T) {
	per := quarterly(t)
	input := skp.SelfAssessment{Hasil: performance.RatingSesuai, Perilaku: ownValues, Reflection: " Modul kedua terlambat ",
		ActionPlan: "Kerja sama dengan bidang TI", Evidence: []string{"dms://laporan/1"}}
	assess := func(by actor.Actor, date string, a skp.SelfAssessment) func(*skp.SKP) ([]skp.Event, error) {
		return func(s *skp.SKP) ([]skp.Event, error) { return s.SelfAssess(on(date), by, per, 1, a) }
	}
	with := func(f func(*skp.SelfAssessment)) skp.SelfAssessment { a := input; f(&a); return a }
	run(t, []testCase{
		{name: "by the employee", given: approvedThen(), when: assess(pegawai, "2025-03-28", input), want: []skp.Event{selfQ1}},
		{name: "again replaces", given: approvedThen(selfQ1), when: assess(pegawai, "2025-03-28", input), want: []skp.Event{selfQ1}},
		{name: "by the penilai", given: approvedThen(), when: assess(penilai, "2025-03-28", input), wantErr: actor.ErrRoleNotAllowed},
		{name: "by a colleague", given: approvedThen(), when: assess(rekan, "2025-03-28", input), wantErr: skp.ErrNotOwner},
		{name: "before approval", given: []skp.Event{drafted, submitted}, when: assess(pegawai, "2025-03-28", input), wantErr: skp.ErrNotApproved},
		{name: "window not yet open", given: approvedThen(), when: func(s *skp.SKP) ([]skp.Event, error) {
			return s.SelfAssess(on("2025-03-28"), pegawai, per, 2, input)
		}, wantErr: period.ErrWindowNotStarted},
		{name: "after the rating", given: approvedThen(q1Rated), when: assess(pegawai, "2025-04-02", input), wantErr: skp.ErrAssessmentAfterRate},
		{name: "without hasil", given: approvedThen(), when: assess(pegawai, "2025-03-28", with(func(a *skp.SelfAssessment) { a.Hasil = "" })), wantErr: skp.ErrInvalidInput},
		{name: "a value twice", given: approvedThen(), when: assess(pegawai, "2025-03-28", with(func(a *skp.SelfAssessment) {
			a.Perilaku = []skp.ValueView{ownValues[0], ownValues[0]}
		})), wantErr: skp.ErrInvalidInput},
		{name: "an unknown value", given: approvedThen(), when: assess(pegawai, "2025-03-28", with(func(a *skp.SelfAssessment) {
			a.Perilaku = []skp.ValueView{{Value: "rajin", Rating: performance.RatingSesuai}}
		})), wantErr: skp.ErrInvalidInput},
		{name: "a value unrated", given: approvedThen(), when: assess(pegawai, "2025-03-28", with(func(a *skp.SelfAssessment) {
			a.Perilaku = []skp.ValueView{{Value: skp.Loyal, Comment: "x"}}
		})), wantErr: skp.ErrInvalidInput},
		{name: "reflection over the limit", given: approvedThen(), when: assess(pegawai, "2025-03-28", with(func(a *skp.SelfAssessment) {
			a.Reflection = over(4000)
		})), wantErr: skp.ErrInvalidInput},
	})
}

// TestInvitePeer: given an approved SKP, when the employee or the penilai
// invites a colleague, then the invitation is recorded once; the employee
// themselves, the penilai and a stranger's invitation are refused.
func TestInvitePeer(t *testing.T) {
	per := quarterly(t)
	invite := func(by actor.Actor, peer string) func(*skp.SKP) ([]skp.Event, error) {
		return func(s *skp.SKP) ([]skp.Event, error) { return s.InvitePeer(on("2025-03-20"), by, line, per, 1, peer) }
	}
	byPenilai := invitedQ1
	byPenilai.By = penilai
	run(t, []testCase{
		{name: "by the employee", given: approvedThen(), when: invite(pegawai, nipRekan), want: []skp.Event{invitedQ1}},
		{name: "by the penilai", given: approvedThen(), when: invite(penilai, nipRekan), want: []skp.Event{byPenilai}},
		{name: "twice", given: approvedThen(invitedQ1), when: invite(penilai, nipRekan), wantErr: skp.ErrAlreadyInvited},
		{name: "twice by the employee", given: approvedThen(invitedQ1), when: invite(pegawai, nipRekan), wantErr: skp.ErrAlreadyInvited},
		{name: "twice by the penilai", given: approvedThen(byPenilai), when: invite(penilai, nipRekan), wantErr: skp.ErrAlreadyInvited},
		// The employee's invitation of the penilai's invitee is recorded as
		// any other would be: a 422 would tell them whom the penilai invited.
		{name: "by the employee after the penilai", given: approvedThen(byPenilai), when: invite(pegawai, nipRekan), want: []skp.Event{invitedQ1}},
		{name: "the employee", given: approvedThen(), when: invite(penilai, nipPegawai), wantErr: skp.ErrPeerNotColleague},
		{name: "the penilai", given: approvedThen(), when: invite(pegawai, nipPenilai), wantErr: skp.ErrPeerNotColleague},
		{name: "by another supervisor", given: approvedThen(), when: invite(other, nipRekan), wantErr: skp.ErrNotPejabatPenilai},
		{name: "by a colleague", given: approvedThen(), when: invite(rekan, nipAtasan), wantErr: skp.ErrNotOwnerNorPenilai},
		{name: "without a peer", given: approvedThen(), when: invite(pegawai, " "), wantErr: skp.ErrInvalidInput},
	})
}

// TestRecordPeerFeedback: given an invitation, when the invited colleague
// gives feedback, then it is recorded once; an uninvited colleague is
// refused.
func TestRecordPeerFeedback(t *testing.T) {
	per := quarterly(t)
	give := func(by actor.Actor, vs []skp.ValueView) func(*skp.SKP) ([]skp.Event, error) {
		return func(s *skp.SKP) ([]skp.Event, error) { return s.RecordPeerFeedback(on("2025-03-25"), by, per, 1, vs) }
	}
	byPenilai := invitedQ1
	byPenilai.By = penilai
	run(t, []testCase{
		{name: "invited", given: approvedThen(invitedQ1), when: give(rekan, peerQ1.Values), want: []skp.Event{peerQ1}},
		{name: "uninvited", given: approvedThen(), when: give(rekan, peerQ1.Values), wantErr: skp.ErrNotInvited},
		{name: "invited for another window", given: approvedThen(invitedQ1), when: func(s *skp.SKP) ([]skp.Event, error) {
			return s.RecordPeerFeedback(on("2025-04-25"), rekan, per, 2, peerQ1.Values)
		}, wantErr: skp.ErrNotInvited},
		{name: "twice", given: approvedThen(invitedQ1, peerQ1), when: give(rekan, peerQ1.Values), wantErr: skp.ErrPeerFeedbackGiven},
		{name: "invited by both", given: approvedThen(byPenilai, invitedQ1), when: give(rekan, peerQ1.Values), want: []skp.Event{peerQ1}},
		{name: "invited by both, twice", given: approvedThen(byPenilai, invitedQ1, peerQ1), when: give(rekan, peerQ1.Values), wantErr: skp.ErrPeerFeedbackGiven},
		{name: "answered the penilai, then invited by the employee", given: approvedThen(byPenilai, peerQ1, invitedQ1),
			when: give(rekan, peerQ1.Values), wantErr: skp.ErrPeerFeedbackGiven},
		{name: "nothing said", given: approvedThen(invitedQ1), when: give(rekan, nil), wantErr: skp.ErrInvalidInput},
		{name: "a value without comment or rating", given: approvedThen(invitedQ1),
			when: give(rekan, []skp.ValueView{{Value: skp.Loyal}}), wantErr: skp.ErrInvalidInput},
		{name: "after the rating", given: approvedThen(invitedQ1, q1Rated), when: func(s *skp.SKP) ([]skp.Event, error) {
			return s.RecordPeerFeedback(on("2025-04-02"), rekan, per, 1, peerQ1.Values)
		}, wantErr: skp.ErrAssessmentAfterRate},
	})
}

// TestWindowInputs: the penilai's view of a window lists the
// self-assessment and the peers with their feedback.
func TestWindowInputs(t *testing.T) {
	s := given(t, approvedThen(invitedQ1, selfQ1, peerQ1)...)
	peer := peerQ1
	want := []skp.WindowInput{{Window: 1, Label: "2025-Q1", SelfAssessment: &selfQ1,
		Peers: []skp.PeerInput{{Peer: nipRekan, InvitedBy: nipPegawai, InvitedAt: invitedQ1.At, Feedback: &peer}}}}
	if diff := cmp.Diff(want, s.WindowInputs()); diff != "" {
		t.Errorf("inputs (-want +got):\n%s", diff)
	}
	if !s.Invited(1, nipRekan) || s.Invited(2, nipRekan) {
		t.Error("Invited")
	}
}

// TestWindowInputsOfAColleagueInvitedTwice: the feedback of a colleague
// invited by the penilai and then by the employee goes on the employee's
// invitation, as if nobody else had invited them; an answer given before
// the employee's invitation stays on the penilai's.
func TestWindowInputsOfAColleagueInvitedTwice(t *testing.T) {
	byPenilai := invitedQ1
	byPenilai.By = penilai
	byPenilai.At = on("2025-03-10")
	peer := peerQ1
	for _, c := range []struct {
		name   string
		events []skp.Event
		want   []skp.PeerInput
	}{
		{"answered after both", []skp.Event{byPenilai, invitedQ1, peerQ1}, []skp.PeerInput{
			{Peer: nipRekan, InvitedBy: nipPenilai, InvitedAt: byPenilai.At},
			{Peer: nipRekan, InvitedBy: nipPegawai, InvitedAt: invitedQ1.At, Feedback: &peer}}},
		{"answered the penilai first", []skp.Event{byPenilai, peerQ1, invitedQ1}, []skp.PeerInput{
			{Peer: nipRekan, InvitedBy: nipPenilai, InvitedAt: byPenilai.At, Feedback: &peer},
			{Peer: nipRekan, InvitedBy: nipPegawai, InvitedAt: invitedQ1.At}}},
	} {
		s := given(t, approvedThen(c.events...)...)
		if diff := cmp.Diff(c.want, s.WindowInputs()[0].Peers); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, diff)
		}
	}
}

// TestScoreTrailShowsTheSelfAssessment: given a self-assessment of Q1 and
// the rating of Q1, the trail's entry for the rating carries the
// self-assessment beside it; the annual rating carries none.
func TestScoreTrailShowsTheSelfAssessment(t *testing.T) {
	s1 := skp.Stream(nipPegawai, 2025)
	meta := eventlog.Metadata{}
	events := []eventlog.Event{
		stored(t, s1, 1, selfQ1, meta),
		stored(t, s1, 2, q1Rated, meta),
		stored(t, s1, 3, annualRated, meta),
	}
	got, err := skp.ScoreTrail(events)
	if err != nil || len(got) != 2 {
		t.Fatalf("trail %+v, %v", got, err)
	}
	want := &skp.SelfAssessmentRef{EventID: events[0].ID, Position: 1, Hasil: selfQ1.Hasil, Perilaku: selfQ1.Perilaku, At: selfQ1.At}
	if diff := cmp.Diff(want, got[0].SelfAssessment); diff != "" {
		t.Errorf("Q1 self-assessment (-want +got):\n%s", diff)
	}
	if got[0].After != q1Rated.Ratings {
		t.Errorf("the rating in force is the penilai's, got %+v", got[0].After)
	}
	if got[1].SelfAssessment != nil {
		t.Errorf("annual entry carries %+v", got[1].SelfAssessment)
	}
}
