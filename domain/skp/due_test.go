package skp_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
)

// TestDue checks what is due from the employee, given the SKP's events,
// when asked on a day, then the items listed.
func TestDue(t *testing.T) {
	hr := approved.By
	hr.NIP = "197101012000032004"
	open := quarterly(t)
	q1Closed := quarterly(t, period.WindowClosed{Instansi: "PEMKAB-X", Year: 2025, Window: 1, Label: "2025-Q1", At: on("2025-04-20"), By: hr})
	returned := skp.Returned{NIP: nipPegawai, Year: 2025, Note: "Perbaiki target", At: on("2025-01-05"), By: penilai}
	report := func(window int, iki string) skp.RealisationReported {
		return skp.RealisationReported{NIP: nipPegawai, Year: 2025, Window: window, IKI: iki, Quantity: quantity(1),
			Evidence: []string{"dms://x"}, At: on("2025-03-20"), By: pegawai}
	}
	fb := skp.FeedbackGiven{NIP: nipPegawai, Year: 2025, No: 1, RHK: "rhk-1", Text: "x", At: on("2025-02-10"), By: penilai}
	responded := skp.FeedbackResponded{NIP: nipPegawai, Year: 2025, No: 1, Text: "ok", At: on("2025-02-11"), By: pegawai}
	filed := skp.ObjectionFiled{NIP: nipPegawai, Year: 2025, Reasons: "x", Against: baik, Received: annualRated.At,
		PolicyVersion: performance.DefaultPolicyVersion, At: on("2025-12-31"), By: pegawai}
	date := func(s string) *civil.Date { d := day(s); return &d }
	at := func(t time.Time) *time.Time { return &t }
	q1 := func(overdue bool, iki ...string) skp.DueItem {
		return skp.DueItem{Kind: skp.DueReportRealisation, Window: 1, Label: "2025-Q1", IKI: iki, Deadline: date("2025-04-10"), Overdue: overdue}
	}
	all := []string{"iki-1", "iki-2", "iki-3"}
	one := samplePlan()
	one.RHK = one.RHK[:1]
	one.RHK[0].IKI = []skp.IKI{{ID: "iki-9", Text: "Modul baru", Aspek: skp.AspekKuantitas,
		Target: skp.Target{Kind: skp.TargetQuantitative, Quantity: 2, Unit: "modul"}}}
	revisedOne := skp.Revised{NIP: nipPegawai, Year: 2025, Plan: one, Reason: "tugas baru", At: on("2025-01-20"), By: pegawai}
	revisionReturned := skp.Returned{NIP: nipPegawai, Year: 2025, Note: "belum", At: on("2025-01-21"), By: penilai}
	reapproved := skp.Approved{NIP: nipPegawai, Year: 2025, At: on("2025-01-22"), By: penilai}

	cases := []struct {
		name  string
		given []skp.Event
		per   *period.Period
		today string
		want  []skp.DueItem
	}{
		{name: "nothing drafted", per: open, today: "2025-01-02", want: []skp.DueItem{{Kind: skp.DueDraftPlan}}},
		{name: "a draft to submit", given: []skp.Event{drafted}, per: open, today: "2025-01-04",
			want: []skp.DueItem{{Kind: skp.DueSubmitPlan}}},
		{name: "submitted: nothing until the penilai decides", given: []skp.Event{drafted, submitted}, per: open, today: "2025-01-07",
			want: []skp.DueItem{}},
		{name: "returned: resubmit", given: []skp.Event{drafted, submitted, returned}, per: open, today: "2025-01-07",
			want: []skp.DueItem{{Kind: skp.DueResubmitPlan, Since: at(returned.At)}}},
		{name: "approved: realisation of the open window", given: approvedThen(), per: open, today: "2025-02-01",
			want: []skp.DueItem{q1(false, all...)}},
		// A revision awaiting approval (or returned) does not change what is
		// reported: the approved plan stays in force until it is approved.
		{name: "a revision awaiting approval: the approved plan's IKI", given: approvedThen(revisedOne), per: open, today: "2025-02-01",
			want: []skp.DueItem{q1(false, all...)}},
		{name: "a returned revision: resubmit, and the approved plan's IKI",
			given: approvedThen(revisedOne, revisionReturned), per: open, today: "2025-02-01",
			want: []skp.DueItem{{Kind: skp.DueResubmitPlan, Since: at(revisionReturned.At)}, q1(false, all...)}},
		{name: "a revision approved: its IKI", given: approvedThen(revisedOne, reapproved), per: open, today: "2025-02-01",
			want: []skp.DueItem{q1(false, "iki-9")}},
		{name: "approved, no period opened", given: approvedThen(), per: nil, today: "2025-02-01", want: []skp.DueItem{}},
		{name: "some IKI reported", given: approvedThen(report(1, "iki-1"), report(1, "iki-3")), per: open, today: "2025-03-25",
			want: []skp.DueItem{q1(false, "iki-2")}},
		{name: "every IKI reported", given: approvedThen(report(1, "iki-1"), report(1, "iki-2"), report(1, "iki-3")), per: open,
			today: "2025-03-25", want: []skp.DueItem{}},
		{name: "after the deadline: overdue, and the next window open", given: approvedThen(), per: open, today: "2025-04-11",
			want: []skp.DueItem{q1(true, all...), {Kind: skp.DueReportRealisation, Window: 2, Label: "2025-Q2", IKI: all,
				Deadline: date("2025-07-10")}}},
		// A window already rated, or any window once the year is rated, asks
		// for no more realisation (it listed them as overdue).
		{name: "a rated window is no longer due", given: approvedThen(q1Rated), per: open, today: "2025-04-11",
			want: []skp.DueItem{{Kind: skp.DueReportRealisation, Window: 2, Label: "2025-Q2", IKI: all, Deadline: date("2025-07-10")}}},
		{name: "nothing to report once the year is rated", given: approvedThen(annualRated), per: open, today: "2025-12-31",
			want: []skp.DueItem{{Kind: skp.DueObjection, Since: at(annualRated.At), Deadline: date("2026-01-13")}}},
		{name: "a closed window is no longer due", given: approvedThen(), per: q1Closed, today: "2025-04-21",
			want: []skp.DueItem{{Kind: skp.DueReportRealisation, Window: 2, Label: "2025-Q2", IKI: all, Deadline: date("2025-07-10")}}},
		{name: "feedback awaiting a response", given: approvedThen(fb), per: nil, today: "2025-02-10",
			want: []skp.DueItem{{Kind: skp.DueRespondToFeedback, Feedback: 1, Since: at(fb.At)}}},
		{name: "feedback responded", given: approvedThen(fb, responded), per: nil, today: "2025-02-12", want: []skp.DueItem{}},
		{name: "annual rating: objection possible until the deadline", given: approvedThen(annualRated), per: nil, today: "2026-01-13",
			want: []skp.DueItem{{Kind: skp.DueObjection, Since: at(annualRated.At), Deadline: date("2026-01-13")}}},
		{name: "after the objection deadline", given: approvedThen(annualRated), per: nil, today: "2026-01-14", want: []skp.DueItem{}},
		{name: "objection filed", given: approvedThen(annualRated, filed), per: nil, today: "2025-12-31", want: []skp.DueItem{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := skp.New()
			if len(c.given) > 0 {
				s = given(t, c.given...)
			}
			got := skp.Due(s, c.per, policy, day(c.today))
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("due (-want +got):\n%s", diff)
			}
		})
	}
}

// TestDueObjectionAfterAmendment checks that an amended annual result is
// received anew: the objection deadline runs from the amendment.
func TestDueObjectionAfterAmendment(t *testing.T) {
	amended := skp.RatingsAmended{NIP: nipPegawai, Year: 2025, Previous: baik, New: sangatBaik, Reason: "x",
		PolicyVersion: performance.DefaultPolicyVersion, At: on("2026-01-05"), By: penilai}
	got := skp.Due(given(t, approvedThen(annualRated, amended)...), nil, policy, day("2026-01-15"))
	if len(got) != 1 || got[0].Kind != skp.DueObjection || got[0].Deadline.String() != "2026-01-19" {
		t.Errorf("due %+v, want the objection until 2026-01-19", got)
	}
}

// TestDueFromTheAppointment: a CPNS appointed in July 2025 (the month the
// NIP encodes) whose plan was approved on 10 July owes no realisation for
// the quarters that ended before the appointment: Q1 and Q2 were listed
// as overdue. The quarter the appointment falls in is due.
func TestDueFromTheAppointment(t *testing.T) {
	const cpns = "200001012025071001"
	newcomer := actor.Actor{NIP: cpns, Role: actor.Pegawai}
	s := given(t,
		skp.Drafted{NIP: cpns, Year: 2025, Instansi: "PEMKAB-X", Plan: samplePlan(), At: on("2025-07-02"), By: newcomer},
		skp.Submitted{NIP: cpns, Year: 2025, At: on("2025-07-03"), By: newcomer},
		skp.Approved{NIP: cpns, Year: 2025, At: on("2025-07-10"), By: penilai})
	got := skp.Due(s, quarterly(t), policy, day("2025-08-01"))
	deadline := day("2025-10-10")
	want := []skp.DueItem{{Kind: skp.DueReportRealisation, Window: 3, Label: "2025-Q3", IKI: []string{"iki-1", "iki-2", "iki-3"},
		Deadline: &deadline}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("due of a newcomer (-want +got):\n%s", diff)
	}
}
