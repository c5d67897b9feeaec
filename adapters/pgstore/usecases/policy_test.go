package usecases_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/adoption"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

var admin = actor.Actor{NIP: nipHR, Role: actor.Admin}

// stricter is the policy PEMKAB-X adopts in TestReplayAcrossAdoption:
// ratings from five days before a window's end, seven days to object.
func stricter() performance.Policy {
	p := performance.DefaultPolicy()
	p.Version, p.RatingDaysBeforeWindowEnd, p.ObjectionDays = "pemkab-x/2025-2", 5, 7
	return p
}

// TestReplayAcrossAdoption makes decisions under the built-in default,
// adopts a policy from 1 June 2025, makes decisions after it, and replays
// the SKP from the log cut before the adoption and whole: every decision
// keeps the version it was made under, in its event and its metadata, and
// its outcome follows that version's rules.
func TestReplayAcrossAdoption(t *testing.T) {
	f := newFixture(t, nil)
	f.organisation()
	f.approved()
	def := policy.Version

	// Under the default: no rating before the window's last day.
	if _, err := f.svc.RatePeriod(f.ctx, by(penilai, "2025-03-27"), nipPegawai, 2025, 1, sesuai); !errors.Is(err, skp.ErrRatingBeforeWindowEnd) {
		t.Fatalf("Q1 rated on 27 March under the default: %v, want ErrRatingBeforeWindowEnd", err)
	}
	f.must(f.svc.RatePeriod(f.ctx, by(penilai, "2025-04-05"), nipPegawai, 2025, 1, sesuai))

	// The adoption: never retroactive, never a built-in version changed.
	if _, err := f.svc.AdoptPolicy(f.ctx, by(admin, "2025-05-10"), adoption.Adoption{Instansi: instansi,
		From: day("2025-05-01"), Policy: stricter()}); !errors.Is(err, adoption.ErrRetroactive) {
		t.Fatalf("retroactive adoption: %v, want ErrRetroactive", err)
	}
	changedDefault := performance.DefaultPolicy()
	changedDefault.ObjectionDays = 30
	if _, err := f.svc.AdoptPolicy(f.ctx, by(admin, "2025-05-10"), adoption.Adoption{Instansi: instansi,
		From: day("2025-06-01"), Policy: changedDefault}); !errors.Is(err, adoption.ErrVersionConflict) {
		t.Fatalf("changed built-in version: %v, want ErrVersionConflict", err)
	}
	adopted := f.must(f.svc.AdoptPolicy(f.ctx, by(admin, "2025-05-10"), adoption.Adoption{Instansi: instansi,
		From: day("2025-06-01"), Policy: stricter(), Reason: "Perbup 12/2025"}))
	if p, err := f.svc.PolicyOn(f.ctx, instansi, day("2025-05-31")); err != nil || p.Version != def {
		t.Fatalf("in force on 31 May: %q, %v; want %q", p.Version, err, def)
	}

	// Under the adopted policy: five days early is allowed, ten is not.
	f.must(f.svc.RatePeriod(f.ctx, by(penilai, "2025-06-26"), nipPegawai, 2025, 2, sesuai))
	if _, err := f.svc.RatePeriod(f.ctx, by(penilai, "2025-09-20"), nipPegawai, 2025, 3, sesuai); !errors.Is(err, skp.ErrRatingBeforeWindowEnd) {
		t.Fatalf("Q3 rated ten days early: %v, want ErrRatingBeforeWindowEnd", err)
	}
	f.must(f.svc.RatePeriod(f.ctx, by(penilai, "2025-09-25"), nipPegawai, 2025, 3, sesuai))
	f.must(f.svc.RateAnnual(f.ctx, by(penilai, "2026-01-06"), nipPegawai, 2025, sesuai))
	// Seven days to object under the adopted policy, not fourteen.
	if _, err := f.svc.FileObjection(f.ctx, by(pegawai, "2026-01-14"), nipPegawai, 2025, "x"); !errors.Is(err, skp.ErrObjectionLate) {
		t.Fatalf("objection on day 8: %v, want ErrObjectionLate", err)
	}
	f.must(f.svc.FileObjection(f.ctx, by(pegawai, "2026-01-13"), nipPegawai, 2025, "Target tercapai"))

	all := f.stream(skp.Stream(nipPegawai, 2025))
	var before []eventlog.Event
	for _, e := range all {
		if e.Position < adopted.Position {
			before = append(before, e)
		}
	}
	wantBefore := map[string]string{"1": def}
	wantAll := map[string]string{"1": def, "2": stricter().Version, "3": stricter().Version, "annual": stricter().Version,
		"objection": stricter().Version}
	if diff := cmp.Diff(wantBefore, versions(t, before)); diff != "" {
		t.Errorf("replay before the adoption (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantAll, versions(t, all)); diff != "" {
		t.Errorf("replay of the whole log (-want +got):\n%s", diff)
	}
	for _, e := range all {
		if e.Type == skp.TypePeriodicRatingsGiven || e.Type == skp.TypeAnnualRatingsGiven || e.Type == skp.TypeObjectionFiled {
			ev, _ := skp.Decode(e.Type, e.SchemaVersion, e.Data)
			if v := policyVersionOf(ev); e.Metadata.PolicyVersion != v {
				t.Errorf("%s at %d: metadata policy %q, data %q", e.Type, e.Position, e.Metadata.PolicyVersion, v)
			}
		}
	}
	checkObjectionReplay(t, f, all)
}

// versions replays events and returns the policy version of each rating in
// its score trail (by window number, "annual") and of the objection.
func versions(t *testing.T, events []eventlog.Event) map[string]string {
	t.Helper()
	trail, err := skp.ScoreTrail(events)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, c := range trail {
		key := "annual"
		if c.Window > 0 {
			key = string(rune('0' + c.Window))
		}
		out[key] = c.PolicyVersion
	}
	for _, e := range events {
		if e.Type == skp.TypeObjectionFiled {
			out["objection"] = e.Metadata.PolicyVersion
		}
	}
	return out
}

func policyVersionOf(e skp.Event) string {
	switch e := e.(type) {
	case skp.PeriodicRatingsGiven:
		return e.PolicyVersion
	case skp.AnnualRatingsGiven:
		return e.PolicyVersion
	case skp.ObjectionFiled:
		return e.PolicyVersion
	}
	return ""
}

// checkObjectionReplay checks that the objection's deadline, replayed, is
// the one of the version it records, found through PolicyOf, not the
// policy in force today.
func checkObjectionReplay(t *testing.T, f *fixture, all []eventlog.Event) {
	t.Helper()
	for _, e := range all {
		if e.Type != skp.TypeObjectionFiled {
			continue
		}
		ev, err := skp.Decode(e.Type, e.SchemaVersion, e.Data)
		if err != nil {
			t.Fatal(err)
		}
		o := ev.(skp.ObjectionFiled)
		p, err := f.svc.PolicyOf(f.ctx, instansi, o.PolicyVersion)
		if err != nil {
			t.Fatal(err)
		}
		if !p.ObjectionDeadline(o.Received).Equal(o.Deadline) {
			t.Errorf("objection deadline %s, policy %s gives %s", o.Deadline, p.Version, p.ObjectionDeadline(o.Received))
		}
	}
	if _, err := f.svc.PolicyOf(f.ctx, "PEMKAB-Y", stricter().Version); !errors.Is(err, command.ErrPolicyUnknown) {
		t.Errorf("another instansi's version: %v, want ErrPolicyUnknown", err)
	}
}
