package skp_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/eventcodec"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// stored wraps e as the log would return it at position pos, with the
// envelope's actor and reason.
func stored(t *testing.T, stream string, pos uint64, e skp.Event, meta eventlog.Metadata) eventlog.Event {
	t.Helper()
	typ, v, data, err := skp.Encode(e)
	if err != nil {
		t.Fatal(err)
	}
	return eventlog.Event{ID: "id-" + string(rune('a'+pos)), Stream: stream, Version: pos, Position: pos, Type: typ, SchemaVersion: v,
		Data: data, Metadata: meta, RecordedAt: on("2026-01-01").Add(time.Duration(pos) * time.Minute), Hash: []byte{byte(pos)}}
}

func TestScoreTrail(t *testing.T) {
	sb := skp.Ratings{Hasil: performance.RatingDiAtas, Perilaku: performance.RatingDiAtas, Predikat: performance.SangatBaik}
	bk := skp.Ratings{Hasil: performance.RatingSesuai, Perilaku: performance.RatingSesuai, Predikat: performance.Baik}
	bp := skp.Ratings{Hasil: performance.RatingDiBawah, Perilaku: performance.RatingSesuai, Predikat: performance.ButuhPerbaikan}
	s1, s2 := skp.Stream(nipPegawai, 2025), skp.Stream(nipOther, 2025)
	penilaiMeta := eventlog.Metadata{ActorID: nipPenilai, ActorRole: "pejabat_penilai"}
	hrMeta := eventlog.Metadata{ActorID: "hr-1", ActorRole: "hr", Reason: "correction ordered by BKPSDM"}
	at := on("2025-12-20")
	events := []eventlog.Event{
		stored(t, s1, 1, skp.FeedbackGiven{NIP: nipPegawai, Year: 2025, No: 1, Text: "ok", At: at, By: penilai}, penilaiMeta),
		stored(t, s1, 2, skp.PeriodicRatingsGiven{NIP: nipPegawai, Year: 2025, Window: 1, Ratings: bk, Note: "tw1", PolicyVersion: "p1", At: at, By: penilai}, penilaiMeta),
		stored(t, s1, 3, skp.RatingsAmended{NIP: nipPegawai, Year: 2025, Window: 1, Previous: bk, New: sb, Reason: "evidence found", PolicyVersion: "p1", At: at, By: penilai}, penilaiMeta),
		stored(t, s1, 4, skp.AnnualRatingsGiven{NIP: nipPegawai, Year: 2025, Ratings: bp, PolicyVersion: "p1", At: at, By: penilai}, hrMeta),
		stored(t, s2, 5, skp.AnnualRatingsGiven{NIP: nipOther, Year: 2025, Ratings: sb, PolicyVersion: "p1", At: at, By: penilai}, eventlog.Metadata{}),
		stored(t, s1, 6, skp.ObjectionFiled{NIP: nipPegawai, Year: 2025, Reasons: "unfair", Against: bp, At: at, By: pegawai}, eventlog.Metadata{}),
		stored(t, s1, 7, skp.ObjectionDecided{NIP: nipPegawai, Year: 2025, Outcome: skp.OutcomeRatingsChanged, Previous: bp, New: bk, Note: "evidence accepted", At: at, By: atasan}, eventlog.Metadata{}),
		stored(t, s2, 8, skp.ObjectionDecided{NIP: nipOther, Year: 2025, Outcome: skp.OutcomeRatingsUpheld, Previous: sb, Note: "stands", At: at, By: atasan}, eventlog.Metadata{}),
	}
	change := func(e eventlog.Event, window int, before *skp.Ratings, after skp.Ratings, actor, role, reason, policy string) skp.ScoreChange {
		return skp.ScoreChange{EventID: e.ID, Stream: e.Stream, Version: e.Version, Position: e.Position, Hash: "0" + string(rune('0'+e.Position)),
			Type: e.Type, Window: window, Annual: window == 0, Before: before, After: after, ActorID: actor, ActorRole: role,
			Reason: reason, PolicyVersion: policy, At: at, RecordedAt: e.RecordedAt}
	}
	want := []skp.ScoreChange{
		change(events[1], 1, nil, bk, nipPenilai, "pejabat_penilai", "tw1", "p1"),
		change(events[2], 1, &bk, sb, nipPenilai, "pejabat_penilai", "evidence found", "p1"),
		change(events[3], 0, nil, bp, "hr-1", "hr", "correction ordered by BKPSDM", "p1"),
		change(events[4], 0, nil, sb, nipPenilai, "pejabat_penilai", "", "p1"),
		change(events[6], 0, &bp, bk, nipAtasan, "atasan_pejabat_penilai", "evidence accepted", ""),
		change(events[7], 0, &sb, sb, nipAtasan, "atasan_pejabat_penilai", "stands", ""),
	}
	want[4].Outcome, want[5].Outcome = skp.OutcomeRatingsChanged, skp.OutcomeRatingsUpheld
	got, err := skp.ScoreTrail(events)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("score trail (-want +got):\n%s", d)
	}
	changed := []bool{true, true, true, true, true, false}
	for i, c := range got {
		if c.Changed() != changed[i] {
			t.Errorf("change %d: Changed() = %v", i, c.Changed())
		}
	}
}

func TestScoreTrailMalformed(t *testing.T) {
	bad := eventlog.Event{Stream: "skp-x-2025", Position: 9, Type: skp.TypeAnnualRatingsGiven, SchemaVersion: 1, Data: []byte(`{"ratings":7}`)}
	if _, err := skp.ScoreTrail([]eventlog.Event{bad}); !errors.Is(err, eventcodec.ErrMalformed) {
		t.Fatalf("ScoreTrail of a malformed event = %v, want ErrMalformed", err)
	}
	if got, err := skp.ScoreTrail(nil); err != nil || got != nil {
		t.Fatalf("empty trail = %v, %v", got, err)
	}
}
