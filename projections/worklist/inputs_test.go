package worklist_test

import (
	"testing"

	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/worklist"
)

// TestRatingTaskShowsTheSelfAssessment: given A's approved plan, a report
// in Q1, a self-assessment of Q1 and one peer's feedback, when Q1 has
// ended, then P's rating task names the self-assessment's event and one
// peer feedback.
func TestRatingTaskShowsTheSelfAssessment(t *testing.T) {
	db := pgtest.New(t).Pool
	evs := year()[:12]
	qty := 1.0
	evs = append(evs,
		skp.RealisationReported{NIP: a, Year: 2025, Window: 1, IKI: "K1", Quantity: &qty, At: on(3, 20)},
		skp.SelfAssessed{NIP: a, Year: 2025, Window: 1, Label: "2025-Q1", Hasil: performance.RatingSesuai, At: on(3, 25)},
		skp.PeerFeedbackRecorded{NIP: a, Year: 2025, Window: 1, Label: "2025-Q1",
			Values: []skp.ValueView{{Value: skp.Loyal, Comment: "c"}}, At: on(3, 26), By: actor.Actor{NIP: x, Role: actor.Pegawai}})
	events := projectiontest.StoredEvents(evs...)
	projectiontest.Apply(t, db, worklist.New(), events, 4)
	w, err := worklist.Load(t.Context(), db, worklist.Query{Official: p, Day: day(4, 2)})
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, k := range w.Tasks {
		if k.Kind == worklist.KindRating && k.Window == 1 {
			found = true
			if k.SelfAssessmentEventID != events[13].ID || k.PeerFeedback != 1 {
				t.Errorf("rating task %+v, want self-assessment %s and 1 peer feedback", k, events[13].ID)
			}
		}
	}
	if !found {
		t.Fatalf("no Q1 rating task in %+v", w.Tasks)
	}
}
