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
)

// TestStandingsChangesMigrationEqualsTheProjection: migration 0042 fills
// standings_changes from the log and brings the standings rows created
// after a change for an earlier year (which took the latest unit, jabatan
// and golongan) to exactly what the projection now builds.
func TestStandingsChangesMigrationEqualsTheProjection(t *testing.T) {
	ctx := context.Background()
	pool, apply := migrationSteps(t)
	apply(func(v int) bool { return v <= 42 })

	hr := projectiontest.HR
	day := func(y int, m time.Month, d int) civil.Date { return civil.Date{Year: y, Month: m, Day: d} }
	on := time.Date(2025, 12, 1, 9, 0, 0, 0, time.UTC)
	moved, stays := projectiontest.NIP(1), projectiontest.NIP(2)
	staf := employee.Jabatan{Kind: performance.JabatanAdministrasi, Level: performance.LevelPelaksana, Name: "Staf"}
	kasubag := employee.Jabatan{Kind: performance.JabatanAdministrasi, Level: performance.LevelPengawas, Name: "Kasubag"}
	var appends []projectiontest.Append
	add := func(stream string, ev projectiontest.Event) {
		appends = append(appends, projectiontest.Append{Stream: stream, Events: []eventlog.NewEvent{projectiontest.Encode(ev, hr)}})
	}
	open := func(year int) {
		add(period.Stream("I", year), period.Opened{Instansi: "I", Year: year, Frequency: performance.FrequencyQuarterly,
			Windows: period.Layout(year, performance.FrequencyQuarterly), PolicyVersion: "p", At: on, By: hr})
	}
	for _, n := range []string{moved, stays} {
		add(employee.Stream(n), employee.Registered{NIP: n, Name: "E", Status: employee.StatusPNS, Instansi: "I", Unit: "A",
			Jabatan: staf, Golongan: "III/a", GolonganTMT: day(2020, 4, 1), At: on, By: hr})
	}
	open(2025)
	add(employee.Stream(moved), employee.Transferred{NIP: moved, FromUnit: "A", ToUnit: "B", Effective: day(2025, 7, 1), At: on, By: hr})
	add(employee.Stream(moved), employee.JabatanChanged{NIP: moved, From: staf, To: kasubag, Effective: day(2025, 7, 1), At: on, By: hr})
	add(employee.Stream(moved), employee.GolonganChanged{NIP: moved, From: "III/a", FromTMT: day(2020, 4, 1), To: "III/b",
		TMT: day(2025, 4, 1), At: on, By: hr})
	add(employee.Stream(moved), employee.Transferred{NIP: moved, FromUnit: "B", ToUnit: "C", Effective: day(2027, 1, 1), At: on, By: hr})
	open(2024)
	open(2026)
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
	tables := []string{"standings", "standings_employees", "standings_changes"}
	projectiontest.Apply(t, pool, standings.New(), stored, 1)
	want := projectiontest.DumpTables(t, pool, tables)

	// The rows as the projection built them before: no changes kept, and
	// the rows of 2024 and 2026, created after the changes, with the
	// latest values.
	for _, q := range []string{
		`DELETE FROM standings_changes`,
		`UPDATE standings s SET unit = e.unit, jabatan_kind = e.jabatan_kind, jabatan_level = e.jabatan_level,
			jabatan_name = e.jabatan_name, golongan = e.golongan, golongan_tmt = e.golongan_tmt
			FROM standings_employees e WHERE e.nip = s.nip AND s.year IN (2024, 2026)`,
	} {
		if tag, err := pool.Exec(ctx, q); err != nil || tag.RowsAffected() == 0 {
			t.Fatalf("%s: %v (%d rows)", q, err, tag.RowsAffected())
		}
	}
	if diff := cmp.Diff(want, projectiontest.DumpTables(t, pool, tables)); diff == "" {
		t.Fatal("the rows as built before equal the projection's: the test shows nothing")
	}
	// Migration 0042 again, as on a database the projection wrote before it.
	if _, err := pool.Exec(ctx, `DROP TABLE standings_changes`); err != nil {
		t.Fatal(err)
	}
	apply(func(v int) bool { return v == 42 })
	if diff := cmp.Diff(want, projectiontest.DumpTables(t, pool, tables)); diff != "" {
		t.Errorf("after 0042 (-projection +migrated):\n%s", diff)
	}
}
