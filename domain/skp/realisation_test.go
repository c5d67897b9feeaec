package skp_test

import (
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
)

func TestReportRealisation(t *testing.T) {
	modules := skp.Realisation{Quantity: quantity(2), Evidence: []string{" dms://bukti/123 ", ""}}
	report := func(at time.Time, per *period.Period, window int, iki string, r skp.Realisation) func(*skp.SKP) ([]skp.Event, error) {
		return func(s *skp.SKP) ([]skp.Event, error) { return s.ReportRealisation(at, pegawai, per, window, iki, r) }
	}
	open := quarterly(t)
	q1Closed := quarterly(t, period.WindowClosed{Instansi: "PEMKAB-X", Year: 2025, Window: 1, Label: "2025-Q1", At: on("2025-04-11")})
	reported := skp.RealisationReported{NIP: nipPegawai, Year: 2025, Window: 1, Label: "2025-Q1", IKI: "iki-1",
		Quantity: quantity(2), Evidence: []string{"dms://bukti/123"}, Deadline: day("2025-04-10"), At: on("2025-04-02"), By: pegawai}
	late := reported
	late.Late, late.At = true, on("2025-04-11")
	revised := skp.Revised{NIP: nipPegawai, Year: 2025, Plan: samplePlan(), Reason: "x", At: on("2025-03-01"), By: pegawai}
	// A revision awaiting approval that drops iki-1, adds iki-9 and makes
	// iki-2 quantitative: until it is approved, the approved plan is the
	// one reported against.
	changed := samplePlan()
	changed.RHK[0].IKI = []skp.IKI{{ID: "iki-2", Text: "Keluhan", Aspek: skp.AspekKualitas,
		Target: skp.Target{Kind: skp.TargetQuantitative, Quantity: 1, Unit: "keluhan"}},
		{ID: "iki-9", Text: "Modul baru", Aspek: skp.AspekKuantitas, Target: skp.Target{Kind: skp.TargetQuantitative, Quantity: 2, Unit: "modul"}}}
	pending := skp.Revised{NIP: nipPegawai, Year: 2025, Plan: changed, Reason: "tugas baru", At: on("2025-03-01"), By: pegawai}
	returnedRevision := skp.Returned{NIP: nipPegawai, Year: 2025, Note: "belum", At: on("2025-03-02"), By: penilai}
	reapproved := skp.Approved{NIP: nipPegawai, Year: 2025, At: on("2025-03-03"), By: penilai}
	reported9 := reported
	reported9.IKI = "iki-9"
	run(t, []testCase{
		{name: "reports", given: approvedThen(), when: report(on("2025-04-02"), open, 1, "iki-1", modules), want: []skp.Event{reported}},
		{name: "reports late, flagged", given: approvedThen(), when: report(on("2025-04-11"), open, 1, "iki-1", modules), want: []skp.Event{late}},
		{name: "reports while the revision awaits approval", given: approvedThen(revised),
			when: report(on("2025-04-02"), open, 1, "iki-1", modules), want: []skp.Event{reported}},
		{name: "an IKI of the approved plan while a revision dropping it awaits approval", given: approvedThen(pending),
			when: report(on("2025-04-02"), open, 1, "iki-1", modules), want: []skp.Event{reported}},
		{name: "an IKI only a revision awaiting approval has", given: approvedThen(pending),
			when: report(on("2025-04-02"), open, 1, "iki-9", modules), wantErr: skp.ErrNotInPlan},
		{name: "an IKI only a returned revision has", given: approvedThen(pending, returnedRevision),
			when: report(on("2025-04-02"), open, 1, "iki-9", modules), wantErr: skp.ErrNotInPlan},
		{name: "the approved plan's target kind while a revision awaits approval", given: approvedThen(pending),
			when: report(on("2025-04-02"), open, 1, "iki-2", modules), wantErr: skp.ErrInvalidInput},
		{name: "an IKI of the revision once approved", given: approvedThen(pending, reapproved),
			when: report(on("2025-04-02"), open, 1, "iki-9", modules), want: []skp.Event{reported9}},
		{name: "twice", given: approvedThen(reported), when: report(on("2025-04-03"), open, 1, "iki-1", modules), wantErr: skp.ErrAlreadyReported},
		{name: "closed window", given: approvedThen(), when: report(on("2025-04-12"), q1Closed, 1, "iki-1", modules), wantErr: period.ErrWindowClosed},
		{name: "window not started", given: approvedThen(), when: report(on("2025-03-20"), open, 2, "iki-1", modules), wantErr: period.ErrWindowNotStarted},
		{name: "no such window", given: approvedThen(), when: report(on("2025-04-02"), open, 5, "iki-1", modules), wantErr: period.ErrNoSuchWindow},
		{name: "period not opened", given: approvedThen(), when: report(on("2025-04-02"), period.New(), 1, "iki-1", modules), wantErr: period.ErrNotOpened},
		{name: "no period", given: approvedThen(), when: report(on("2025-04-02"), nil, 1, "iki-1", modules), wantErr: period.ErrNotOpened},
		{name: "SKP not approved", given: []skp.Event{drafted, submitted}, when: report(on("2025-04-02"), open, 1, "iki-1", modules), wantErr: skp.ErrNotApproved},
		{name: "IKI not in the plan", given: approvedThen(), when: report(on("2025-04-02"), open, 1, "iki-9", modules), wantErr: skp.ErrNotInPlan},
		{name: "without evidence", given: approvedThen(),
			when: report(on("2025-04-02"), open, 1, "iki-1", skp.Realisation{Quantity: quantity(2)}), wantErr: skp.ErrInvalidInput},
		{name: "no quantity for a quantitative target", given: approvedThen(),
			when: report(on("2025-04-02"), open, 1, "iki-1", skp.Realisation{Text: "dua", Evidence: []string{"x"}}), wantErr: skp.ErrInvalidInput},
		{name: "a quantity past 10^15", given: approvedThen(),
			when: report(on("2025-04-02"), open, 1, "iki-1", skp.Realisation{Quantity: quantity(1e16), Evidence: []string{"x"}}), wantErr: skp.ErrInvalidInput},
		{name: "no text for a qualitative target", given: approvedThen(),
			when: report(on("2025-04-02"), open, 1, "iki-2", skp.Realisation{Evidence: []string{"x"}}), wantErr: skp.ErrInvalidInput},
		{name: "by the supervisor", given: approvedThen(),
			when: func(s *skp.SKP) ([]skp.Event, error) {
				return s.ReportRealisation(on("2025-04-02"), penilai, open, 1, "iki-1", modules)
			}, wantErr: actor.ErrRoleNotAllowed},
		{name: "by another pegawai", given: approvedThen(),
			when: func(s *skp.SKP) ([]skp.Event, error) {
				return s.ReportRealisation(on("2025-04-02"), actor.Actor{NIP: nipOther, Role: actor.Pegawai}, open, 1, "iki-1", modules)
			}, wantErr: skp.ErrNotOwner},
	})
}

func TestCorrectRealisation(t *testing.T) {
	open := quarterly(t)
	reported := skp.RealisationReported{NIP: nipPegawai, Year: 2025, Window: 1, Label: "2025-Q1", IKI: "iki-1",
		Quantity: quantity(2), Evidence: []string{"dms://bukti/123"}, Deadline: day("2025-04-10"), At: on("2025-04-02"), By: pegawai}
	fixed := skp.Realisation{Quantity: quantity(3), Evidence: []string{"dms://bukti/123", "dms://bukti/124"}}
	correct := func(per *period.Period, reason string) func(*skp.SKP) ([]skp.Event, error) {
		return func(s *skp.SKP) ([]skp.Event, error) {
			return s.CorrectRealisation(on("2025-04-05"), pegawai, per, 1, "iki-1", fixed, reason)
		}
	}
	q1Closed := quarterly(t, period.WindowClosed{Instansi: "PEMKAB-X", Year: 2025, Window: 1, Label: "2025-Q1", At: on("2025-04-04")})
	run(t, []testCase{
		{name: "corrects", given: approvedThen(reported), when: correct(open, "modul ketiga terlewat"),
			want: []skp.Event{skp.RealisationCorrected{NIP: nipPegawai, Year: 2025, Window: 1, Label: "2025-Q1", IKI: "iki-1",
				Quantity: quantity(3), Evidence: fixed.Evidence, Reason: "modul ketiga terlewat", Deadline: day("2025-04-10"),
				Previous: skp.Realisation{Quantity: quantity(2), Evidence: []string{"dms://bukti/123"}}, At: on("2025-04-05"), By: pegawai}}},
		{name: "without a reason", given: approvedThen(reported), when: correct(open, " "), wantErr: skp.ErrReasonRequired},
		{name: "nothing reported", given: approvedThen(), when: correct(open, "x"), wantErr: skp.ErrNotReported},
		{name: "closed window", given: approvedThen(reported), when: correct(q1Closed, "x"), wantErr: period.ErrWindowClosed},
	})
}
