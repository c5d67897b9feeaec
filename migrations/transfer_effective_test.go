package migrations_test

import (
	"context"
	"strings"
	"testing"
)

// TestTransferEffectiveMigrationDatesTransfers: migration 0038 gives the
// employee rows of the five read models their units by effective day from
// the log (the transfers since the latest registration; one on the day of
// an earlier one corrects it), so that a transfer already projected counts
// from its day without a rebuild.
func TestTransferEffectiveMigrationDatesTransfers(t *testing.T) {
	ctx := context.Background()
	pool, apply := migrationSteps(t)
	apply(func(v int) bool { return v < 38 })
	// moved: transferred three times, the last two ahead on the same day
	// (a correction); back: transferred, then registered again; still:
	// never transferred.
	const moved, back, still = "198001012005011001", "198001012005011002", "198001012005011003"
	if _, err := pool.Exec(ctx, `INSERT INTO events (position, id, stream, version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
		SELECT p, gen_random_uuid(), 'employee-' || n, v, ty, 1, d::json, '{"instansi":"I"}', now(), '\x00', '\x00'
		FROM (VALUES
			(1, $1, 1, 'employee.registered', '{"unit":"U1"}'),
			(2, $1, 2, 'employee.transferred', '{"from_unit":"U1","to_unit":"U2","effective":"2025-02-01"}'),
			(3, $2, 1, 'employee.registered', '{"unit":"U1"}'),
			(4, $2, 2, 'employee.transferred', '{"from_unit":"U1","to_unit":"U2","effective":"2025-02-01"}'),
			(5, $1, 3, 'employee.transferred', '{"from_unit":"U2","to_unit":"U4","effective":"2027-06-01"}'),
			(6, $2, 3, 'employee.registered', '{"unit":"U5"}'),
			(7, $3, 1, 'employee.registered', '{"unit":"U1"}'),
			(8, $1, 4, 'employee.transferred', '{"from_unit":"U4","to_unit":"U3","effective":"2027-06-01"}')
		) AS e(p, n, v, ty, d)`, moved, back, still); err != nil {
		t.Fatal(err)
	}
	tables := []string{"promotion_employees", "history_employees", "training_employees", "unitreport_employees", "worklist_employees"}
	for _, tb := range tables {
		var extra string
		switch tb {
		case "promotion_employees":
			extra = `, status, jabatan_kind, jabatan_level, golongan, golongan_event_id, last_position) SELECT n, 'N', 'I', u, 'pns', '', '', 'III/a', '', 0`
		case "history_employees":
			extra = `, status, jabatan_kind, jabatan_level, jabatan_name, golongan, registered_event_id, registered_at, last_position)
				SELECT n, 'N', 'I', u, 'pns', '', '', '', 'III/a', '', now(), 0`
		default:
			extra = `) SELECT n, 'N', 'I', u`
		}
		if _, err := pool.Exec(ctx, `INSERT INTO `+tb+` (nip, name, instansi, unit`+extra+`
			FROM (VALUES ($1, 'U3'), ($2, 'U5'), ($3, 'U1')) AS r(n, u)`, moved, back, still); err != nil {
			t.Fatalf("%s: %v", tb, err)
		}
	}
	apply(func(v int) bool { return v == 38 })
	for _, tb := range tables {
		rows, err := pool.Query(ctx, `SELECT nip || ':' || unit || ':' || COALESCE(units::text, '-') || ':' || COALESCE(unit_days::text, '-')
			FROM `+tb+` ORDER BY nip`)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			got = append(got, s)
		}
		want := []string{moved + ":U3:{U1,U2,U3}:{-infinity,2025-02-01,2027-06-01}", back + ":U5:-:-", still + ":U1:-:-"}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s after 0038: %v, want %v", tb, got, want)
		}
	}
}
