package usecases_test

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/domain/unit"
)

// TestIdempotentRetry sends the same command with the same idempotency key
// twice: one set of events, and the second result is the first, replayed,
// even after other commands moved the stream on and with a stale If-Match.
func TestIdempotentRetry(t *testing.T) {
	f, g := newGatedFixture(t)
	f.organisation()
	f.approved()
	stream := skp.Stream(nipPegawai, 2025)
	version := uint64(len(f.stream(stream)))
	m := by(penilai, "2025-04-05")
	m.IdempotencyKey, m.IfMatch = "rate-q1-7f3a", &version

	first := f.must(f.svc.RatePeriod(f.ctx, m, nipPegawai, 2025, 1, sesuai))
	appends := g.appends.Load()
	second := f.must(f.svc.RatePeriod(f.ctx, m, nipPegawai, 2025, 1, sesuai))
	if first.Replayed || !second.Replayed {
		t.Errorf("Replayed = %v then %v, want false then true", first.Replayed, second.Replayed)
	}
	if diff := cmp.Diff(first, second, cmpopts.IgnoreFields(command.Result{}, "Replayed")); diff != "" {
		t.Errorf("retry result differs (-first +retry):\n%s", diff)
	}
	if g.appends.Load() != appends {
		t.Errorf("the retry appended")
	}
	f.must(f.svc.GiveFeedback(f.ctx, by(penilai, "2025-04-06"), nipPegawai, 2025, skp.Feedback{RHK: "rhk-1", Text: "Bagus"}))
	third := f.must(f.svc.RatePeriod(f.ctx, m, nipPegawai, 2025, 1, sesuai))
	if !third.Replayed || third.Version != first.Version || third.Position != first.Position {
		t.Errorf("retry after the stream moved on = %+v, want the first result %+v", third, first)
	}
	if n := len(f.skpEvents(skp.TypePeriodicRatingsGiven)); n != 1 {
		t.Errorf("%d rating events, want 1", n)
	}
	stored := f.stream(stream)
	if e := stored[first.Version-1]; e.ID != first.EventIDs[0] || e.Metadata.IdempotencyKey != m.IdempotencyKey {
		t.Errorf("stored event %s with key %q, want id %s with key %q", e.ID, e.Metadata.IdempotencyKey, first.EventIDs[0], m.IdempotencyKey)
	}
}

// TestIdempotentCreate retries a command that starts a stream.
func TestIdempotentCreate(t *testing.T) {
	f := newFixture(t, nil)
	f.organisation()
	m := by(pegawai, "2025-01-03")
	m.IdempotencyKey = "draft-2025"
	d := skp.Draft{NIP: nipPegawai, Year: 2025, Plan: samplePlan()}
	first := f.must(f.svc.DraftSKP(f.ctx, m, d))
	second := f.must(f.svc.DraftSKP(f.ctx, m, d))
	if !second.Replayed || second.Version != 1 || second.Position != first.Position {
		t.Errorf("retry = %+v, want the first result %+v replayed", second, first)
	}
	if n := len(f.stream(skp.Stream(nipPegawai, 2025))); n != 1 {
		t.Errorf("%d events, want 1", n)
	}
}

// TestIdempotentConcurrentDuplicates sends the same keyed request twice at
// the same moment: both decide on the same version, the store recognises
// the second append as the same events, and one set of events is recorded.
func TestIdempotentConcurrentDuplicates(t *testing.T) {
	f, g := newGatedFixture(t)
	f.organisation()
	f.approved()
	stream := skp.Stream(nipPegawai, 2025)
	m := by(pegawai, "2025-04-03")
	m.IdempotencyKey = "report-q1-iki-1"
	report := func() (command.Result, error) {
		return f.svc.ReportRealisation(f.ctx, m, nipPegawai, 2025, 1, "iki-1",
			skp.Realisation{Quantity: quantity(1), Evidence: []string{"ba-1"}})
	}
	g.arm(stream, 2)
	results, errs := race(report, report)
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("errors %v, %v; want both to succeed", errs[0], errs[1])
	}
	if results[0].Version != results[1].Version || results[0].Position != results[1].Position {
		t.Errorf("results differ: %+v and %+v", results[0], results[1])
	}
	if n := len(f.skpEvents(skp.TypeRealisationReported)); n != 1 {
		t.Errorf("%d realisation events, want 1", n)
	}
}

// TestIdempotentRaceLostIsReplayed: two processes run the same command with
// the same idempotency key (two `kinerja import` runs of one file, each row
// keyed by its content); both read the stream before either appended. The
// one that appends second finds its event ids stored, and the store answers
// that append with the first result. It was reported as a new append
// (Replayed false), so both imports counted the row as appended: 209 + 170
// rows "appended" of a file of 300, with 300 events in the log.
func TestIdempotentRaceLostIsReplayed(t *testing.T) {
	var h *hookStore
	f := newFixture(t, func(s command.EventStore) command.EventStore {
		h = &hookStore{EventStore: s}
		return h
	})
	other, err := command.NewService(command.ServiceConfig{Store: f.store, Now: func() time.Time { return on("2025-01-02") }})
	if err != nil {
		t.Fatal(err)
	}
	m := command.Meta{Actor: hr, IdempotencyKey: "import-row-7"}
	reg := unit.Registration{Code: "SETDA", Name: "Sekretariat Daerah", Instansi: instansi}
	var won command.Result
	h.before(unit.Stream(reg.Code), func() {
		// Another process runs the same command in between this one's
		// read and its append, and wins.
		won = f.must(other.RegisterUnit(f.ctx, m, reg))
	})
	lost := f.must(f.svc.RegisterUnit(f.ctx, m, reg))
	if won.Replayed || !lost.Replayed {
		t.Errorf("Replayed = %v for the append that won, %v for the one that lost; want false, true", won.Replayed, lost.Replayed)
	}
	if lost.Position != won.Position || lost.Version != won.Version || !slices.Equal(lost.EventIDs, won.EventIDs) {
		t.Errorf("the lost append answered %+v, want the first result %+v", lost, won)
	}
	if n := len(f.stream(unit.Stream(reg.Code))); n != 1 {
		t.Errorf("%d events in the unit's stream, want 1", n)
	}
}
