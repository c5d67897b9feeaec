package rebuild_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/adapters/rebuild"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/projections/history"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/promotion"
	"github.com/kinerja/kinerja/projections/standings"
	"github.com/kinerja/kinerja/projections/training"
	"github.com/kinerja/kinerja/projections/unitreport"
	"github.com/kinerja/kinerja/projections/worklist"
)

// TestCorrectedDeparturesReplayEqualsLive: over a random world with
// departures recorded and corrected to later and to earlier days, across
// the opening of a year, every read model run live in small batches equals
// its replay from position 0 (kinerja replay diff finds nothing).
func TestCorrectedDeparturesReplayEqualsLive(t *testing.T) {
	e := newReplayEnv(t)
	e.appendAll(t, projectiontest.Generate(projectiontest.Config{Seed: 7, Employees: 40, Instansi: 2}))
	day := func(y int, m time.Month, d int) civil.Date { return civil.Date{Year: y, Month: m, Day: d} }
	at := time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC)
	leave := func(n int, effective civil.Date, reason string) projectiontest.Append {
		at = at.Add(time.Hour)
		ev := employee.LeftService{NIP: projectiontest.NIP(n), Effective: effective, Reason: reason, At: at, By: projectiontest.HR}
		return projectiontest.Append{Stream: employee.Stream(ev.NIP), Events: []eventlog.NewEvent{projectiontest.Encode(ev, projectiontest.HR)}}
	}
	var appends []projectiontest.Append
	for n := range 12 {
		appends = append(appends, leave(n, day(2026, time.Month(1+n%3), 1), "pensiun"))
	}
	for i := range 2 {
		ins := fmt.Sprintf("I%02d", i)
		ev := period.Opened{Instansi: ins, Year: 2026, Frequency: performance.FrequencyQuarterly,
			Windows: period.Layout(2026, performance.FrequencyQuarterly), PolicyVersion: performance.DefaultPolicyVersion, At: at, By: projectiontest.HR}
		appends = append(appends, projectiontest.Append{Stream: period.Stream(ins, 2026), Events: []eventlog.NewEvent{projectiontest.Encode(ev, projectiontest.HR)}})
	}
	for n := range 12 {
		switch n % 4 {
		case 0:
			appends = append(appends, leave(n, day(2026, 9, 30), "koreksi tanggal pensiun"))
		case 1:
			appends = append(appends, leave(n, day(2025, 10, 1), "koreksi tanggal pensiun"))
		case 2:
			appends = append(appends, leave(n, day(2026, 9, 30), "koreksi"), leave(n, day(2025, 11, 30), "koreksi lagi"))
		}
	}
	e.appendAll(t, appends)
	ps := []readside.Projection{standings.New(), promotion.New(), unitreport.New(), training.New(), history.New(), worklist.New()}
	ctx := testCtx(t, time.Minute)
	for _, p := range ps {
		for after := uint64(0); ; {
			events, err := e.store.ReadAll(ctx, after, 13)
			if err != nil {
				t.Fatal(err)
			}
			if len(events) == 0 {
				break
			}
			if after, err = readside.ApplyBatch(ctx, e.sc.Pool, p, events); err != nil {
				t.Fatal(err)
			}
		}
	}
	e.replay(t, eventlog.AsOf{}, ps...)
	for _, p := range ps {
		rep, err := rebuild.Diff(ctx, e.sc.Pool, e.scratch(), p, rebuild.DiffOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Equal {
			t.Errorf("%s: replay differs from live: %+v", p.Name(), rep.Tables)
		}
	}
	var rows int
	if err := e.sc.Pool.QueryRow(ctx, `SELECT count(*) FROM standings WHERE year = 2026 AND nip = ANY($1)`,
		[]string{projectiontest.NIP(0), projectiontest.NIP(4), projectiontest.NIP(8)}).Scan(&rows); err != nil || rows != 3 {
		t.Errorf("2026 standings rows of the departures corrected into September: %d (%v), want 3", rows, err)
	}
}
