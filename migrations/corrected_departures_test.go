package migrations_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/civil"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
	"github.com/kinerja/kinerja/projections/unitreport"
)

// TestCorrectedDeparturesMigrationEqualsTheProjection: migration 0041
// brings the standings and unit-report rows that the projections built
// before it (a departure corrected to a later year left the rows of the
// years between marked left and a year opened meanwhile without the
// employee; a row created while a departure of a later year was recorded
// was marked left) to exactly what the projections now build from the
// same log, positions included, so a replay diff against live finds
// nothing.
func TestCorrectedDeparturesMigrationEqualsTheProjection(t *testing.T) {
	ctx := context.Background()
	pool, apply := migrationSteps(t)
	apply(func(v int) bool { return v < 41 || v == 42 }) // the projections now write the table of 0042

	hr := projectiontest.HR
	day := func(y int, m time.Month, d int) civil.Date { return civil.Date{Year: y, Month: m, Day: d} }
	on := time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC)
	later, gone, ahead, stays := projectiontest.NIP(1), projectiontest.NIP(2), projectiontest.NIP(3), projectiontest.NIP(4)
	var appends []projectiontest.Append
	add := func(stream string, ev projectiontest.Event) {
		appends = append(appends, projectiontest.Append{Stream: stream, Events: []eventlog.NewEvent{projectiontest.Encode(ev, hr)}})
	}
	leave := func(nip string, effective civil.Date) {
		add(employee.Stream(nip), employee.LeftService{NIP: nip, Effective: effective, Reason: "pensiun", At: on, By: hr})
	}
	open := func(year int) {
		add(period.Stream("I", year), period.Opened{Instansi: "I", Year: year, Frequency: performance.FrequencyQuarterly,
			Windows: period.Layout(year, performance.FrequencyQuarterly), PolicyVersion: "p", At: on, By: hr})
	}
	for _, n := range []string{later, gone, ahead, stays} {
		add(employee.Stream(n), employee.Registered{NIP: n, Name: "E", Status: employee.StatusPNS, Instansi: "I", Unit: "U",
			Golongan: "III/a", At: on, By: hr})
	}
	leave(ahead, day(2027, 2, 1)) // recorded ahead, before 2026 is opened
	open(2026)
	leave(later, day(2026, 3, 1))
	leave(gone, day(2027, 1, 1))
	open(2027)
	leave(later, day(2027, 6, 30)) // corrections
	leave(gone, day(2027, 9, 30))
	add(employee.Stream(later), employee.Transferred{NIP: later, FromUnit: "U", ToUnit: "V", Effective: day(2027, 3, 1), At: on, By: hr})
	stored := projectiontest.Stored(appends)
	versions := map[string]int{}
	for _, e := range stored {
		versions[e.Stream]++
		if _, err := pool.Exec(ctx, `INSERT INTO events (position, id, stream, version, type, schema_version, data, metadata,
				recorded_at, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, '{}', $8, '\x00', '\x00')`,
			int64(e.Position), e.ID, e.Stream, versions[e.Stream], e.Type, e.SchemaVersion, string(e.Data), e.RecordedAt); err != nil {
			t.Fatal(err)
		}
	}
	tables := []string{"standings", "standings_employees", "unitreport_members", "unitreport_employees"}
	projectiontest.Apply(t, pool, standings.New(), stored, 1)
	projectiontest.Apply(t, pool, unitreport.New(), stored, 1)
	want := projectiontest.DumpTables(t, pool, tables)

	// The rows as the projections built them before: the first departure
	// of later (stored[6]) marked 2026 and no correction unmarked it; the
	// corrections added no 2027 row or membership; ahead's 2026 row was
	// marked left when 2026 was opened.
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE standings SET left_service = true, last_position = $2, updated_at = $3 WHERE nip = $1 AND year = 2026`,
			[]any{later, int64(stored[6].Position), stored[6].RecordedAt}},
		{`DELETE FROM standings WHERE year = 2027 AND nip IN ($1, $2)`, []any{later, gone}},
		{`UPDATE standings SET left_service = true WHERE nip = $1 AND year = 2026`, []any{ahead}},
		{`DELETE FROM unitreport_members WHERE year = 2027 AND nip IN ($1, $2)`, []any{later, gone}},
	} {
		if tag, err := pool.Exec(ctx, q.sql, q.args...); err != nil || tag.RowsAffected() == 0 {
			t.Fatalf("%s: %v (%d rows)", q.sql, err, tag.RowsAffected())
		}
	}
	apply(func(v int) bool { return v == 41 })
	if diff := cmp.Diff(want, projectiontest.DumpTables(t, pool, tables)); diff != "" {
		t.Errorf("after 0041 (-projection +migrated):\n%s", diff)
	}
}
