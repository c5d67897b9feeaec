package worklist_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/worklist"
)

// The people of the quarter: the employee A, their pejabat penilai P and
// atasan Q, the acting official R, S who corrects R's line, and X who
// evaluates nobody.
var (
	a, p, q = projectiontest.NIP(1), projectiontest.NIP(100), projectiontest.NIP(101)
	r, s, x = projectiontest.NIP(102), projectiontest.NIP(103), projectiontest.NIP(104)
)

// on returns noon UTC of a day of 2025.
func on(month time.Month, day int) time.Time {
	return time.Date(2025, month, day, 12, 0, 0, 0, time.UTC)
}

// day returns a civil day of 2025.
func day(month time.Month, d int) civil.Date { return civil.Date{Year: 2025, Month: month, Day: d} }

// year is the events of A's year, in stages: each stage's end is an index
// into the events.
func year() []projectiontest.Event {
	ws := period.Layout(2025, performance.FrequencyQuarterly)
	for i := range ws {
		ws[i].Deadline = ws[i].End.AddDays(5)
	}
	reg := func(nip, unit string) employee.Registered {
		return employee.Registered{NIP: nip, Name: "N" + nip[len(nip)-3:], Status: employee.StatusPNS, Instansi: "I", Unit: unit, Golongan: "III/a", At: on(1, 2)}
	}
	line := func(pen, at string, from civil.Date, acting bool) employee.ReportingLineAssigned {
		return employee.ReportingLineAssigned{NIP: a, PejabatPenilai: pen, AtasanPejabatPenilai: at, EffectiveFrom: from, Acting: acting, Reason: "r", At: on(1, 2)}
	}
	qty := 3.0
	rs := skp.Ratings{Hasil: performance.RatingSesuai, Perilaku: performance.RatingSesuai, Predikat: performance.Baik}
	return []projectiontest.Event{
		reg(a, "U"), reg(p, "U"), reg(q, "U"), reg(r, "U"), reg(s, "U"), reg(x, "V"),
		period.Opened{Instansi: "I", Year: 2025, Frequency: performance.FrequencyQuarterly, Windows: ws, PolicyVersion: "p", At: on(1, 2)},
		line(p, q, day(1, 1), false),
		skp.Drafted{NIP: a, Year: 2025, Instansi: "I", At: on(1, 6)},
		skp.Submitted{NIP: a, Year: 2025, At: on(1, 10)},                                                 // 10: stage 1
		skp.Approved{NIP: a, Year: 2025, At: on(1, 20)},                                                  // 11: stage 2
		skp.RealisationReported{NIP: a, Year: 2025, Window: 2, IKI: "K1", Quantity: &qty, At: on(5, 10)}, // 12: stage 3
		skp.PeriodicRatingsGiven{NIP: a, Year: 2025, Window: 2, Label: "2025-Q2", Ratings: rs, At: on(7, 3)},
		skp.FeedbackGiven{NIP: a, Year: 2025, No: 1, RHK: "R1", Text: "t", At: on(7, 4)},
		skp.FeedbackResponded{NIP: a, Year: 2025, No: 1, Text: "ok", At: on(7, 5)}, // 15: stage 4
		skp.FeedbackGiven{NIP: a, Year: 2025, No: 2, RHK: "R1", Text: "t", At: on(7, 6)},
		skp.AnnualRatingsGiven{NIP: a, Year: 2025, Ratings: rs, At: on(7, 7)},
		skp.ObjectionFiled{NIP: a, Year: 2025, Reasons: "r", Against: rs, Received: on(7, 7), Deadline: time.Date(2025, 7, 21, 0, 0, 0, 0, time.UTC), At: on(7, 8)}, // 18: stage 5
		skp.ObjectionDecided{NIP: a, Year: 2025, Outcome: skp.OutcomeRatingsUpheld, Previous: rs, Note: "n", At: on(7, 9)},
		line(r, q, day(8, 1), true),  // 20: stage 6
		line(s, q, day(8, 1), false), // 21: stage 7
	}
}

// brief is what the test compares of a task.
type brief struct {
	Kind   string
	NIP    string
	Window int
	Since  civil.Date
	Age    int
	Acting bool
}

// briefs loads the worklist of official on d and returns its tasks.
func briefs(t *testing.T, db *pgxpool.Pool, official string, d civil.Date) ([]brief, worklist.Worklist) {
	t.Helper()
	w, err := worklist.Load(t.Context(), db, worklist.Query{Official: official, Day: d})
	if err != nil {
		t.Fatal(err)
	}
	out := []brief{}
	for _, k := range w.Tasks {
		out = append(out, brief{k.Kind, k.NIP, k.Window, k.Since, k.AgeDays, k.Acting})
	}
	return out, w
}

// TestTasksThroughAYear walks A's year and checks the tasks that appear
// and disappear on the worklists of P, Q, R, S and X.
func TestTasksThroughAYear(t *testing.T) {
	db := pgtest.New(t).Pool
	events := projectiontest.StoredEvents(year()...)
	applied := 0
	upTo := func(n int) {
		projectiontest.Apply(t, db, worklist.New(), events[applied:n], 3)
		applied = n
	}
	want := func(official string, d civil.Date, w ...brief) {
		t.Helper()
		got, _ := briefs(t, db, official, d)
		if w == nil {
			w = []brief{}
		}
		if diff := cmp.Diff(w, got); diff != "" {
			t.Errorf("%s on %s (-want +got):\n%s", official, d, diff)
		}
	}
	upTo(10)
	want(p, day(1, 15), brief{worklist.KindPlanApproval, a, 0, day(1, 10), 5, false})
	want(q, day(1, 15))
	want(x, day(1, 15))
	if _, w := briefs(t, db, q, day(1, 15)); len(w.Evaluatees) != 1 || w.Evaluatees[0].As[0] != worklist.AsAtasan {
		t.Errorf("Q's evaluatees %+v, want A as atasan", w.Evaluatees)
	}
	upTo(11)
	want(p, day(1, 21))
	want(p, day(4, 10), brief{worklist.KindOverdueRealisation, a, 1, day(4, 6), 4, false})
	upTo(12)
	want(p, day(7, 2), brief{worklist.KindOverdueRealisation, a, 1, day(4, 6), 87, false},
		brief{worklist.KindRating, a, 2, day(7, 1), 1, false})
	upTo(15)
	want(p, day(7, 6), brief{worklist.KindOverdueRealisation, a, 1, day(4, 6), 91, false},
		brief{worklist.KindFeedbackResponse, a, 0, day(7, 5), 1, false})
	upTo(18)
	// The year is rated (7 July): its windows are no longer tasks, the
	// unreported first quarter included (it used to stay overdue for good).
	want(p, day(7, 10))
	want(q, day(7, 10), brief{worklist.KindObjection, a, 0, day(7, 8), 2, false})
	if _, w := briefs(t, db, q, day(7, 10)); w.Tasks[0].Deadline == nil || *w.Tasks[0].Deadline != day(7, 21) || w.Counts[worklist.KindObjection] != 1 {
		t.Errorf("objection task %+v, counts %v: want its deadline 2025-07-21", w.Tasks[0], w.Counts)
	}
	upTo(20)
	want(q, day(7, 10))
	want(r, day(8, 5))
	want(p, day(8, 5))
	want(p, day(7, 31))
	// The lines still move A: to R (acting) from 1 August, then to S.
	evaluatee := func(official string, d civil.Date, acting bool) {
		t.Helper()
		if _, w := briefs(t, db, official, d); len(w.Evaluatees) != 1 || w.Evaluatees[0].NIP != a || w.Evaluatees[0].Acting != acting {
			t.Errorf("%s's evaluatees on %s: %+v, want A (acting %v)", official, d, w.Evaluatees, acting)
		}
	}
	evaluatee(r, day(8, 5), true)
	evaluatee(p, day(7, 31), false)
	upTo(21)
	want(r, day(8, 5))
	want(s, day(8, 5))
	evaluatee(s, day(8, 5), false)
}

// TestFilters checks the kind and unit filters and that counts ignore
// the kind filter.
func TestFilters(t *testing.T) {
	db := pgtest.New(t).Pool
	projectiontest.Apply(t, db, worklist.New(), projectiontest.StoredEvents(year()[:15]...), 5)
	load := func(qy worklist.Query) worklist.Worklist {
		w, err := worklist.Load(t.Context(), db, qy)
		if err != nil {
			t.Fatal(err)
		}
		return w
	}
	w := load(worklist.Query{Official: p, Day: day(7, 6), Kind: worklist.KindFeedbackResponse})
	if len(w.Tasks) != 1 || w.Total != 2 || w.Counts[worklist.KindOverdueRealisation] != 1 || w.Evaluatees[0].OpenTasks != 2 {
		t.Errorf("kind filter: %+v", w)
	}
	if w := load(worklist.Query{Official: p, Day: day(7, 6), Unit: "V"}); len(w.Tasks) != 0 || len(w.Evaluatees) != 0 || w.Total != 0 {
		t.Errorf("unit V: %+v", w)
	}
	if _, err := worklist.Load(t.Context(), db, worklist.Query{Official: p, Day: day(7, 6), Kind: "nope"}); err == nil {
		t.Error("unknown kind accepted")
	}
}

// TestBatchEqualsOneByOne applies a random world one event per transaction
// and in batches of 1,000: the tables must be equal.
func TestBatchEqualsOneByOne(t *testing.T) {
	projectiontest.BatchEqualsOneByOne(t, worklist.New(), pgtest.New(t).Pool, pgtest.New(t).Pool)
}

// TestUndecodableEventIsAnApplyError checks that an event the projector
// cannot decode is reported with its position, not skipped.
func TestUndecodableEventIsAnApplyError(t *testing.T) {
	for _, c := range []string{"employee", "period", "skp"} {
		projectiontest.FailsOnUndecodable(t, pgtest.New(t).Pool, worklist.New(), c)
	}
}

// TestTransferRecordedAheadCountsFromItsDay: A moves from U to V on 1 July
// and on to W on 1 August, both recorded in January. P's worklist places A
// in U until 1 July, then in V, then in W (the unit filter and the
// evaluatee's unit); it placed A in W from the moment the transfers were
// recorded.
func TestTransferRecordedAheadCountsFromItsDay(t *testing.T) {
	db := pgtest.New(t).Pool
	evs := append(year()[:10:10], employee.Transferred{NIP: a, FromUnit: "U", ToUnit: "V", Effective: day(7, 1), At: on(1, 10)},
		employee.Transferred{NIP: a, FromUnit: "V", ToUnit: "W", Effective: day(8, 1), At: on(1, 10)})
	projectiontest.Apply(t, db, worklist.New(), projectiontest.StoredEvents(evs...), 3)
	for _, c := range []struct {
		day  civil.Date
		unit string
	}{{day(6, 30), "U"}, {day(7, 1), "V"}, {day(8, 1), "W"}} {
		for _, u := range []string{"U", "V", "W"} {
			w, err := worklist.Load(t.Context(), db, worklist.Query{Official: p, Day: c.day, Unit: u})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := len(w.Evaluatees), map[bool]int{true: 1, false: 0}[u == c.unit]; got != want {
				t.Errorf("P's evaluatees in %s on %s: %+v, want %d", u, c.day, w.Evaluatees, want)
			}
			for _, e := range w.Evaluatees {
				if e.Unit != c.unit {
					t.Errorf("evaluatee %s on %s is in %q, want %s", e.NIP, c.day, e.Unit, c.unit)
				}
			}
		}
	}
}

// TestNoRatingTaskWhileARevisedPlanWaits: an approved plan revised by the
// employee waits for approval again, and no window can be rated until it
// is approved (skp.ErrNotApproved). The worklist listed the rating beside
// the plan's approval, a task the penilai was refused when they took it
// first; it now lists the approval only, and the rating again once the
// plan is approved.
func TestNoRatingTaskWhileARevisedPlanWaits(t *testing.T) {
	db := pgtest.New(t).Pool
	qty := 3.0
	events := projectiontest.StoredEvents(append(year()[:11],
		skp.RealisationReported{NIP: a, Year: 2025, Window: 1, IKI: "K1", Quantity: &qty, At: on(3, 10)},
		skp.Revised{NIP: a, Year: 2025, Reason: "target", At: on(4, 2)},
	)...)
	projectiontest.Apply(t, db, worklist.New(), events, 3)
	got, _ := briefs(t, db, p, day(4, 3))
	if diff := cmp.Diff([]brief{{worklist.KindPlanApproval, a, 0, day(4, 2), 1, false}}, got); diff != "" {
		t.Errorf("P's tasks while the revised plan waits (-want +got):\n%s", diff)
	}
	projectiontest.Apply(t, db, worklist.New(), projectiontest.StoredEvents(append(year()[:11],
		skp.RealisationReported{NIP: a, Year: 2025, Window: 1, IKI: "K1", Quantity: &qty, At: on(3, 10)},
		skp.Revised{NIP: a, Year: 2025, Reason: "target", At: on(4, 2)},
		skp.Approved{NIP: a, Year: 2025, At: on(4, 3)})...)[13:], 3)
	got, _ = briefs(t, db, p, day(4, 4))
	if diff := cmp.Diff([]brief{{worklist.KindRating, a, 1, day(4, 1), 3, false}}, got); diff != "" {
		t.Errorf("P's tasks once the plan is approved again (-want +got):\n%s", diff)
	}
}

// TestNoOverdueRealisationBeforeTheAppointment: N, a CPNS appointed in
// July 2025 (the month the NIP encodes), has an approved plan and P as
// pejabat penilai. The quarters that ended before the appointment were
// P's overdue realisation tasks for N; they are not N's to report.
func TestNoOverdueRealisationBeforeTheAppointment(t *testing.T) {
	db := pgtest.New(t).Pool
	const n = "200001012025071001"
	evs := append(year()[:7:7],
		employee.Registered{NIP: n, Name: "Baru", Status: employee.StatusPNS, Instansi: "I", Unit: "U", Golongan: "III/a", At: on(1, 2)},
		employee.ReportingLineAssigned{NIP: n, PejabatPenilai: p, AtasanPejabatPenilai: q, EffectiveFrom: day(7, 1), Reason: "r", At: on(6, 20)},
		skp.Drafted{NIP: n, Year: 2025, Instansi: "I", At: on(7, 2)},
		skp.Submitted{NIP: n, Year: 2025, At: on(7, 3)},
		skp.Approved{NIP: n, Year: 2025, At: on(7, 10)})
	projectiontest.Apply(t, db, worklist.New(), projectiontest.StoredEvents(evs...), 3)
	if got, _ := briefs(t, db, p, day(8, 1)); len(got) != 0 {
		t.Errorf("P's tasks on 1 August: %+v, want none (N reports from the third quarter on)", got)
	}
	got, _ := briefs(t, db, p, day(10, 7))
	if diff := cmp.Diff([]brief{{worklist.KindOverdueRealisation, n, 3, day(10, 6), 1, false}}, got); diff != "" {
		t.Errorf("P's tasks on 7 October (-want +got):\n%s", diff)
	}
}
