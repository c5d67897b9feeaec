package usecases_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

var (
	sesuai = skp.Assessment{Hasil: performance.RatingSesuai, Perilaku: performance.RatingSesuai, Note: "sesi A"}
	diAtas = skp.Assessment{Hasil: performance.RatingDiAtas, Perilaku: performance.RatingDiAtas, Note: "sesi B"}
)

// skpEvents decodes the events of the pegawai's SKP of 2025 of type typ.
func (f *fixture) skpEvents(typ string) []skp.Event {
	f.t.Helper()
	var out []skp.Event
	for _, e := range f.stream(skp.Stream(nipPegawai, 2025)) {
		if e.Type != typ {
			continue
		}
		ev, err := skp.Decode(e.Type, e.SchemaVersion, e.Data)
		if err != nil {
			f.t.Fatal(err)
		}
		out = append(out, ev)
	}
	return out
}

// oneWinner checks that exactly one of two raced commands succeeded and
// returns the index of the winner and the loser's error.
func oneWinner(t *testing.T, errs []error) (int, error) {
	t.Helper()
	switch {
	case errs[0] == nil && errs[1] != nil:
		return 0, errs[1]
	case errs[1] == nil && errs[0] != nil:
		return 1, errs[0]
	}
	t.Fatalf("want exactly one success, got errors %v and %v", errs[0], errs[1])
	return 0, nil
}

// TestRatingRace has the pejabat penilai rate the same window from two
// sessions at once, with different ratings. Exactly one rating is recorded;
// the other session learns of it: with If-Match as a concurrency error, and
// without it by being decided again against the fresh state.
func TestRatingRace(t *testing.T) {
	for _, ifMatch := range []bool{true, false} {
		name := map[bool]string{true: "if-match", false: "redecided"}[ifMatch]
		t.Run(name, func(t *testing.T) {
			f, g := newGatedFixture(t)
			f.organisation()
			f.approved()
			stream := skp.Stream(nipPegawai, 2025)
			version := uint64(len(f.stream(stream)))
			rate := func(a skp.Assessment) func() (command.Result, error) {
				m := by(penilai, "2025-04-05")
				if ifMatch {
					m.IfMatch = &version
				}
				return func() (command.Result, error) { return f.svc.RatePeriod(f.ctx, m, nipPegawai, 2025, 1, a) }
			}
			g.arm(stream, 2)
			_, errs := race(rate(sesuai), rate(diAtas))
			winner, lost := oneWinner(t, errs)
			if ifMatch {
				var ce *eventlog.ConcurrencyError
				if !errors.As(lost, &ce) || ce.Stream != stream || ce.Actual != version+1 {
					t.Fatalf("loser error = %v, want a *eventlog.ConcurrencyError on %s at version %d", lost, stream, version+1)
				}
			} else if !errors.Is(lost, skp.ErrAlreadyRated) {
				t.Fatalf("loser error = %v, want skp.ErrAlreadyRated", lost)
			}
			if n := g.conflicts.Load(); n != 1 {
				t.Errorf("%d appends conflicted, want 1", n)
			}
			rated := f.skpEvents(skp.TypePeriodicRatingsGiven)
			if len(rated) != 1 {
				t.Fatalf("%d rating events recorded, want 1", len(rated))
			}
			want := []skp.Assessment{sesuai, diAtas}[winner]
			if got := rated[0].(skp.PeriodicRatingsGiven); got.Ratings.Hasil != want.Hasil || got.Note != want.Note {
				t.Errorf("recorded %+v, want the winner's %+v", got, want)
			}
		})
	}
}

// TestAmendmentRace has two sessions amend the same rating at once. With
// If-Match the later one conflicts; without it, it is decided again and its
// event records the first amendment as the previous ratings, so no change
// is lost silently.
func TestAmendmentRace(t *testing.T) {
	for _, ifMatch := range []bool{true, false} {
		name := map[bool]string{true: "if-match", false: "redecided"}[ifMatch]
		t.Run(name, func(t *testing.T) {
			f, g := newGatedFixture(t)
			f.organisation()
			f.approved()
			f.must(f.svc.RatePeriod(f.ctx, by(penilai, "2025-04-05"), nipPegawai, 2025, 1, sesuai))
			stream := skp.Stream(nipPegawai, 2025)
			version := uint64(len(f.stream(stream)))
			amend := func(h performance.Rating, reason string) func() (command.Result, error) {
				m := by(penilai, "2025-04-07")
				if ifMatch {
					m.IfMatch = &version
				}
				a := skp.Assessment{Hasil: h, Perilaku: performance.RatingSesuai, Note: reason}
				return func() (command.Result, error) { return f.svc.AmendRatings(f.ctx, m, nipPegawai, 2025, 1, a) }
			}
			g.arm(stream, 2)
			_, errs := race(amend(performance.RatingDiAtas, "bukti tambahan"), amend(performance.RatingDiBawah, "salah input"))
			amended := f.skpEvents(skp.TypeRatingsAmended)
			if ifMatch {
				if _, lost := oneWinner(t, errs); !errors.Is(lost, eventlog.ErrConcurrency) {
					t.Fatalf("loser error = %v, want eventlog.ErrConcurrency", lost)
				}
				if len(amended) != 1 {
					t.Fatalf("%d amendments recorded, want 1", len(amended))
				}
				return
			}
			if errs[0] != nil || errs[1] != nil {
				t.Fatalf("errors %v, %v; want both amendments recorded", errs[0], errs[1])
			}
			if len(amended) != 2 || g.conflicts.Load() != 1 {
				t.Fatalf("%d amendments, %d conflicts; want 2 and 1", len(amended), g.conflicts.Load())
			}
			first, second := amended[0].(skp.RatingsAmended), amended[1].(skp.RatingsAmended)
			if second.Previous != first.New || first.Previous.Hasil != performance.RatingSesuai {
				t.Errorf("amendments do not chain: first %+v, second %+v", first, second)
			}
		})
	}
}

// TestNonConflictingCommandsRetry has the employee report realisation while
// the supervisor gives feedback on the same SKP at the same moment. Both
// decided on the same version; the retry lets both be recorded.
func TestNonConflictingCommandsRetry(t *testing.T) {
	f, g := newGatedFixture(t)
	f.organisation()
	f.approved()
	stream := skp.Stream(nipPegawai, 2025)
	before := len(f.stream(stream))
	g.arm(stream, 2)
	results, errs := race(
		func() (command.Result, error) {
			return f.svc.ReportRealisation(f.ctx, by(pegawai, "2025-04-03"), nipPegawai, 2025, 1, "iki-1",
				skp.Realisation{Quantity: quantity(1), Evidence: []string{"ba-1"}})
		},
		func() (command.Result, error) {
			return f.svc.GiveFeedback(f.ctx, by(penilai, "2025-04-03"), nipPegawai, 2025,
				skp.Feedback{RHK: "rhk-1", Text: "Modul pertama stabil"})
		},
	)
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("errors %v, %v; want both commands recorded", errs[0], errs[1])
	}
	if n := g.conflicts.Load(); n != 1 {
		t.Errorf("%d appends conflicted, want 1 (the retry is what this test is about)", n)
	}
	got := types(f.stream(stream)[before:])
	if len(got) != 2 || results[0].Version == results[1].Version {
		t.Fatalf("new events %v, results %+v", got, results)
	}
}

// TestRetriesAreBounded races two non-conflicting commands through a service
// that never retries: the loser gets the conflict instead of a second try.
func TestRetriesAreBounded(t *testing.T) {
	f, g := newGatedFixture(t)
	f.organisation()
	f.approved()
	svc, err := command.NewService(command.ServiceConfig{Store: g, MaxRetries: -1, Unqueued: true})
	if err != nil {
		t.Fatal(err)
	}
	report := func(iki string, r skp.Realisation) func() (command.Result, error) {
		return func() (command.Result, error) {
			return svc.ReportRealisation(f.ctx, by(pegawai, "2025-04-03"), nipPegawai, 2025, 1, iki, r)
		}
	}
	g.arm(skp.Stream(nipPegawai, 2025), 2)
	_, errs := race(report("iki-1", skp.Realisation{Quantity: quantity(1), Evidence: []string{"ba-1"}}),
		report("iki-2", skp.Realisation{Text: "tidak ada keluhan", Evidence: []string{"survei-1"}}))
	if _, lost := oneWinner(t, errs); !errors.Is(lost, eventlog.ErrConcurrency) {
		t.Fatalf("loser error = %v, want eventlog.ErrConcurrency", lost)
	}
}

// TestManyWritersOfOneSKPAreAllRecorded has the pejabat penilai's session
// and the employee write to one SKP at the same moment: commands none of
// which conflicts with another (feedback notes and a realisation report),
// none with If-Match. In one service 40 take turns; from different
// processes (unqueued) 12 each lose the race to the others' appends many
// times over and are decided again after a short random pause until
// recorded (a client that sent no If-Match asked for no conflict to be
// reported). It used to retry three times at once, and most failed (33 of
// 40).
func TestManyWritersOfOneSKPAreAllRecorded(t *testing.T) {
	for _, c := range []struct {
		queued bool
		n      int
	}{{true, 40}, {false, 12}} {
		queued, n := c.queued, c.n
		t.Run(fmt.Sprintf("queued=%v", queued), func(t *testing.T) {
			f := newFixture(t, nil)
			f.organisation()
			f.approved()
			svc := f.svc
			if !queued {
				svc = unqueued(t, f.store)
			}
			stream := skp.Stream(nipPegawai, 2025)
			before := len(f.stream(stream))
			cmds := make([]func() (command.Result, error), n)
			for i := range cmds {
				cmds[i] = func() (command.Result, error) {
					return svc.GiveFeedback(f.ctx, by(penilai, "2025-04-03"), nipPegawai, 2025,
						skp.Feedback{RHK: "rhk-1", Text: fmt.Sprintf("catatan %d", i)})
				}
			}
			cmds[0] = func() (command.Result, error) {
				return svc.ReportRealisation(f.ctx, by(pegawai, "2025-04-03"), nipPegawai, 2025, 1, "iki-1",
					skp.Realisation{Quantity: quantity(1), Evidence: []string{"ba-1"}})
			}
			start := time.Now()
			_, errs := race(cmds...)
			t.Logf("%d commands recorded in %v", n, time.Since(start).Round(time.Millisecond))
			failed := 0
			for i, err := range errs {
				if err != nil {
					failed++
					t.Errorf("command %d: %v", i, err)
				}
			}
			if got := len(f.stream(stream)) - before; got != n-failed || failed > 0 {
				t.Fatalf("%d of %d commands failed, %d events appended; want every command recorded", failed, n, got)
			}
		})
	}
}
