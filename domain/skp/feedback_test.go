package skp_test

import (
	"testing"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/skp"
)

func TestGiveFeedback(t *testing.T) {
	give := func(by actor.Actor, l employee.ReportingLine, f skp.Feedback) func(*skp.SKP) ([]skp.Event, error) {
		return func(s *skp.SKP) ([]skp.Event, error) { return s.GiveFeedback(on("2025-02-10"), by, l, f) }
	}
	onRHK := skp.Feedback{RHK: "rhk-1", Text: "Modul pertama sudah baik", Evidence: []string{"dms://notulen/7"}}
	onValue := skp.Feedback{Value: skp.Kolaboratif, Text: "Libatkan bidang lain lebih awal"}
	first := skp.FeedbackGiven{NIP: nipPegawai, Year: 2025, No: 1, RHK: "rhk-1", Text: "Modul pertama sudah baik",
		Evidence: []string{"dms://notulen/7"}, At: on("2025-02-10"), By: penilai}
	// The acting official in force from 1 February gives feedback; the former supervisor may not.
	plt := employee.ReportingLine{Employee: nipPegawai, PejabatPenilai: nipOther, AtasanPejabatPenilai: nipAtasan,
		EffectiveFrom: day("2025-02-01"), Acting: true, Reason: "Plt"}
	run(t, []testCase{
		{name: "on an RHK", given: approvedThen(), when: give(penilai, line, onRHK), want: []skp.Event{first}},
		{name: "on a BerAKHLAK value, numbered next", given: approvedThen(first), when: give(penilai, line, onValue),
			want: []skp.Event{skp.FeedbackGiven{NIP: nipPegawai, Year: 2025, No: 2, Value: skp.Kolaboratif,
				Text: "Libatkan bidang lain lebih awal", At: on("2025-02-10"), By: penilai}}},
		{name: "by the acting official in force", given: approvedThen(), when: give(other, plt, onValue),
			want: []skp.Event{skp.FeedbackGiven{NIP: nipPegawai, Year: 2025, No: 1, Value: skp.Kolaboratif,
				Text: "Libatkan bidang lain lebih awal", At: on("2025-02-10"), By: other}}},
		{name: "by the former supervisor", given: approvedThen(), when: give(penilai, plt, onValue), wantErr: skp.ErrNotPejabatPenilai},
		{name: "before approval", given: []skp.Event{drafted, submitted}, when: give(penilai, line, onRHK), wantErr: skp.ErrNotApproved},
		{name: "on an unknown RHK", given: approvedThen(), when: give(penilai, line, skp.Feedback{RHK: "rhk-9", Text: "x"}), wantErr: skp.ErrNotInPlan},
		{name: "on both", given: approvedThen(), when: give(penilai, line, skp.Feedback{RHK: "rhk-1", Value: skp.Loyal, Text: "x"}), wantErr: skp.ErrInvalidInput},
		{name: "on nothing", given: approvedThen(), when: give(penilai, line, skp.Feedback{Text: "x"}), wantErr: skp.ErrInvalidInput},
		{name: "on an unknown value", given: approvedThen(), when: give(penilai, line, skp.Feedback{Value: "rajin", Text: "x"}), wantErr: skp.ErrInvalidInput},
		{name: "without text", given: approvedThen(), when: give(penilai, line, skp.Feedback{RHK: "rhk-1"}), wantErr: skp.ErrInvalidInput},
		{name: "by the employee", given: approvedThen(),
			when: give(actor.Actor{NIP: nipPegawai, Role: actor.PejabatPenilai}, line, onRHK), wantErr: skp.ErrSelfRating},
	})
}

func TestRespondToFeedback(t *testing.T) {
	first := skp.FeedbackGiven{NIP: nipPegawai, Year: 2025, No: 1, RHK: "rhk-1", Text: "x", At: on("2025-02-10"), By: penilai}
	response := skp.FeedbackResponded{NIP: nipPegawai, Year: 2025, No: 1, Text: "Siap, akan saya perbaiki", At: on("2025-02-11"), By: pegawai}
	respond := func(by actor.Actor, no int, text string) func(*skp.SKP) ([]skp.Event, error) {
		return func(s *skp.SKP) ([]skp.Event, error) { return s.RespondToFeedback(on("2025-02-11"), by, no, text) }
	}
	run(t, []testCase{
		{name: "responds", given: approvedThen(first), when: respond(pegawai, 1, " Siap, akan saya perbaiki "), want: []skp.Event{response}},
		{name: "twice", given: approvedThen(first, response), when: respond(pegawai, 1, "lagi"), wantErr: skp.ErrAlreadyResponded},
		{name: "to no feedback", given: approvedThen(first), when: respond(pegawai, 2, "x"), wantErr: skp.ErrNoSuchFeedback},
		{name: "without text", given: approvedThen(first), when: respond(pegawai, 1, ""), wantErr: skp.ErrInvalidInput},
		{name: "by someone else", given: approvedThen(first),
			when: respond(actor.Actor{NIP: nipOther, Role: actor.Pegawai}, 1, "x"), wantErr: skp.ErrNotOwner},
	})
}
