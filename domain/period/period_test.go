package period_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
)

var (
	wib     = time.FixedZone("WIB", 7*3600)
	jan2    = time.Date(2025, 1, 2, 8, 0, 0, 0, wib)
	hr      = actor.Actor{NIP: "197001012000031001", Role: actor.HR}
	pegawai = actor.Actor{NIP: "198609262015051001", Role: actor.Pegawai}
	policy  = performance.DefaultPolicy()
)

func day(s string) civil.Date {
	d, err := civil.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

func on(s string) time.Time { return day(s).Time(wib).Add(10 * time.Hour) }

// quarters are the windows of 2025 at quarterly frequency, deadlines 10 days after.
func quarters() []period.Window {
	return []period.Window{
		{Number: 1, Label: "2025-Q1", Start: day("2025-01-01"), End: day("2025-03-31"), Deadline: day("2025-04-10")},
		{Number: 2, Label: "2025-Q2", Start: day("2025-04-01"), End: day("2025-06-30"), Deadline: day("2025-07-10")},
		{Number: 3, Label: "2025-Q3", Start: day("2025-07-01"), End: day("2025-09-30"), Deadline: day("2025-10-10")},
		{Number: 4, Label: "2025-Q4", Start: day("2025-10-01"), End: day("2025-12-31"), Deadline: day("2026-01-10")},
	}
}

var opened = period.Opened{Instansi: "PEMKAB-X", Year: 2025, Frequency: performance.FrequencyQuarterly,
	Windows: quarters(), PolicyVersion: performance.DefaultPolicyVersion, At: jan2, By: hr}

func given(t *testing.T, events ...period.Event) *period.Period {
	t.Helper()
	stored := make([]eventlog.Event, len(events))
	for i, e := range events {
		typ, v, data, err := period.Encode(e)
		if err != nil {
			t.Fatalf("encode given event %d: %v", i, err)
		}
		stored[i] = eventlog.Event{Stream: "period-x-2025", Version: uint64(i + 1), Type: typ, SchemaVersion: v, Data: data}
	}
	p, err := period.Replay(stored)
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	if p.Version() != uint64(len(events)) {
		t.Fatalf("Version() = %d, want %d", p.Version(), len(events))
	}
	return p
}

type testCase struct {
	name    string
	given   []period.Event
	when    func(*period.Period) ([]period.Event, error)
	want    []period.Event
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

func TestOpen(t *testing.T) {
	o := period.Opening{Instansi: "PEMKAB-X", Year: 2025, Frequency: performance.FrequencyQuarterly,
		Deadlines: period.DeadlinesAfter(2025, performance.FrequencyQuarterly, 10)}
	with := func(change func(*period.Opening)) period.Opening {
		x := o
		change(&x)
		return x
	}
	semi := policy
	semi.PeriodFrequencies = []performance.PeriodFrequency{performance.FrequencySemiannual}
	run(t, []testCase{
		{name: "opens", when: func(p *period.Period) ([]period.Event, error) { return p.Open(jan2, hr, policy, o) },
			want: []period.Event{opened}},
		{name: "twice", given: []period.Event{opened},
			when:    func(p *period.Period) ([]period.Event, error) { return p.Open(jan2, hr, policy, o) },
			wantErr: period.ErrAlreadyOpened},
		{name: "by a pegawai", when: func(p *period.Period) ([]period.Event, error) { return p.Open(jan2, pegawai, policy, o) },
			wantErr: actor.ErrRoleNotAllowed},
		{name: "frequency not allowed", when: func(p *period.Period) ([]period.Event, error) { return p.Open(jan2, hr, semi, o) },
			wantErr: period.ErrFrequencyNotAllowed},
		{name: "unknown frequency", when: func(p *period.Period) ([]period.Event, error) {
			return p.Open(jan2, hr, policy, with(func(o *period.Opening) { o.Frequency = "weekly" }))
		}, wantErr: period.ErrInvalidInput},
		{name: "missing deadlines", when: func(p *period.Period) ([]period.Event, error) {
			return p.Open(jan2, hr, policy, with(func(o *period.Opening) { o.Deadlines = o.Deadlines[:3] }))
		}, wantErr: period.ErrInvalidInput},
		{name: "deadline before the window ends", when: func(p *period.Period) ([]period.Event, error) {
			return p.Open(jan2, hr, policy, with(func(o *period.Opening) {
				o.Deadlines = append([]civil.Date{day("2025-03-30")}, o.Deadlines[1:]...)
			}))
		}, wantErr: period.ErrInvalidInput},
		{name: "bad instansi", when: func(p *period.Period) ([]period.Event, error) {
			return p.Open(jan2, hr, policy, with(func(o *period.Opening) { o.Instansi = "" }))
		}, wantErr: period.ErrInvalidInput},
		{name: "a year more than a year ahead", when: func(p *period.Period) ([]period.Event, error) {
			return p.Open(jan2, hr, policy, with(func(o *period.Opening) {
				o.Year = 2027
				o.Deadlines = period.DeadlinesAfter(2027, performance.FrequencyQuarterly, 10)
			}))
		}, wantErr: period.ErrInvalidInput},
		// deadline_days 100000 once set deadlines in the year 2304.
		{name: "deadline more than a year after the window", when: func(p *period.Period) ([]period.Event, error) {
			return p.Open(jan2, hr, policy, with(func(o *period.Opening) {
				o.Deadlines = period.DeadlinesAfter(2025, performance.FrequencyQuarterly, period.MaxDeadlineDays+1)
			}))
		}, wantErr: period.ErrInvalidInput},
		{name: "deadline a year after the window", when: func(p *period.Period) ([]period.Event, error) {
			evs, err := p.Open(jan2, hr, policy, with(func(o *period.Opening) {
				o.Deadlines = period.DeadlinesAfter(2025, performance.FrequencyQuarterly, period.MaxDeadlineDays)
			}))
			if err == nil && len(evs) != 1 {
				err = fmt.Errorf("%d events", len(evs))
			}
			return nil, err
		}},
		{name: "no time", when: func(p *period.Period) ([]period.Event, error) { return p.Open(time.Time{}, hr, policy, o) },
			wantErr: period.ErrInvalidInput},
	})
}

func TestCloseWindowAndYear(t *testing.T) {
	q1Closed := period.WindowClosed{Instansi: "PEMKAB-X", Year: 2025, Window: 1, Label: "2025-Q1", At: on("2025-04-11"), By: hr}
	yearClosed := period.YearClosed{Instansi: "PEMKAB-X", Year: 2025, At: on("2026-01-12"), By: hr}
	run(t, []testCase{
		{name: "closes a window", given: []period.Event{opened},
			when: func(p *period.Period) ([]period.Event, error) { return p.CloseWindow(on("2025-04-11"), hr, 1) },
			want: []period.Event{q1Closed}},
		{name: "window closed twice", given: []period.Event{opened, q1Closed},
			when:    func(p *period.Period) ([]period.Event, error) { return p.CloseWindow(on("2025-04-12"), hr, 1) },
			wantErr: period.ErrWindowClosed},
		{name: "window not ended", given: []period.Event{opened},
			when:    func(p *period.Period) ([]period.Event, error) { return p.CloseWindow(on("2025-03-31"), hr, 1) },
			wantErr: period.ErrWindowNotEnded},
		{name: "no such window", given: []period.Event{opened},
			when:    func(p *period.Period) ([]period.Event, error) { return p.CloseWindow(on("2026-01-05"), hr, 5) },
			wantErr: period.ErrNoSuchWindow},
		{name: "window of an unopened period",
			when:    func(p *period.Period) ([]period.Event, error) { return p.CloseWindow(on("2025-04-11"), hr, 1) },
			wantErr: period.ErrNotOpened},
		{name: "window after the year closed", given: []period.Event{opened, yearClosed},
			when:    func(p *period.Period) ([]period.Event, error) { return p.CloseWindow(on("2026-01-13"), hr, 2) },
			wantErr: period.ErrWindowClosed},
		{name: "closes the year", given: []period.Event{opened, q1Closed},
			when: func(p *period.Period) ([]period.Event, error) { return p.CloseYear(on("2026-01-12"), hr) },
			want: []period.Event{yearClosed}},
		{name: "year not ended", given: []period.Event{opened},
			when:    func(p *period.Period) ([]period.Event, error) { return p.CloseYear(on("2025-12-31"), hr) },
			wantErr: period.ErrYearNotEnded},
		{name: "year closed twice", given: []period.Event{opened, yearClosed},
			when:    func(p *period.Period) ([]period.Event, error) { return p.CloseYear(on("2026-01-13"), hr) },
			wantErr: period.ErrYearClosed},
		{name: "closed by a pegawai", given: []period.Event{opened},
			when:    func(p *period.Period) ([]period.Event, error) { return p.CloseYear(on("2026-01-13"), pegawai) },
			wantErr: actor.ErrRoleNotAllowed},
	})
}
