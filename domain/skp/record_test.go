package skp_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// TestOwnRecord replays a year of events and checks that every text
// addressed to the employee, and their answers, can be read back with who
// wrote it in which role and when.
func TestOwnRecord(t *testing.T) {
	returned := skp.Returned{NIP: nipPegawai, Year: 2025, Note: "Target terlalu rendah", At: on("2025-01-05"), By: penilai}
	fb := skp.FeedbackGiven{NIP: nipPegawai, Year: 2025, No: 1, Value: skp.Akuntabel, Text: "Laporan terlambat",
		Evidence: []string{"dms://notulen/1"}, At: on("2025-02-10"), By: penilai}
	fb2 := skp.FeedbackGiven{NIP: nipPegawai, Year: 2025, No: 2, RHK: "rhk-1", Text: "Bagus", At: on("2025-02-12"), By: penilai}
	resp := skp.FeedbackResponded{NIP: nipPegawai, Year: 2025, No: 1, Text: "Siap", At: on("2025-02-11"), By: pegawai}
	q1 := q1Rated
	q1.Note = "Sesuai target"
	amended := skp.RatingsAmended{NIP: nipPegawai, Year: 2025, Window: 1, Previous: baik, New: sangatBaik,
		Reason: "Bukti baru", PolicyVersion: performance.DefaultPolicyVersion, At: on("2025-04-07"), By: penilai}
	filed := skp.ObjectionFiled{NIP: nipPegawai, Year: 2025, Reasons: "Capaian 120%", Against: baik, Received: annualRated.At,
		Deadline: time.Date(2026, 1, 13, 0, 0, 0, 0, wib), PolicyVersion: performance.DefaultPolicyVersion, At: on("2026-01-02"), By: pegawai}
	decided := skp.ObjectionDecided{NIP: nipPegawai, Year: 2025, Outcome: skp.OutcomeRatingsChanged, Previous: baik, New: sangatBaik,
		Note: "Bukti mendukung", At: on("2026-01-09"), By: atasan}

	s := given(t, drafted, submitted, returned, submitted, approved, fb, resp, fb2, q1, amended, annualRated, filed, decided)

	wantFeedback := []skp.FeedbackNote{
		{No: 1, Value: skp.Akuntabel, Evidence: []string{"dms://notulen/1"}, Note: skp.Note{Text: "Laporan terlambat", By: penilai, At: on("2025-02-10")},
			Response: &skp.Note{Text: "Siap", By: pegawai, At: on("2025-02-11")}},
		{No: 2, RHK: "rhk-1", Note: skp.Note{Text: "Bagus", By: penilai, At: on("2025-02-12")}},
	}
	if diff := cmp.Diff(wantFeedback, s.Feedback()); diff != "" {
		t.Errorf("feedback (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]skp.Note{{Text: "Target terlalu rendah", By: penilai, At: on("2025-01-05")}}, s.ReturnNotes()); diff != "" {
		t.Errorf("return notes (-want +got):\n%s", diff)
	}
	if n, ok := s.RatingNote(1); !ok || cmp.Diff(skp.Note{Text: "Sesuai target", By: penilai, At: q1.At}, n) != "" {
		t.Errorf("Q1 rating note %+v %v", n, ok)
	}
	if n, ok := s.RatingNote(0); !ok || cmp.Diff(skp.Note{Text: "Konsisten", By: penilai, At: annualRated.At}, n) != "" {
		t.Errorf("annual rating note %+v %v", n, ok)
	}
	if _, ok := s.RatingNote(2); ok {
		t.Error("Q2 was not rated, yet has a note")
	}
	// The note of the ratings in force is the amendment's reason, and the
	// objection decision's note for the annual ratings it changed.
	if n, ok := s.NoteInForce(1); !ok || cmp.Diff(skp.Note{Text: "Bukti baru", By: penilai, At: on("2025-04-07")}, n) != "" {
		t.Errorf("Q1 note in force %+v %v", n, ok)
	}
	if n, ok := s.NoteInForce(0); !ok || cmp.Diff(skp.Note{Text: "Bukti mendukung", By: atasan, At: on("2026-01-09")}, n) != "" {
		t.Errorf("annual note in force %+v %v", n, ok)
	}
	if _, ok := s.NoteInForce(2); ok {
		t.Error("Q2 was not rated, yet has a note in force")
	}
	wantAmendments := []skp.Amendment{{Window: 1, Previous: baik, New: sangatBaik, Reason: skp.Note{Text: "Bukti baru", By: penilai, At: on("2025-04-07")}}}
	if diff := cmp.Diff(wantAmendments, s.Amendments()); diff != "" {
		t.Errorf("amendments (-want +got):\n%s", diff)
	}
	newRatings := sangatBaik
	wantObjection := skp.ObjectionRecord{Reasons: skp.Note{Text: "Capaian 120%", By: pegawai, At: on("2026-01-02")}, Against: baik,
		Received: annualRated.At, Deadline: filed.Deadline,
		Decision: &skp.ObjectionDecision{Outcome: skp.OutcomeRatingsChanged, Previous: baik, New: &newRatings,
			Note: skp.Note{Text: "Bukti mendukung", By: atasan, At: on("2026-01-09")}}}
	if got, ok := s.ObjectionRecord(); !ok {
		t.Error("no objection record")
	} else if diff := cmp.Diff(wantObjection, got); diff != "" {
		t.Errorf("objection (-want +got):\n%s", diff)
	}

	// The accessors return copies: changing them changes nothing.
	s.Feedback()[0].Response.Text = "changed"
	s.ReturnNotes()[0].Text = "changed"
	if s.Feedback()[0].Response.Text != "Siap" || s.ReturnNotes()[0].Text != "Target terlalu rendah" {
		t.Error("the record was changed through a returned value")
	}
}

// TestOwnRecordUpheldObjection checks that an upheld decision has no new
// ratings and that an SKP without objection reports none.
func TestOwnRecordUpheldObjection(t *testing.T) {
	if _, ok := given(t, approvedThen(annualRated)...).ObjectionRecord(); ok {
		t.Error("an objection record without an objection")
	}
	upheld := skp.ObjectionDecided{NIP: nipPegawai, Year: 2025, Outcome: skp.OutcomeRatingsUpheld, Previous: baik,
		Note: "Nilai sudah sesuai", At: on("2026-01-09"), By: atasan}
	filed := skp.ObjectionFiled{NIP: nipPegawai, Year: 2025, Reasons: "x", Against: baik, Received: annualRated.At,
		PolicyVersion: performance.DefaultPolicyVersion, At: on("2026-01-02"), By: pegawai}
	s := given(t, approvedThen(annualRated, filed, upheld)...)
	r, ok := s.ObjectionRecord()
	if !ok || r.Decision == nil || r.Decision.New != nil || r.Decision.Note.Text != "Nilai sudah sesuai" || r.Decision.Note.By != atasan {
		t.Errorf("upheld objection %+v", r)
	}
	// The ratings stand, and so does their note.
	if n, ok := s.NoteInForce(0); !ok || n.Text != annualRated.Note || n.By != annualRated.By || !n.At.Equal(annualRated.At) {
		t.Errorf("annual note in force after an upheld objection %+v %v, want the rating's", n, ok)
	}
}
