package unit_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/unit"
)

var (
	at       = time.Date(2025, 1, 6, 9, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	hr       = actor.Actor{NIP: "197001012000031001", Role: actor.HR}
	pimpinan = actor.Actor{NIP: "196801011990031002", Role: actor.Pimpinan}
	pegawai  = actor.Actor{NIP: "198609262015051001", Role: actor.Pegawai}
)

// registered is the usual first event of the tests.
var registered = unit.Registered{Code: "DISKOMINFO.01", Name: "Bidang Aplikasi", Parent: "DISKOMINFO",
	Instansi: "PEMKAB-X", At: at, By: hr}

// predikatSet sets the predikat baik for 2025.
var predikatSet = unit.OrganisationPredikatSet{Code: "DISKOMINFO.01", Year: 2025, Period: "2025",
	Predikat: performance.OrgBaik, PolicyVersion: "2025.1", At: at, By: pimpinan}

// given replays events through the codec, as the use case does.
func given(t *testing.T, events ...unit.Event) *unit.Unit {
	t.Helper()
	stored := make([]eventlog.Event, len(events))
	for i, e := range events {
		typ, v, data, err := unit.Encode(e)
		if err != nil {
			t.Fatalf("encode given event %d: %v", i, err)
		}
		stored[i] = eventlog.Event{Stream: "unit-x", Version: uint64(i + 1), Type: typ, SchemaVersion: v, Data: data}
	}
	u, err := unit.Replay(stored)
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	if u.Version() != uint64(len(events)) {
		t.Fatalf("Version() = %d, want %d", u.Version(), len(events))
	}
	return u
}

type testCase struct {
	name    string
	given   []unit.Event
	when    func(*unit.Unit) ([]unit.Event, error)
	want    []unit.Event
	wantErr error
}

func run(t *testing.T, cases []testCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := c.when(given(t, c.given...))
			if !errors.Is(err, c.wantErr) {
				t.Fatalf("error = %v, want %v", err, c.wantErr)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Fatalf("events (-want +got):\n%s", diff)
			}
		})
	}
}

func TestRegister(t *testing.T) {
	reg := unit.Registration{Code: "DISKOMINFO.01", Name: " Bidang Aplikasi ", Parent: "DISKOMINFO", Instansi: "PEMKAB-X"}
	run(t, []testCase{
		{name: "registers", when: func(u *unit.Unit) ([]unit.Event, error) { return u.Register(at, hr, reg) },
			want: []unit.Event{registered}},
		{name: "twice", given: []unit.Event{registered},
			when:    func(u *unit.Unit) ([]unit.Event, error) { return u.Register(at, hr, reg) },
			wantErr: unit.ErrAlreadyRegistered},
		{name: "by a pegawai", when: func(u *unit.Unit) ([]unit.Event, error) { return u.Register(at, pegawai, reg) },
			wantErr: actor.ErrRoleNotAllowed},
		{name: "own parent", when: func(u *unit.Unit) ([]unit.Event, error) {
			r := reg
			r.Parent = r.Code
			return u.Register(at, hr, r)
		}, wantErr: unit.ErrOwnParent},
		{name: "bad code", when: func(u *unit.Unit) ([]unit.Event, error) {
			r := reg
			r.Code = "a b"
			return u.Register(at, hr, r)
		}, wantErr: unit.ErrInvalidInput},
		{name: "no name", when: func(u *unit.Unit) ([]unit.Event, error) {
			r := reg
			r.Name = " "
			return u.Register(at, hr, r)
		}, wantErr: unit.ErrInvalidInput},
		{name: "no time", when: func(u *unit.Unit) ([]unit.Event, error) { return u.Register(time.Time{}, hr, reg) },
			wantErr: unit.ErrInvalidInput},
	})
}

func TestRenameAndMove(t *testing.T) {
	run(t, []testCase{
		{name: "renames", given: []unit.Event{registered},
			when: func(u *unit.Unit) ([]unit.Event, error) { return u.Rename(at, hr, "Bidang E-Gov") },
			want: []unit.Event{unit.Renamed{Code: "DISKOMINFO.01", From: "Bidang Aplikasi", To: "Bidang E-Gov", At: at, By: hr}}},
		{name: "same name", given: []unit.Event{registered},
			when:    func(u *unit.Unit) ([]unit.Event, error) { return u.Rename(at, hr, "Bidang Aplikasi") },
			wantErr: unit.ErrNoChange},
		{name: "rename unregistered",
			when:    func(u *unit.Unit) ([]unit.Event, error) { return u.Rename(at, hr, "X") },
			wantErr: unit.ErrNotRegistered},
		{name: "moves", given: []unit.Event{registered},
			when: func(u *unit.Unit) ([]unit.Event, error) { return u.Move(at, hr, "SETDA") },
			want: []unit.Event{unit.Moved{Code: "DISKOMINFO.01", FromParent: "DISKOMINFO", ToParent: "SETDA", At: at, By: hr}}},
		{name: "moves to the top", given: []unit.Event{registered},
			when: func(u *unit.Unit) ([]unit.Event, error) { return u.Move(at, hr, "") },
			want: []unit.Event{unit.Moved{Code: "DISKOMINFO.01", FromParent: "DISKOMINFO", At: at, By: hr}}},
		{name: "under itself", given: []unit.Event{registered},
			when:    func(u *unit.Unit) ([]unit.Event, error) { return u.Move(at, hr, "DISKOMINFO.01") },
			wantErr: unit.ErrOwnParent},
		{name: "same parent", given: []unit.Event{registered},
			when:    func(u *unit.Unit) ([]unit.Event, error) { return u.Move(at, hr, "DISKOMINFO") },
			wantErr: unit.ErrNoChange},
	})
}

func TestSetOrganisationPredikat(t *testing.T) {
	setting := unit.PredikatSetting{Year: 2025, Period: "2025", Predikat: performance.OrgBaik, PolicyVersion: "2025.1"}
	changed := setting
	changed.Predikat, changed.Reason = performance.OrgIstimewa, "revised after the LAKIP review"
	run(t, []testCase{
		{name: "sets", given: []unit.Event{registered},
			when: func(u *unit.Unit) ([]unit.Event, error) { return u.SetOrganisationPredikat(at, pimpinan, setting) },
			want: []unit.Event{predikatSet}},
		{name: "changes with a reason", given: []unit.Event{registered, predikatSet},
			when: func(u *unit.Unit) ([]unit.Event, error) { return u.SetOrganisationPredikat(at, pimpinan, changed) },
			want: []unit.Event{unit.OrganisationPredikatSet{Code: "DISKOMINFO.01", Year: 2025, Period: "2025",
				Predikat: performance.OrgIstimewa, Previous: performance.OrgBaik, Reason: "revised after the LAKIP review",
				PolicyVersion: "2025.1", At: at, By: pimpinan}}},
		{name: "change without a reason", given: []unit.Event{registered, predikatSet},
			when: func(u *unit.Unit) ([]unit.Event, error) {
				c := changed
				c.Reason = ""
				return u.SetOrganisationPredikat(at, pimpinan, c)
			}, wantErr: unit.ErrReasonRequired},
		{name: "same again", given: []unit.Event{registered, predikatSet},
			when:    func(u *unit.Unit) ([]unit.Event, error) { return u.SetOrganisationPredikat(at, pimpinan, setting) },
			wantErr: unit.ErrNoChange},
		{name: "by HR", given: []unit.Event{registered},
			when:    func(u *unit.Unit) ([]unit.Event, error) { return u.SetOrganisationPredikat(at, hr, setting) },
			wantErr: actor.ErrRoleNotAllowed},
		{name: "unknown predikat", given: []unit.Event{registered},
			when: func(u *unit.Unit) ([]unit.Event, error) {
				s := setting
				s.Predikat = "luar_biasa"
				return u.SetOrganisationPredikat(at, pimpinan, s)
			}, wantErr: unit.ErrInvalidInput},
		{name: "no policy version", given: []unit.Event{registered},
			when: func(u *unit.Unit) ([]unit.Event, error) {
				s := setting
				s.PolicyVersion = ""
				return u.SetOrganisationPredikat(at, pimpinan, s)
			}, wantErr: unit.ErrInvalidInput},
	})
}

func TestRecordDistributionOverride(t *testing.T) {
	// Reference case 5 of DOMAIN.md: organisation baik, ten employees all baik.
	vs := performance.DefaultPolicy().CheckDistribution(performance.OrgBaik, map[performance.Predikat]int{performance.Baik: 10})
	if len(vs) != 2 {
		t.Fatalf("reference case 5 gives %d violations, want 2: %+v", len(vs), vs)
	}
	want := make([]unit.Violation, len(vs))
	for i, v := range vs {
		want[i] = unit.Violation{Rule: v.Rule, Predikats: v.Predikats, Limit: v.Limit, Actual: v.Actual, Message: v.Message}
	}
	o := unit.Override{Year: 2025, Period: "2025", Violations: vs,
		Justification: "all ten delivered the e-budgeting rollout", PolicyVersion: "2025.1"}
	run(t, []testCase{
		{name: "records", given: []unit.Event{registered, predikatSet},
			when: func(u *unit.Unit) ([]unit.Event, error) { return u.RecordDistributionOverride(at, pimpinan, o) },
			want: []unit.Event{unit.DistributionOverrideRecorded{Code: "DISKOMINFO.01", Year: 2025, Period: "2025",
				Predikat: performance.OrgBaik, Violations: want,
				Justification: "all ten delivered the e-budgeting rollout", PolicyVersion: "2025.1", At: at, By: pimpinan}}},
		{name: "without justification", given: []unit.Event{registered, predikatSet},
			when: func(u *unit.Unit) ([]unit.Event, error) {
				x := o
				x.Justification = "  "
				return u.RecordDistributionOverride(at, pimpinan, x)
			}, wantErr: unit.ErrJustificationRequired},
		{name: "without organisation predikat", given: []unit.Event{registered},
			when:    func(u *unit.Unit) ([]unit.Event, error) { return u.RecordDistributionOverride(at, pimpinan, o) },
			wantErr: unit.ErrNoOrganisationPredikat},
		{name: "without violations", given: []unit.Event{registered, predikatSet},
			when: func(u *unit.Unit) ([]unit.Event, error) {
				x := o
				x.Violations = nil
				return u.RecordDistributionOverride(at, pimpinan, x)
			}, wantErr: unit.ErrInvalidInput},
		{name: "by a pegawai", given: []unit.Event{registered, predikatSet},
			when:    func(u *unit.Unit) ([]unit.Event, error) { return u.RecordDistributionOverride(at, pegawai, o) },
			wantErr: actor.ErrRoleNotAllowed},
		// An invented violation ("anything", a negative limit) was recorded.
		{name: "a rule the pattern does not have", given: []unit.Event{registered, predikatSet},
			when: func(u *unit.Unit) ([]unit.Event, error) {
				x := o
				x.Violations = []performance.Violation{{Rule: "anything", Limit: 1, Actual: 2, Message: "made up"}}
				return u.RecordDistributionOverride(at, pimpinan, x)
			}, wantErr: unit.ErrInvalidInput},
		{name: "a negative count", given: []unit.Event{registered, predikatSet},
			when: func(u *unit.Unit) ([]unit.Event, error) {
				x := o
				x.Violations = []performance.Violation{{Rule: performance.RuleMaxShare, Limit: -5, Actual: 99999, Message: "made up"}}
				return u.RecordDistributionOverride(at, pimpinan, x)
			}, wantErr: unit.ErrInvalidInput},
	})
}

func TestStateAfterReplay(t *testing.T) {
	override := unit.DistributionOverrideRecorded{Code: "DISKOMINFO.01", Year: 2025, Period: "2025",
		Predikat: performance.OrgBaik, Violations: []unit.Violation{{Rule: "max_share", Message: "x"}}, Justification: "y", PolicyVersion: "2025.1", At: at, By: pimpinan}
	u := given(t, registered, unit.Renamed{Code: "DISKOMINFO.01", To: "B"}, unit.Moved{Code: "DISKOMINFO.01"}, predikatSet, override)
	got := []any{u.Registered(), u.Code(), u.Name(), u.Parent(), u.Instansi(), u.Overridden(2025, "2025"), u.Overridden(2025, "2025-Q1")}
	want := []any{true, "DISKOMINFO.01", "B", "", "PEMKAB-X", true, false}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("state (-want +got):\n%s", diff)
	}
	if p, ok := u.OrganisationPredikat(2025, "2025"); !ok || p != performance.OrgBaik {
		t.Fatalf("OrganisationPredikat = %q, %v", p, ok)
	}
	if unit.Stream("X.1") != "unit-X.1" {
		t.Fatalf("Stream = %q", unit.Stream("X.1"))
	}
}
