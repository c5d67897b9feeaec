package skp_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
)

const (
	nipPegawai = "198609262015051001"
	nipPenilai = "197001012000031001"
	nipAtasan  = "196801011990031002"
	nipOther   = "197503032001121003"
)

var (
	wib      = time.FixedZone("WIB", 7*3600)
	pegawai  = actor.Actor{NIP: nipPegawai, Role: actor.Pegawai}
	penilai  = actor.Actor{NIP: nipPenilai, Role: actor.PejabatPenilai}
	atasan   = actor.Actor{NIP: nipAtasan, Role: actor.AtasanPejabatPenilai}
	other    = actor.Actor{NIP: nipOther, Role: actor.PejabatPenilai}
	policy   = performance.DefaultPolicy()
	line     = employee.ReportingLine{Employee: nipPegawai, PejabatPenilai: nipPenilai, AtasanPejabatPenilai: nipAtasan, EffectiveFrom: day("2025-01-01"), Reason: "import SIASN"}
	quantity = func(x float64) *float64 { return &x }
)

func day(s string) civil.Date {
	d, err := civil.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// on returns 10:00 WIB on the day s.
func on(s string) time.Time { return day(s).Time(wib).Add(10 * time.Hour) }

func samplePlan() skp.Plan {
	return skp.Plan{
		RHK: []skp.RHK{
			{ID: "rhk-1", Kind: skp.RHKUtama, Text: "Tersedianya aplikasi perizinan daring", Supports: "kabid-rhk-2",
				IKI: []skp.IKI{
					{ID: "iki-1", Text: "Jumlah modul yang beroperasi", Aspek: skp.AspekKuantitas,
						Target: skp.Target{Kind: skp.TargetQuantitative, Quantity: 4, Unit: "modul"}},
					{ID: "iki-2", Text: "Kepuasan pengguna", Aspek: skp.AspekKualitas,
						Target: skp.Target{Kind: skp.TargetQualitative, Text: "tidak ada keluhan berulang"}},
				}},
			{ID: "rhk-2", Kind: skp.RHKTambahan, Text: "Pendampingan OPD lain", Supports: "kabid-rhk-5",
				IKI: []skp.IKI{{ID: "iki-3", Text: "Pendampingan selesai tepat waktu", Aspek: skp.AspekWaktu,
					Target: skp.Target{Kind: skp.TargetQuantitative, Quantity: 12, Unit: "bulan"}}}},
		},
		Perilaku: []skp.Expectation{
			{Value: skp.Akuntabel, Expectation: "Melaporkan progres tiap minggu"},
			{Value: skp.Kolaboratif, Expectation: "Terbuka bekerja sama lintas bidang"},
		},
	}
}

var (
	drafted   = skp.Drafted{NIP: nipPegawai, Year: 2025, Instansi: "PEMKAB-X", Plan: samplePlan(), At: on("2025-01-03"), By: pegawai}
	submitted = skp.Submitted{NIP: nipPegawai, Year: 2025, At: on("2025-01-06"), By: pegawai}
	expected  = skp.ExpectationsSet{NIP: nipPegawai, Year: 2025, Expectations: allSeven(), At: on("2025-01-07"), By: penilai}
	approved  = skp.Approved{NIP: nipPegawai, Year: 2025, At: on("2025-01-08"), By: penilai}
)

// allSeven returns an expectation for each of the seven BerAKHLAK values.
func allSeven() []skp.Expectation {
	var es []skp.Expectation
	for _, v := range skp.Values() {
		es = append(es, skp.Expectation{Value: v, Expectation: "Menunjukkan nilai " + string(v)})
	}
	return es
}

// approvedThen returns the events of an approved SKP followed by more.
func approvedThen(more ...skp.Event) []skp.Event {
	return append([]skp.Event{drafted, submitted, approved}, more...)
}

// quarterly returns the period of 2025 for PEMKAB-X, quarterly, with
// deadlines ten days after each quarter, followed by more period events.
func quarterly(t *testing.T, more ...period.Event) *period.Period {
	t.Helper()
	return quarterlyIn(t, 2025, more...)
}

// quarterlyIn is quarterly for another year.
func quarterlyIn(t *testing.T, year int, more ...period.Event) *period.Period {
	t.Helper()
	hr := actor.Actor{NIP: "197101012000032004", Role: actor.HR}
	opened := period.Opened{Instansi: "PEMKAB-X", Year: year, Frequency: performance.FrequencyQuarterly,
		PolicyVersion: policy.Version, At: on("2025-01-02"), By: hr}
	opened.Windows = period.Layout(year, performance.FrequencyQuarterly)
	for i, d := range period.DeadlinesAfter(year, performance.FrequencyQuarterly, 10) {
		opened.Windows[i].Deadline = d
	}
	events := append([]period.Event{opened}, more...)
	stored := make([]eventlog.Event, len(events))
	for i, e := range events {
		typ, v, data, err := period.Encode(e)
		if err != nil {
			t.Fatal(err)
		}
		stored[i] = eventlog.Event{Type: typ, SchemaVersion: v, Data: data}
	}
	p, err := period.Replay(stored)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// given replays events through the codec, as the use case does.
func given(t *testing.T, events ...skp.Event) *skp.SKP {
	t.Helper()
	stored := make([]eventlog.Event, len(events))
	for i, e := range events {
		typ, v, data, err := skp.Encode(e)
		if err != nil {
			t.Fatalf("encode given event %d: %v", i, err)
		}
		stored[i] = eventlog.Event{Stream: skp.Stream(nipPegawai, 2025), Version: uint64(i + 1), Type: typ, SchemaVersion: v, Data: data}
	}
	s, err := skp.Replay(stored)
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	if s.Version() != uint64(len(events)) {
		t.Fatalf("Version() = %d, want %d", s.Version(), len(events))
	}
	return s
}

type testCase struct {
	name    string
	given   []skp.Event
	when    func(*skp.SKP) ([]skp.Event, error)
	want    []skp.Event
	wantErr error
}

// run checks each case, and that the state a command leaves equals the state
// replayed from the given and the new events: decide and replay apply alike.
func run(t *testing.T, cases []testCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := given(t, c.given...)
			before := snapshot(s)
			got, err := c.when(s)
			if !errors.Is(err, c.wantErr) {
				t.Fatalf("error = %v, want %v", err, c.wantErr)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Fatalf("events (-want +got):\n%s", diff)
			}
			if err != nil {
				if diff := cmp.Diff(before, snapshot(s)); diff != "" {
					t.Fatalf("a failed command changed the state (-before +after):\n%s", diff)
				}
				return
			}
			replayed := given(t, append(append([]skp.Event(nil), c.given...), got...)...)
			if diff := cmp.Diff(snapshot(replayed), snapshot(s)); diff != "" {
				t.Fatalf("state after the command differs from replay (-replay +command):\n%s", diff)
			}
		})
	}
}

// firstOf returns its first argument.
func firstOf[T any](v T, _ bool) T { return v }

// snapshot is the observable state of an SKP.
func snapshot(s *skp.SKP) map[string]any {
	annual, annualOK := s.AnnualRatings()
	filed, decided := s.Objection()
	m := map[string]any{"drafted": s.Drafted(), "nip": s.NIP(), "year": s.Year(), "instansi": s.Instansi(),
		"status": s.Status(), "plan": s.Plan(), "annual": annual, "annual_note": firstOf(s.RatingNote(0)), "annual_in_force": firstOf(s.NoteInForce(0)), "annual_ok": annualOK, "filed": filed, "decided": decided}
	approvedPlan, approvedOK := s.ApprovedPlan()
	m["expectations"] = []any{s.Expectations(), s.MissingExpectations(), s.LegacyExpectations(), approvedPlan, approvedOK}
	objection, _ := s.ObjectionRecord()
	m["record"] = []any{s.Feedback(), s.ReturnNotes(), s.Amendments(), objection}
	for no := 1; no <= 3; no++ {
		exists, responded := s.FeedbackStatus(no)
		m["feedback"+string(rune('0'+no))] = []bool{exists, responded}
	}
	for w := 1; w <= 4; w++ {
		r, ok := s.PeriodicRatings(w)
		note, _ := s.RatingNote(w)
		inForce, _ := s.NoteInForce(w)
		m["periodic"+string(rune('0'+w))] = []any{r, ok, note, inForce}
		for _, iki := range []string{"iki-1", "iki-2", "iki-3"} {
			real, ok := s.Realisation(w, iki)
			m["real"+string(rune('0'+w))+iki] = []any{real, ok}
		}
	}
	return m
}
