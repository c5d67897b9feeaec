package period_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
)

func TestLayout(t *testing.T) {
	monthly := period.Layout(2024, performance.FrequencyMonthly)
	if len(monthly) != 12 || monthly[1].End != day("2024-02-29") || monthly[11].Label != "2024-12" {
		t.Fatalf("monthly layout: %+v", monthly)
	}
	semi := period.Layout(2025, performance.FrequencySemiannual)
	if len(semi) != 2 || semi[1].Start != day("2025-07-01") || semi[1].Label != "2025-S2" {
		t.Fatalf("semiannual layout: %+v", semi)
	}
	if period.Layout(2025, "weekly") != nil {
		t.Fatal("layout of an unknown frequency")
	}
	if period.Stream("PEMKAB-X", 2025) != "period-PEMKAB-X-2025" || period.AnnualLabel(2025) != "2025" {
		t.Fatal("stream or annual label")
	}
}

func TestLabelShaped(t *testing.T) {
	for _, s := range []string{"2025", "2025-Q1", "2025-Q7", "2025-S2", "2025-03", "2025-13", "9999-12"} {
		if !period.LabelShaped(s) {
			t.Errorf("%q: not shaped like a label", s)
		}
	}
	for _, s := range []string{"", "garbage", "25", "02025", "2025-", "2025-q1", "2025-Q", "2025-Q10", "2025-1", "2025-123",
		"2025-X1", " 2025", "2025-Q1 ", "２０２５", "2025-S١"} {
		if period.LabelShaped(s) {
			t.Errorf("%q: shaped like a label", s)
		}
	}
	for _, f := range []performance.PeriodFrequency{performance.FrequencyMonthly, performance.FrequencyQuarterly, performance.FrequencySemiannual} {
		for _, w := range period.Layout(2025, f) {
			if !period.LabelShaped(w.Label) {
				t.Errorf("window label %q: not shaped like a label", w.Label)
			}
		}
	}
}

func TestWindowQueries(t *testing.T) {
	q1Closed := period.WindowClosed{Instansi: "PEMKAB-X", Year: 2025, Window: 1, Label: "2025-Q1", At: on("2025-04-11"), By: hr}
	p := given(t, opened, q1Closed)
	if w, ok := p.WindowOf(day("2025-05-17")); !ok || w.Number != 2 {
		t.Fatalf("WindowOf(2025-05-17) = %+v, %v", w, ok)
	}
	if _, ok := p.WindowOf(day("2026-01-01")); ok {
		t.Fatal("WindowOf a day of the next year")
	}
	cases := []struct {
		window  int
		on      string
		wantErr error
		late    bool
	}{
		{2, "2025-05-17", nil, false},
		{2, "2025-07-10", nil, false},
		{2, "2025-07-11", nil, true},
		{2, "2025-03-31", period.ErrWindowNotStarted, false},
		{1, "2025-04-05", period.ErrWindowClosed, false},
		{7, "2025-04-05", period.ErrNoSuchWindow, false},
	}
	for _, c := range cases {
		err := p.CheckOpen(c.window, day(c.on))
		if !errors.Is(err, c.wantErr) || p.IsOpen(c.window, day(c.on)) != (c.wantErr == nil) {
			t.Errorf("CheckOpen(%d, %s) = %v, want %v", c.window, c.on, err, c.wantErr)
		}
		if got := p.IsLate(c.window, day(c.on)); got != c.late {
			t.Errorf("IsLate(%d, %s) = %v, want %v", c.window, c.on, got, c.late)
		}
	}
	if err := p.CheckYearOpen(); err != nil {
		t.Fatalf("CheckYearOpen: %v", err)
	}
	got := []any{p.Opened(), p.Instansi(), p.Year(), p.Frequency(), p.PolicyVersion(), len(p.Windows()), p.WindowClosed(1), p.WindowClosed(2), p.YearClosed()}
	want := []any{true, "PEMKAB-X", 2025, performance.FrequencyQuarterly, performance.DefaultPolicyVersion, 4, true, false, false}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("state (-want +got):\n%s", diff)
	}
}

func TestClosedYearAndUnopened(t *testing.T) {
	p := given(t, opened, period.YearClosed{Instansi: "PEMKAB-X", Year: 2025, At: on("2026-01-12"), By: hr})
	if err := p.CheckOpen(4, day("2026-01-12")); !errors.Is(err, period.ErrYearClosed) {
		t.Fatalf("CheckOpen after year closed = %v", err)
	}
	if err := p.CheckYearOpen(); !errors.Is(err, period.ErrYearClosed) {
		t.Fatalf("CheckYearOpen after year closed = %v", err)
	}
	empty := given(t)
	if err := empty.CheckOpen(1, civil.Date{Year: 2025, Month: 1, Day: 1}); !errors.Is(err, period.ErrNotOpened) {
		t.Fatalf("CheckOpen of unopened = %v", err)
	}
	if err := empty.CheckYearOpen(); !errors.Is(err, period.ErrNotOpened) {
		t.Fatalf("CheckYearOpen of unopened = %v", err)
	}
}
