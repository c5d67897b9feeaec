package migrations_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/period"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
)

// TestStandingsBeforeAppointmentMigrationEqualsTheProjection: migration
// 0043 brings the standings rows the projection built before it (a row of
// every open year for an employee registered while it was open, appointed
// or not) to exactly what it now builds from the same log: the rows of a
// year before the appointment year go, unless an SKP was drafted for it.
func TestStandingsBeforeAppointmentMigrationEqualsTheProjection(t *testing.T) {
	ctx := context.Background()
	pool, apply := migrationSteps(t)
	apply(func(v int) bool { return v < 43 || v == 45 }) // the projection now writes the columns of 0045

	hr := projectiontest.HR
	on := time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC)
	const old, fresh, pppk, drafted = "198609262015051001", "199001012026051001", "199709072026211002", "199101012026051003"
	var appends []projectiontest.Append
	add := func(stream string, ev projectiontest.Event) {
		appends = append(appends, projectiontest.Append{Stream: stream, Events: []eventlog.NewEvent{projectiontest.Encode(ev, hr)}})
	}
	for _, y := range []int{2025, 2026} {
		add(period.Stream("I", y), period.Opened{Instansi: "I", Year: y, Frequency: performance.FrequencyQuarterly,
			Windows: period.Layout(y, performance.FrequencyQuarterly), PolicyVersion: "p", At: on, By: hr})
	}
	for _, n := range []string{old, fresh, pppk, drafted} {
		status := employee.StatusPNS
		if n == pppk {
			status = employee.StatusPPPK
		}
		add(employee.Stream(n), employee.Registered{NIP: n, Name: "E", Status: status, Instansi: "I", Unit: "U",
			Golongan: "III/a", At: on, By: hr})
	}
	add(skp.Stream(drafted, 2025), skp.Drafted{NIP: drafted, Year: 2025, Instansi: "I", At: on, By: hr})
	stored := projectiontest.Stored(appends)
	projectiontest.Apply(t, pool, standings.New(), stored, 1)
	tables := []string{"standings", "standings_employees"}
	want := projectiontest.DumpTables(t, pool, tables)

	// The 2025 rows as registration made them before: copies of the 2026
	// rows (same master data, same event), as its statement wrote them.
	const cols = `name, employee_status, instansi, unit, jabatan_kind, jabatan_level, jabatan_name, golongan, golongan_tmt,
		left_service, last_position, updated_at`
	tag, err := pool.Exec(ctx, `INSERT INTO standings (nip, year, `+cols+`)
		SELECT nip, 2025, `+cols+` FROM standings WHERE year = 2026 AND nip IN ($1, $2)`, fresh, pppk)
	if err != nil || tag.RowsAffected() != 2 {
		t.Fatalf("old rows: %v (%d rows)", err, tag.RowsAffected())
	}
	apply(func(v int) bool { return v == 43 })
	if diff := cmp.Diff(want, projectiontest.DumpTables(t, pool, tables)); diff != "" {
		t.Errorf("after 0043 (-projection +migrated):\n%s", diff)
	}
}
