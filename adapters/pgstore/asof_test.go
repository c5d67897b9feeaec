package pgstore

import (
	"context"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// appendSKP encodes e and appends it to the SKP stream, returning the
// position; another stream gets an event in between, so positions of the
// SKP are not consecutive.
func appendSKP(t *testing.T, s *Store, stream string, e skp.Event) uint64 {
	t.Helper()
	ctx := context.Background()
	typ, v, data, err := skp.Encode(e)
	if err != nil {
		t.Fatal(err)
	}
	ne := eventlog.NewEvent{ID: eventlog.NewID(), Type: typ, SchemaVersion: v, Data: data,
		Metadata: eventlog.Metadata{ActorID: "197001012000031001", ActorRole: "pejabat_penilai"}}
	res, err := s.Append(ctx, stream, eventlog.Any, ne)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(ctx, "unit-x", eventlog.Any, eventstoretest.Events(1)...); err != nil {
		t.Fatal(err)
	}
	return res.Position
}

type skpState struct {
	status   skp.Status
	annual   skp.Ratings
	isRated  bool
	versions uint64
}

func TestReadStreamAsOfReplaysAnSKPAtThreePoints(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	const nip = "198609262015051001"
	stream := skp.Stream(nip, 2025)
	by := actor.Actor{NIP: "197001012000031001", Role: actor.PejabatPenilai}
	at := time.Date(2025, 1, 6, 3, 0, 0, 0, time.UTC)
	rated := skp.Ratings{Hasil: performance.RatingDiAtas, Perilaku: performance.RatingSesuai, Predikat: performance.Baik}
	if _, err := s.Append(ctx, "unit-x", eventlog.Any, eventstoretest.Events(1)...); err != nil {
		t.Fatal(err)
	}
	pDraft := appendSKP(t, s, stream, skp.Drafted{NIP: nip, Year: 2025, Instansi: "pemprov-jabar", At: at, By: by})
	appendSKP(t, s, stream, skp.Submitted{NIP: nip, Year: 2025, At: at, By: by})
	pApprove := appendSKP(t, s, stream, skp.Approved{NIP: nip, Year: 2025, At: at, By: by})
	pAnnual := appendSKP(t, s, stream, skp.AnnualRatingsGiven{NIP: nip, Year: 2025, Ratings: rated, PolicyVersion: "v1", At: at, By: by})
	appendSKP(t, s, stream, skp.RatingsAmended{NIP: nip, Year: 2025, Previous: rated, Reason: "typo",
		New: skp.Ratings{Hasil: performance.RatingSesuai, Perilaku: performance.RatingSesuai, Predikat: performance.Baik}, At: at, By: by})

	all, err := s.ReadStream(ctx, stream, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		asOf eventlog.AsOf
		want skpState
	}{
		{"before the draft", eventlog.AsOf{Position: pDraft - 1}, skpState{}},
		{"after the draft", eventlog.AsOf{Position: pDraft}, skpState{status: skp.StatusDraft, versions: 1}},
		{"after approval, by position", eventlog.AsOf{Position: pApprove + 1}, skpState{status: skp.StatusApproved, versions: 3}},
		{"after approval, by time", eventlog.AsOf{Time: all[2].RecordedAt}, skpState{status: skp.StatusApproved, versions: 3}},
		{"after the annual rating", eventlog.AsOf{Position: pAnnual}, skpState{status: skp.StatusApproved, annual: rated, isRated: true, versions: 4}},
		{"both bounds, the tighter wins", eventlog.AsOf{Position: pAnnual, Time: all[0].RecordedAt}, skpState{status: skp.StatusDraft, versions: 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			evs, err := s.ReadStreamAsOf(ctx, stream, c.asOf)
			if err != nil {
				t.Fatal(err)
			}
			agg, err := skp.Replay(evs)
			if err != nil {
				t.Fatal(err)
			}
			r, ok := agg.AnnualRatings()
			got := skpState{status: agg.Status(), annual: r, isRated: ok, versions: agg.Version()}
			if got != c.want {
				t.Fatalf("as of %s: got %+v, want %+v", c.asOf, got, c.want)
			}
		})
	}
}
