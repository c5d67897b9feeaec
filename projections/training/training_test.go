package training_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/training"
)

var at = time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)

func ratings(h, p performance.Rating) skp.Ratings {
	pred, _ := performance.PredikatOf(h, p)
	return skp.Ratings{Hasil: h, Perilaku: p, Predikat: pred}
}

// TestNeeds builds employees with each kind of need, and one without, and
// checks the needs, their evidence, the filters and that amendments and
// objection decisions replace the ratings in force.
func TestNeeds(t *testing.T) {
	sc := pgtest.New(t)
	a, b, c, d := projectiontest.NIP(1), projectiontest.NIP(2), projectiontest.NIP(3), projectiontest.NIP(4)
	reg := func(nip, name, unit string) projectiontest.Event {
		return employee.Registered{NIP: nip, Name: name, Instansi: "I", Unit: unit, Status: employee.StatusPNS, Golongan: "III/a", At: at}
	}
	ws := period.Layout(2025, performance.FrequencyQuarterly)
	target := func(id string, kind skp.TargetKind) skp.IKI {
		tg := skp.Target{Kind: kind, Quantity: 8, Unit: "dokumen"}
		if kind == skp.TargetQualitative {
			tg = skp.Target{Kind: kind, Text: "baik"}
		}
		return skp.IKI{ID: id, Text: "Dokumen " + id, Aspek: skp.AspekKuantitas, Target: tg}
	}
	plan := skp.Plan{RHK: []skp.RHK{{ID: "R1", IKI: []skp.IKI{target("K1", skp.TargetQuantitative), target("K2", skp.TargetQuantitative), target("K3", skp.TargetQualitative)}}}}
	one, three := 1.0, 3.0
	real := func(nip string, w int, k string, q *float64) projectiontest.Event {
		return skp.RealisationReported{NIP: nip, Year: 2025, Window: w, IKI: k, Quantity: q, At: at}
	}
	bawah, sesuai, atas := performance.RatingDiBawah, performance.RatingSesuai, performance.RatingDiAtas
	evs := []projectiontest.Event{
		reg(a, "A", "U"), reg(b, "B", "U"), reg(c, "C", "V"), reg(d, "D", "U"),
		period.Opened{Instansi: "I", Year: 2025, Frequency: performance.FrequencyQuarterly, Windows: ws, At: at},
		// A: annual butuh_perbaikan (amended from baik), Q1 perilaku di bawah (kurang), feedback on two values.
		skp.AnnualRatingsGiven{NIP: a, Year: 2025, Ratings: ratings(sesuai, sesuai), At: at},
		skp.RatingsAmended{NIP: a, Year: 2025, Window: 0, New: ratings(bawah, sesuai), Reason: "r", At: at},
		skp.PeriodicRatingsGiven{NIP: a, Year: 2025, Window: 1, Label: "2025-Q1", Ratings: ratings(sesuai, bawah), At: at},
		skp.FeedbackGiven{NIP: a, Year: 2025, No: 1, Value: skp.Akuntabel, Text: "laporan terlambat", At: at},
		skp.FeedbackGiven{NIP: a, Year: 2025, No: 2, RHK: "R1", Text: "bagus", At: at},
		skp.FeedbackGiven{NIP: a, Year: 2025, No: 3, Value: skp.Akuntabel, Text: "masih terlambat", At: at},
		skp.FeedbackGiven{NIP: a, Year: 2025, No: 4, Value: skp.Kolaboratif, Text: "libatkan tim", At: at},
		// B: approved plan; Q1 and Q2 closed; K1 realised 1 + 3 < 4 expected, K2 3 + 3 ≥ 4.
		skp.Drafted{NIP: b, Year: 2025, Instansi: "I", Plan: plan, At: at},
		skp.Approved{NIP: b, Year: 2025, At: at},
		real(b, 1, "K1", &one), real(b, 2, "K1", &one), real(b, 1, "K2", &three), real(b, 2, "K2", &one),
		skp.RealisationCorrected{NIP: b, Year: 2025, Window: 2, IKI: "K2", Quantity: &three, Reason: "r", At: at},
		real(b, 3, "K1", &three),
		period.WindowClosed{Instansi: "I", Year: 2025, Window: 1, At: at},
		period.WindowClosed{Instansi: "I", Year: 2025, Window: 2, At: at},
		// C: sangat_kurang in unit V, changed to baik by the objection decision.
		skp.AnnualRatingsGiven{NIP: c, Year: 2025, Ratings: ratings(bawah, bawah), At: at},
		skp.ObjectionDecided{NIP: c, Year: 2025, Outcome: skp.OutcomeRatingsChanged, New: ratings(sesuai, atas), At: at},
		// D: sangat_baik, then left the service with a kurang periodic: not listed.
		skp.AnnualRatingsGiven{NIP: d, Year: 2025, Ratings: ratings(atas, atas), At: at},
		skp.PeriodicRatingsGiven{NIP: d, Year: 2025, Window: 2, Label: "2025-Q2", Ratings: ratings(sesuai, bawah), At: at},
		employee.LeftService{NIP: d, Effective: civil.Date{Year: 2025, Month: 12, Day: 31}, Reason: "pensiun", At: at},
	}
	events := projectiontest.StoredEvents(evs...)
	projectiontest.Apply(t, sc.Pool, training.New(), events, 3)
	id := func(i int) string { return events[i].ID }
	ctx := context.Background()
	got, err := training.Needs(ctx, sc.Pool, training.Filter{Instansi: "I"})
	if err != nil {
		t.Fatal(err)
	}
	who := func(n training.Need) training.Need {
		n.Instansi, n.Year = "I", 2025
		return n
	}
	want := []training.Need{
		who(training.Need{NIP: a, Name: "A", Unit: "U", Kind: "predikat", Period: "2025", Subject: "butuh_perbaikan",
			Detail: "annual predikat butuh_perbaikan", EventIDs: []string{id(6)}}),
		who(training.Need{NIP: a, Name: "A", Unit: "U", Kind: "predikat", Period: "2025-Q1", Subject: "kurang",
			Detail: "periodic predikat kurang", EventIDs: []string{id(7)}}),
		who(training.Need{NIP: a, Name: "A", Unit: "U", Kind: "perilaku", Period: "2025-Q1", Subject: "di_bawah_ekspektasi",
			Detail: "periodic perilaku kerja (BerAKHLAK) rated di_bawah_ekspektasi", Values: []string{"akuntabel", "kolaboratif"},
			EventIDs: []string{id(7), id(8), id(10), id(11)}}),
		who(training.Need{NIP: a, Name: "A", Unit: "U", Kind: "berakhlak_feedback", Period: "2025", Subject: "akuntabel",
			Detail: "feedback on akuntabel: laporan terlambat | masih terlambat", EventIDs: []string{id(8), id(10)}}),
		who(training.Need{NIP: a, Name: "A", Unit: "U", Kind: "berakhlak_feedback", Period: "2025", Subject: "kolaboratif",
			Detail: "feedback on kolaboratif: libatkan tim", EventIDs: []string{id(11)}}),
		who(training.Need{NIP: b, Name: "B", Unit: "U", Kind: "iki_under_target", Period: "2025", Subject: "K1",
			Detail:   "Dokumen K1: 2 dokumen realised in 2 of 4 windows, 4 expected (target 8)",
			Measure:  &training.Measure{Target: 8, Unit: "dokumen", Windows: 4, ClosedWindows: 2, Expected: 4, Realised: 2},
			EventIDs: []string{id(12), id(14), id(15), id(20), id(21)}}),
	}
	if diff := cmp.Diff(want, got, cmpopts.IgnoreUnexported(training.Need{})); diff != "" {
		t.Errorf("needs (-want +got):\n%s", diff)
	}
	if u, _ := training.Needs(ctx, sc.Pool, training.Filter{Unit: "V"}); len(u) != 0 {
		t.Errorf("unit V: %+v, want none (C's sangat_kurang was changed)", u)
	}
	if k, _ := training.Needs(ctx, sc.Pool, training.Filter{Kind: "perilaku", Year: 2025}); len(k) != 1 || k[0].NIP != a {
		t.Errorf("kind perilaku: %+v", k)
	}
	if n, _ := training.Needs(ctx, sc.Pool, training.Filter{NIP: b}); len(n) != 1 || n[0].NIP != b || n[0].Kind != "iki_under_target" {
		t.Errorf("B's needs: %+v, want the one IKI under target", n)
	}
	if y, _ := training.Needs(ctx, sc.Pool, training.Filter{Year: 2024}); len(y) != 0 {
		t.Errorf("2024: %+v", y)
	}
	if _, err := training.Needs(ctx, sc.Pool, training.Filter{Kind: "x"}); !errors.Is(err, training.ErrInvalidFilter) {
		t.Errorf("bad kind: %v", err)
	}
	// The needs of an instansi, a unit or an employee are read by the keys
	// of its employees, not by scanning the rows of every instansi.
	if n, _ := training.Needs(ctx, sc.Pool, training.Filter{Instansi: "I", NIPs: []string{b, c}}); len(n) != 1 || n[0].NIP != b {
		t.Errorf("needs of B and C: %+v, want B's one", n)
	}
	if n, err := training.Needs(ctx, sc.Pool, training.Filter{Instansi: "I", NIPs: []string{}}); err != nil || len(n) != 0 {
		t.Errorf("needs of no one: %+v, %v", n, err)
	}
	for _, f := range []training.Filter{{Instansi: "I"}, {Instansi: "I", Unit: "U", Year: 2025}, {Unit: "U"},
		{NIP: b, Year: 2025}, {Instansi: "I", NIPs: []string{a, b}}} {
		checkReadByKey(t, sc.Pool, f)
	}
}

// checkReadByKey runs Needs with f through a querier that explains each
// query first, with sequential scans off so that a table of a few rows does
// not hide a missing condition, and checks that every table of needs is
// read by a condition on nip, the first column of each of their keys.
func checkReadByKey(t *testing.T, pool *pgxpool.Pool, f training.Filter) {
	t.Helper()
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	q := &explainer{tx: tx}
	if _, err := training.Needs(ctx, q, f); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"training_ratings", "training_feedback", "training_iki", "training_realisations"} {
		node := " on " + table + " t"
		found := false
		for _, plan := range q.plans {
			lines := strings.Split(plan, "\n")
			for i, l := range lines {
				if !strings.HasSuffix(l, node) {
					continue
				}
				found = true
				// The node's details and children are indented deeper.
				indent := len(l) - len(strings.TrimLeft(l, " "))
				var sub strings.Builder
				for _, x := range lines[i+1:] {
					if len(x)-len(strings.TrimLeft(x, " ")) <= indent {
						break
					}
					sub.WriteString(x + "\n")
				}
				if !strings.Contains(sub.String(), "Index Cond: (nip =") && !strings.Contains(sub.String(), "Index Cond: ((nip =") {
					t.Errorf("%+v: %s is not read by nip:\n%s", f, table, plan)
				}
			}
		}
		if !found {
			t.Errorf("%+v: no query reads %s", f, table)
		}
	}
}

// explainer is a training.Querier that records the plan of each query
// before running it.
type explainer struct {
	tx    pgx.Tx
	plans []string
}

func (e *explainer) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	rows, err := e.tx.Query(ctx, `EXPLAIN (COSTS OFF) `+sql, args...)
	if err != nil {
		return nil, err
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	e.plans = append(e.plans, strings.Join(lines, "\n"))
	return e.tx.Query(ctx, sql, args...)
}

// TestBatchEqualsOneByOne applies a random world one event per transaction
// and in batches of 1,000: the tables must be equal, and the world must
// give needs of every kind.
func TestBatchEqualsOneByOne(t *testing.T) {
	one, many := pgtest.New(t), pgtest.New(t)
	projectiontest.BatchEqualsOneByOne(t, training.New(), one.Pool, many.Pool)
	needs, err := training.Needs(context.Background(), many.Pool, training.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, n := range needs {
		kinds[n.Kind]++
		if len(n.EventIDs) == 0 {
			t.Errorf("need %+v rests on no event", n)
		}
	}
	for _, k := range training.Kinds() {
		if kinds[k] == 0 {
			t.Errorf("no need of kind %s in the world: %v", k, kinds)
		}
	}
}

// TestUndecodableEventIsAnApplyError checks that an event the projector
// cannot decode is reported with its position, not skipped.
func TestUndecodableEventIsAnApplyError(t *testing.T) {
	projectiontest.FailsOnUndecodable(t, pgtest.New(t).Pool, training.New(), "skp")
}

// TestHugeTargetsStayFinite: a target near the largest float64 (stored
// before quantities were bounded) gives a finite expected quantity, and
// realisations that add up past it do not make the list unencodable: one
// employee's plan must not turn every list of training needs into an error.
func TestHugeTargetsStayFinite(t *testing.T) {
	sc := pgtest.New(t)
	e, f := projectiontest.NIP(1), projectiontest.NIP(2)
	huge := math.MaxFloat64 / 1.05
	plan := skp.Plan{RHK: []skp.RHK{{ID: "R1", IKI: []skp.IKI{{ID: "K1", Text: "Anggaran", Aspek: skp.AspekKuantitas,
		Target: skp.Target{Kind: skp.TargetQuantitative, Quantity: huge, Unit: "rupiah"}}}}}}
	evs := []projectiontest.Event{
		employee.Registered{NIP: e, Name: "E", Instansi: "I", Unit: "U", Status: employee.StatusPNS, Golongan: "III/a", At: at},
		employee.Registered{NIP: f, Name: "F", Instansi: "I", Unit: "U", Status: employee.StatusPNS, Golongan: "III/a", At: at},
		period.Opened{Instansi: "I", Year: 2025, Frequency: performance.FrequencyQuarterly, Windows: period.Layout(2025, performance.FrequencyQuarterly), At: at},
		skp.Drafted{NIP: e, Year: 2025, Instansi: "I", Plan: plan, At: at},
		skp.Approved{NIP: e, Year: 2025, At: at},
		skp.Drafted{NIP: f, Year: 2025, Instansi: "I", Plan: plan, At: at},
		skp.Approved{NIP: f, Year: 2025, At: at},
		skp.RealisationReported{NIP: f, Year: 2025, Window: 1, IKI: "K1", Quantity: &huge, At: at},
		skp.RealisationReported{NIP: f, Year: 2025, Window: 2, IKI: "K1", Quantity: &huge, At: at},
		period.WindowClosed{Instansi: "I", Year: 2025, Window: 1, At: at},
		period.WindowClosed{Instansi: "I", Year: 2025, Window: 2, At: at},
	}
	projectiontest.Apply(t, sc.Pool, training.New(), projectiontest.StoredEvents(evs...), 3)
	got, err := training.Needs(context.Background(), sc.Pool, training.Filter{Instansi: "I"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].NIP != e || got[0].Measure == nil || math.IsInf(got[0].Measure.Expected, 0) {
		t.Fatalf("needs: %+v, want E's IKI under a finite expected quantity", got)
	}
	if _, err := json.Marshal(got); err != nil {
		t.Fatalf("the needs cannot be encoded: %v", err)
	}
}

// TestDepartureRecordedAheadKeepsTheNeeds: the needs of an employee whose
// departure is recorded for a later day are listed until that day. They
// used to vanish the moment it was recorded.
func TestDepartureRecordedAheadKeepsTheNeeds(t *testing.T) {
	sc := pgtest.New(t)
	e := projectiontest.NIP(1)
	plan := skp.Plan{RHK: []skp.RHK{{ID: "R1", IKI: []skp.IKI{{ID: "K1", Text: "Laporan", Aspek: skp.AspekKuantitas,
		Target: skp.Target{Kind: skp.TargetQuantitative, Quantity: 10, Unit: "dokumen"}}}}}}
	one := 1.0
	evs := []projectiontest.Event{
		employee.Registered{NIP: e, Name: "E", Instansi: "I", Unit: "U", Status: employee.StatusPNS, Golongan: "III/a", At: at},
		period.Opened{Instansi: "I", Year: 2025, Frequency: performance.FrequencyQuarterly, Windows: period.Layout(2025, performance.FrequencyQuarterly), At: at},
		skp.Drafted{NIP: e, Year: 2025, Instansi: "I", Plan: plan, At: at},
		skp.Approved{NIP: e, Year: 2025, At: at},
		skp.RealisationReported{NIP: e, Year: 2025, Window: 1, IKI: "K1", Quantity: &one, At: at},
		period.WindowClosed{Instansi: "I", Year: 2025, Window: 1, At: at},
		employee.LeftService{NIP: e, Effective: civil.Date{Year: 2025, Month: 6, Day: 1}, Reason: "pensiun", At: at},
	}
	projectiontest.Apply(t, sc.Pool, training.New(), projectiontest.StoredEvents(evs...), 2)
	for _, c := range []struct {
		day  civil.Date
		want int
	}{{civil.Date{Year: 2025, Month: 5, Day: 31}, 1}, {civil.Date{Year: 2025, Month: 6, Day: 1}, 0}, {civil.Date{}, 0}} {
		got, err := training.Needs(context.Background(), sc.Pool, training.Filter{Instansi: "I", Day: c.day})
		if err != nil || len(got) != c.want {
			t.Errorf("needs on %s: %+v, %v; want %d", c.day, got, err, c.want)
		}
	}
}

// TestTransferRecordedAheadCountsFromItsDay: a transfer to U2 from 1 June,
// recorded before, leaves the employee's needs in U1 until then. The unit
// filter put them in U2 from the moment it was recorded.
func TestTransferRecordedAheadCountsFromItsDay(t *testing.T) {
	sc := pgtest.New(t)
	e := projectiontest.NIP(1)
	plan := skp.Plan{RHK: []skp.RHK{{ID: "R1", IKI: []skp.IKI{{ID: "K1", Text: "Laporan", Aspek: skp.AspekKuantitas,
		Target: skp.Target{Kind: skp.TargetQuantitative, Quantity: 10, Unit: "dokumen"}}}}}}
	one := 1.0
	evs := []projectiontest.Event{
		employee.Registered{NIP: e, Name: "E", Instansi: "I", Unit: "U1", Status: employee.StatusPNS, Golongan: "III/a", At: at},
		period.Opened{Instansi: "I", Year: 2025, Frequency: performance.FrequencyQuarterly, Windows: period.Layout(2025, performance.FrequencyQuarterly), At: at},
		skp.Drafted{NIP: e, Year: 2025, Instansi: "I", Plan: plan, At: at},
		skp.Approved{NIP: e, Year: 2025, At: at},
		skp.RealisationReported{NIP: e, Year: 2025, Window: 1, IKI: "K1", Quantity: &one, At: at},
		period.WindowClosed{Instansi: "I", Year: 2025, Window: 1, At: at},
		employee.Transferred{NIP: e, FromUnit: "U1", ToUnit: "U2", Effective: civil.Date{Year: 2025, Month: 6, Day: 1}, At: at},
	}
	projectiontest.Apply(t, sc.Pool, training.New(), projectiontest.StoredEvents(evs...), 2)
	for _, c := range []struct {
		day  civil.Date
		unit string
	}{{civil.Date{Year: 2025, Month: 5, Day: 31}, "U1"}, {civil.Date{Year: 2025, Month: 6, Day: 1}, "U2"}} {
		for _, u := range []string{"U1", "U2"} {
			got, err := training.Needs(context.Background(), sc.Pool, training.Filter{Instansi: "I", Unit: u, Day: c.day})
			if want := map[bool]int{true: 1, false: 0}[u == c.unit]; err != nil || len(got) != want {
				t.Errorf("needs of %s on %s: %+v, %v; want %d", u, c.day, got, err, want)
			}
			if len(got) == 1 && got[0].Unit != c.unit {
				t.Errorf("needs of %s on %s name unit %q", u, c.day, got[0].Unit)
			}
		}
	}
}

// TestNoIKINeedBeforeTheAppointment: N, a CPNS appointed in July 2025 (the
// month the NIP encodes), realises 4 of a target of 8 in the third quarter,
// half of the two quarters they serve, once the first three are closed.
// The target was prorated over the four quarters of the year (6 expected
// of the three closed), which listed N for training.
func TestNoIKINeedBeforeTheAppointment(t *testing.T) {
	sc := pgtest.New(t)
	const n = "200001012025071001"
	plan := skp.Plan{RHK: []skp.RHK{{ID: "R1", IKI: []skp.IKI{{ID: "K1", Text: "Dokumen", Aspek: skp.AspekKuantitas,
		Target: skp.Target{Kind: skp.TargetQuantitative, Quantity: 8, Unit: "dokumen"}}}}}}
	four := 4.0
	evs := []projectiontest.Event{
		employee.Registered{NIP: n, Name: "N", Instansi: "I", Unit: "U", Status: employee.StatusPNS, Golongan: "III/a", At: at},
		period.Opened{Instansi: "I", Year: 2025, Frequency: performance.FrequencyQuarterly, Windows: period.Layout(2025, performance.FrequencyQuarterly), At: at},
		skp.Drafted{NIP: n, Year: 2025, Instansi: "I", Plan: plan, At: at},
		skp.Approved{NIP: n, Year: 2025, At: at},
		skp.RealisationReported{NIP: n, Year: 2025, Window: 3, IKI: "K1", Quantity: &four, At: at},
		period.WindowClosed{Instansi: "I", Year: 2025, Window: 1, At: at},
		period.WindowClosed{Instansi: "I", Year: 2025, Window: 2, At: at},
		period.WindowClosed{Instansi: "I", Year: 2025, Window: 3, At: at},
	}
	projectiontest.Apply(t, sc.Pool, training.New(), projectiontest.StoredEvents(evs...), 3)
	got, err := training.Needs(context.Background(), sc.Pool, training.Filter{Instansi: "I"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 0 {
		t.Errorf("needs %+v, want none: 4 of 8 in one of the two quarters N serves", got)
	}
}

// TestIKINeedsFollowThePlanInForce: an approved plan's IKI K1 (target 8)
// is reported in full in the first quarter; a revision raising it to 80
// and adding K2 waits for approval. The employee reports against the
// approved plan meanwhile (domain/skp), so there is no need; the
// revision's targets counted at once (K1 10 of 20, K2 nothing). Once the
// revision is approved, they count.
func TestIKINeedsFollowThePlanInForce(t *testing.T) {
	const n = "198609262015051001"
	iki := func(id string, qty float64) skp.IKI {
		return skp.IKI{ID: id, Text: "Dokumen", Aspek: skp.AspekKuantitas,
			Target: skp.Target{Kind: skp.TargetQuantitative, Quantity: qty, Unit: "dokumen"}}
	}
	approved := skp.Plan{RHK: []skp.RHK{{ID: "R1", IKI: []skp.IKI{iki("K1", 8)}}}}
	revision := skp.Plan{RHK: []skp.RHK{{ID: "R1", IKI: []skp.IKI{iki("K1", 80), iki("K2", 8)}}}}
	ten := 10.0
	evs := []projectiontest.Event{
		employee.Registered{NIP: n, Name: "N", Instansi: "I", Unit: "U", Status: employee.StatusPNS, Golongan: "III/a", At: at},
		period.Opened{Instansi: "I", Year: 2025, Frequency: performance.FrequencyQuarterly, Windows: period.Layout(2025, performance.FrequencyQuarterly), At: at},
		skp.Drafted{NIP: n, Year: 2025, Instansi: "I", Plan: approved, At: at},
		skp.Submitted{NIP: n, Year: 2025, At: at},
		skp.Approved{NIP: n, Year: 2025, At: at},
		skp.RealisationReported{NIP: n, Year: 2025, Window: 1, IKI: "K1", Quantity: &ten, At: at},
		period.WindowClosed{Instansi: "I", Year: 2025, Window: 1, At: at},
		skp.Revised{NIP: n, Year: 2025, Plan: revision, Reason: "target naik", At: at},
		skp.Returned{NIP: n, Year: 2025, At: at},
		skp.Edited{NIP: n, Year: 2025, Plan: revision, At: at},
		skp.Submitted{NIP: n, Year: 2025, At: at},
	}
	for _, tc := range []struct {
		name string
		evs  []projectiontest.Event
		want []string
	}{
		{"revision waiting", evs, nil},
		{"revision approved", append(append([]projectiontest.Event{}, evs...), skp.Approved{NIP: n, Year: 2025, At: at}), []string{"K1", "K2"}},
	} {
		for _, batch := range []int{1, len(tc.evs)} {
			t.Run(fmt.Sprintf("%s, batch %d", tc.name, batch), func(t *testing.T) {
				sc := pgtest.New(t)
				projectiontest.Apply(t, sc.Pool, training.New(), projectiontest.StoredEvents(tc.evs...), batch)
				got, err := training.Needs(context.Background(), sc.Pool, training.Filter{Instansi: "I"})
				if err != nil {
					t.Fatal(err)
				}
				var ikis []string
				for _, need := range got {
					if need.Kind == "iki_under_target" {
						ikis = append(ikis, need.Subject)
					}
				}
				slices.Sort(ikis)
				if !slices.Equal(ikis, tc.want) {
					t.Errorf("IKI under target %v (needs %+v), want %v", ikis, got, tc.want)
				}
			})
		}
	}
}
