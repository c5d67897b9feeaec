package skp_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/eventcodec"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// explained is an explanation reduced to positions and reasons.
type explained struct {
	Status              skp.Status
	StatusBasis         []uint64
	Annual              skp.Ratings
	AnnualSetBy         uint64
	AnnualTrail         []uint64
	AnnualPlan          []uint64
	AnnualEvidence      []uint64
	AnnualObjection     []uint64
	Windows             []int
	W1Ratings           skp.Ratings
	W1SetBy             uint64
	W1Plan, W1Evidence  []uint64
	W2SetBy             uint64
	W2Plan, W2Evidence  []uint64
	FirstWhy, ActorRole string
}

func positions(refs []skp.EventRef) []uint64 {
	out := []uint64{}
	for _, r := range refs {
		out = append(out, r.Position)
	}
	return out
}

func trailPositions(cs []skp.ScoreChange) []uint64 {
	out := []uint64{}
	for _, c := range cs {
		out = append(out, c.Position)
	}
	return out
}

// TestExplain follows an SKP returned once, approved, reported, rated in two
// windows (one amended), rated for the year, revised, approved again, and
// objected to with the ratings upheld: each rating rests on the plan and
// evidence of its moment, and the annual predikat on the event that last
// changed it.
func TestExplain(t *testing.T) {
	s := skp.Stream(nipPegawai, 2025)
	bk := skp.Ratings{Hasil: performance.RatingSesuai, Perilaku: performance.RatingSesuai, Predikat: performance.Baik}
	sb := skp.Ratings{Hasil: performance.RatingDiAtas, Perilaku: performance.RatingDiAtas, Predikat: performance.SangatBaik}
	bp := skp.Ratings{Hasil: performance.RatingDiBawah, Perilaku: performance.RatingSesuai, Predikat: performance.ButuhPerbaikan}
	at := on("2025-12-20")
	own := eventlog.Metadata{ActorID: nipPegawai, ActorRole: "pegawai"}
	boss := eventlog.Metadata{ActorID: nipPenilai, ActorRole: "pejabat_penilai"}
	q := quantity(2)
	evs := []skp.Event{
		skp.Drafted{NIP: nipPegawai, Year: 2025, Instansi: "pemprov-jabar", Plan: samplePlan(), At: at, By: pegawai},                           // 1
		skp.Submitted{NIP: nipPegawai, Year: 2025, At: at, By: pegawai},                                                                        // 2
		skp.Returned{NIP: nipPegawai, Year: 2025, Note: "sharpen iki-2", At: at, By: penilai},                                                  // 3
		skp.Edited{NIP: nipPegawai, Year: 2025, Plan: samplePlan(), At: at, By: pegawai},                                                       // 4
		skp.Submitted{NIP: nipPegawai, Year: 2025, At: at, By: pegawai},                                                                        // 5
		skp.Approved{NIP: nipPegawai, Year: 2025, At: at, By: penilai},                                                                         // 6
		skp.RealisationReported{NIP: nipPegawai, Year: 2025, Window: 1, IKI: "iki-1", Quantity: q, At: at, By: pegawai},                        // 7
		skp.PeriodicRatingsGiven{NIP: nipPegawai, Year: 2025, Window: 1, Ratings: bk, At: at, By: penilai},                                     // 8
		skp.RatingsAmended{NIP: nipPegawai, Year: 2025, Window: 1, Previous: bk, New: sb, Reason: "typo", At: at, By: penilai},                 // 9
		skp.RealisationReported{NIP: nipPegawai, Year: 2025, Window: 2, IKI: "iki-1", Quantity: q, At: at, By: pegawai},                        // 10
		skp.FeedbackGiven{NIP: nipPegawai, Year: 2025, No: 1, Text: "good", At: at, By: penilai},                                               // 11
		skp.PeriodicRatingsGiven{NIP: nipPegawai, Year: 2025, Window: 2, Ratings: bp, At: at, By: penilai},                                     // 12
		skp.AnnualRatingsGiven{NIP: nipPegawai, Year: 2025, Ratings: bk, At: at, By: penilai},                                                  // 13
		skp.Revised{NIP: nipPegawai, Year: 2025, Plan: samplePlan(), Reason: "mutasi", At: at, By: pegawai},                                    // 14
		skp.Approved{NIP: nipPegawai, Year: 2025, At: at, By: penilai},                                                                         // 15
		skp.ObjectionFiled{NIP: nipPegawai, Year: 2025, Reasons: "unfair", Against: bk, At: at, By: pegawai},                                   // 16
		skp.ObjectionDecided{NIP: nipPegawai, Year: 2025, Outcome: skp.OutcomeRatingsUpheld, Previous: bk, Note: "stands", At: at, By: atasan}, // 17
	}
	var stream []eventlog.Event
	for i, e := range evs {
		meta := boss
		if e.EventType() == skp.TypeDrafted || e.EventType() == skp.TypeSubmitted || e.EventType() == skp.TypeEdited ||
			e.EventType() == skp.TypeRealisationReported || e.EventType() == skp.TypeRevised || e.EventType() == skp.TypeObjectionFiled {
			meta = own
		}
		if e.EventType() == skp.TypeObjectionDecided {
			meta = eventlog.Metadata{} // the payload's By stands in
		}
		stream = append(stream, stored(t, s, uint64(i+1), e, meta))
	}
	x, err := skp.Explain(stream)
	if err != nil {
		t.Fatal(err)
	}
	windows := []int{}
	for _, p := range x.Periodic {
		windows = append(windows, p.Window)
	}
	got := explained{Status: x.Status, StatusBasis: positions(x.StatusBasis), Annual: x.Annual.Ratings, AnnualSetBy: x.Annual.SetBy.Position,
		AnnualTrail: trailPositions(x.Annual.Trail), AnnualPlan: positions(x.Annual.Plan), AnnualEvidence: positions(x.Annual.Evidence),
		AnnualObjection: positions(x.Annual.Objection), Windows: windows,
		W1Ratings: x.Periodic[0].Ratings, W1SetBy: x.Periodic[0].SetBy.Position, W1Plan: positions(x.Periodic[0].Plan), W1Evidence: positions(x.Periodic[0].Evidence),
		W2SetBy: x.Periodic[1].SetBy.Position, W2Plan: positions(x.Periodic[1].Plan), W2Evidence: positions(x.Periodic[1].Evidence),
		FirstWhy: x.StatusBasis[0].Why, ActorRole: x.Annual.Trail[1].ActorRole}
	want := explained{
		Status: skp.StatusApproved, StatusBasis: []uint64{1, 14, 15},
		Annual: bk, AnnualSetBy: 13, AnnualTrail: []uint64{13, 17}, AnnualPlan: []uint64{1, 4, 5, 6},
		AnnualEvidence: []uint64{7, 10, 9, 12}, AnnualObjection: []uint64{16}, Windows: []int{1, 2},
		W1Ratings: sb, W1SetBy: 9, W1Plan: []uint64{1, 4, 5, 6}, W1Evidence: []uint64{7},
		W2SetBy: 12, W2Plan: []uint64{1, 4, 5, 6}, W2Evidence: []uint64{10},
		FirstWhy: "drafted the SKP and its plan", ActorRole: "atasan_pejabat_penilai",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("explanation (-want +got):\n%s", d)
	}
	if x.NIP != nipPegawai || x.Year != 2025 || x.Version != 17 || x.Stream != s {
		t.Errorf("explanation of %s %d version %d in %s", x.NIP, x.Year, x.Version, x.Stream)
	}
	ref := x.Annual.Plan[3]
	if ref.EventID != stream[5].ID || ref.Hash != "06" || ref.Type != skp.TypeApproved || ref.ActorID != nipPenilai || ref.RecordedAt != stream[5].RecordedAt {
		t.Errorf("approval cited as %+v", ref)
	}
}

func TestExplainUnratedAndMalformed(t *testing.T) {
	s := skp.Stream(nipPegawai, 2025)
	x, err := skp.Explain([]eventlog.Event{stored(t, s, 1, skp.Drafted{NIP: nipPegawai, Year: 2025, Plan: samplePlan(), At: on("2025-01-06"), By: pegawai}, eventlog.Metadata{})})
	if err != nil {
		t.Fatal(err)
	}
	if x.Status != skp.StatusDraft || x.Annual != nil || len(x.Periodic) != 0 || len(x.StatusBasis) != 1 || x.StatusBasis[0].ActorID != nipPegawai {
		t.Errorf("draft explained as %+v", x)
	}
	bad := eventlog.Event{Stream: s, Position: 9, Type: skp.TypeApproved, SchemaVersion: 1, Data: []byte(`{"at":7}`)}
	if _, err := skp.Explain([]eventlog.Event{bad}); !errors.Is(err, eventcodec.ErrMalformed) {
		t.Errorf("Explain of a malformed event = %v, want ErrMalformed", err)
	}
}
