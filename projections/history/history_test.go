package history_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/history"
	"github.com/kinerja/kinerja/projections/pgbatch"
	"github.com/kinerja/kinerja/projections/projectiontest"
)

func ratings(h, p performance.Rating) skp.Ratings {
	pred, _ := performance.PredikatOf(h, p)
	return skp.Ratings{Hasil: h, Perilaku: p, Predikat: pred}
}

// TestHistory follows one employee over two years: registration, a
// transfer, a rank change, two reporting lines, SKPs with periodic and
// annual ratings, an amendment and an objection; and checks every entry's
// dates and event.
func TestHistory(t *testing.T) {
	sc := pgtest.New(t)
	nip, boss, boss2 := projectiontest.NIP(1), projectiontest.NIP(7), projectiontest.NIP(8)
	hr := projectiontest.HR
	t0 := time.Date(2024, 1, 3, 9, 0, 0, 0, time.UTC)
	day := func(n int) time.Time { return t0.AddDate(0, 0, n) }
	d := func(y int, m time.Month, dd int) civil.Date { return civil.Date{Year: y, Month: m, Day: dd} }
	sesuai, atas, bawah := performance.RatingSesuai, performance.RatingDiAtas, performance.RatingDiBawah
	evs := []projectiontest.Event{
		employee.Registered{NIP: nip, Name: "Citra", Status: employee.StatusPNS, Instansi: "I", Unit: "U1", Golongan: "III/a",
			GolonganTMT: d(2020, 4, 1), Jabatan: employee.Jabatan{Kind: performance.JabatanAdministrasi, Level: performance.LevelPelaksana, Name: "Analis"}, At: day(0), By: hr},
		employee.ReportingLineAssigned{NIP: nip, PejabatPenilai: boss, AtasanPejabatPenilai: boss2, EffectiveFrom: d(2024, 1, 1), Reason: "struktur", At: day(1), By: hr},
		skp.Drafted{NIP: nip, Year: 2024, Instansi: "I", At: day(2)},
		skp.Submitted{NIP: nip, Year: 2024, At: day(3)},
		skp.Approved{NIP: nip, Year: 2024, At: day(4)},
		skp.PeriodicRatingsGiven{NIP: nip, Year: 2024, Window: 1, Label: "2024-Q1", Ratings: ratings(sesuai, sesuai), At: day(90)},
		skp.RatingsAmended{NIP: nip, Year: 2024, Window: 1, New: ratings(atas, atas), Reason: "koreksi", At: day(91)},
		skp.AnnualRatingsGiven{NIP: nip, Year: 2024, Ratings: ratings(bawah, sesuai), At: day(360)},
		skp.ObjectionFiled{NIP: nip, Year: 2024, Reasons: "r", At: day(362)},
		skp.ObjectionDecided{NIP: nip, Year: 2024, Outcome: skp.OutcomeRatingsChanged, New: ratings(sesuai, sesuai), At: day(370)},
		employee.Transferred{NIP: nip, FromUnit: "U1", ToUnit: "U2", Effective: d(2025, 2, 1), Reason: "mutasi", At: day(380), By: hr},
		employee.GolonganChanged{NIP: nip, From: "III/a", FromTMT: d(2020, 4, 1), To: "III/b", TMT: d(2025, 4, 1), At: day(381), By: hr},
		employee.ReportingLineAssigned{NIP: nip, PejabatPenilai: boss2, AtasanPejabatPenilai: boss, EffectiveFrom: d(2025, 2, 1), Acting: true, Reason: "plt", At: day(382), By: hr},
		skp.Drafted{NIP: nip, Year: 2025, Instansi: "I", At: day(383)},
		skp.Drafted{NIP: projectiontest.NIP(2), Year: 2025, Instansi: "I", At: day(383)},
	}
	events := projectiontest.StoredEvents(evs...)
	projectiontest.Apply(t, sc.Pool, history.New(), events, 4)
	id := func(i int) string { return events[i].ID }
	pos := func(i int) uint64 { return events[i].Position }
	ptr := func(t time.Time) *time.Time { return &t }
	date := func(c civil.Date) *time.Time { return ptr(c.Time(time.UTC)) }
	tmt := d(2025, 4, 1)

	h, ok, err := history.Get(context.Background(), sc.Pool, nip, later)
	if err != nil || !ok {
		t.Fatalf("get: %v %v", ok, err)
	}
	want := history.History{NIP: nip, Name: "Citra", Status: "pns", Placement: pgbatch.Placement{Instansi: "I", Unit: "U2",
		JabatanKind: "administrasi", JabatanLevel: "pelaksana", JabatanName: "Analis", Golongan: "III/b", GolonganTMT: &tmt},
		Years: []history.Year{
			{Year: 2024, Instansi: "I", SKPStatus: "approved", StatusEventID: id(4), StatusAt: ptr(day(4)),
				AnnualHasil: "sesuai_ekspektasi", AnnualPerilaku: "sesuai_ekspektasi", AnnualPredikat: "baik", AnnualEventID: id(9),
				AnnualAt: ptr(day(370)), Objection: "ratings_changed", ObjectionEventID: id(9),
				Periodic: []history.Periodic{{Window: 1, Label: "2024-Q1", Hasil: "di_atas_ekspektasi", Perilaku: "di_atas_ekspektasi",
					Predikat: "sangat_baik", EventID: id(6), RatedAt: day(91)}}, SelfAssessments: []history.SelfAssessment{}},
			{Year: 2025, Instansi: "I", SKPStatus: "draft", StatusEventID: id(13), StatusAt: ptr(day(383)), Periodic: []history.Periodic{},
				SelfAssessments: []history.SelfAssessment{}},
		},
		Registration: &history.Change{Kind: "registered", EventID: id(0), Position: pos(0), To: "U1", RecordedBy: hr.NIP, RecordedAt: day(0),
			Detail: map[string]string{"instansi": "I", "status": "pns", "golongan": "III/a", "jabatan": "Analis",
				"jabatan_kind": "administrasi", "jabatan_level": "pelaksana"}},
		Transfers: []history.Change{{Kind: "transferred", EventID: id(10), Position: pos(10), Effective: date(d(2025, 2, 1)),
			From: "U1", To: "U2", Reason: "mutasi", RecordedBy: hr.NIP, RecordedAt: day(380)}},
		RankChanges: []history.Change{{Kind: "golongan_changed", EventID: id(11), Position: pos(11), Effective: date(d(2025, 4, 1)),
			From: "III/a", To: "III/b", Detail: map[string]string{"from_tmt": "2020-04-01"}, RecordedBy: hr.NIP, RecordedAt: day(381)}},
		JabatanChanges: []history.Change{},
		ReportingLines: []history.Change{
			{Kind: "reporting_line_assigned", EventID: id(1), Position: pos(1), Effective: date(d(2024, 1, 1)), To: boss,
				Detail: map[string]string{"atasan_pejabat_penilai": boss2, "acting": "false"}, Reason: "struktur", RecordedBy: hr.NIP, RecordedAt: day(1)},
			{Kind: "reporting_line_assigned", EventID: id(12), Position: pos(12), Effective: date(d(2025, 2, 1)), To: boss2,
				Detail: map[string]string{"atasan_pejabat_penilai": boss, "acting": "true"}, Reason: "plt", RecordedBy: hr.NIP, RecordedAt: day(382)}},
		Followups: []history.Followup{},
	}
	if diff := cmp.Diff(want, h, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("history (-want +got):\n%s", diff)
	}
	if _, ok, err := history.Get(context.Background(), sc.Pool, projectiontest.NIP(3), later); ok || err != nil {
		t.Errorf("unknown employee: found %v, %v", ok, err)
	}
	other, ok, err := history.Get(context.Background(), sc.Pool, projectiontest.NIP(2), later)
	if err != nil || !ok || other.Instansi != "I" || len(other.Years) != 1 || other.Registration != nil {
		t.Errorf("an SKP without registration: %+v %v %v", other, ok, err)
	}
}

// TestBatchEqualsOneByOne applies a random world one event per transaction
// and in batches of 1,000: the tables must be equal.
func TestBatchEqualsOneByOne(t *testing.T) {
	projectiontest.BatchEqualsOneByOne(t, history.New(), pgtest.New(t).Pool, pgtest.New(t).Pool)
}

// TestUndecodableEventIsAnApplyError checks that an event the projector
// cannot decode is reported with its position, not skipped.
func TestUndecodableEventIsAnApplyError(t *testing.T) {
	projectiontest.FailsOnUndecodable(t, pgtest.New(t).Pool, history.New(), "employee")
}

// later is a day after every departure of the generated worlds: the
// history as it stands once they are all in force.
var later = civil.Date{Year: 2100, Month: 1, Day: 1}
