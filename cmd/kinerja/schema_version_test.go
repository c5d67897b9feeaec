package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/migrations"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// TestOlderBinaryRefusesANewerSchema: a binary rolled back after a newer
// migration was applied said "database schema is up to date" and served
// and wrote on a schema it does not know. Every command that migrates,
// writes or projects now refuses with exit code 2, naming the database's
// newest migration and the binary's; the read-only audit commands warn.
func TestOlderBinaryRefusesANewerSchema(t *testing.T) {
	sc := pgtest.New(t)
	ctx := context.Background()
	if _, err := sc.Pool.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_future.sql')`); err != nil {
		t.Fatal(err)
	}
	all, err := migrations.All()
	if err != nil {
		t.Fatal(err)
	}
	newest := all[len(all)-1].Name
	vars := map[string]string{"DATABASE_URL": sc.URL, "KINERJA_ADDR": "127.0.0.1:0", "KINERJA_PROJECTIONS": "off"}
	for _, args := range [][]string{
		{"migrate"},
		{"serve"},
		{"rebuild", "standings"},
		{"project", "standings"},
		{"partitions"},
		{"replay", "--until", "1", "--projection", "standings", "--into", "r_future"},
	} {
		t.Run(args[0], func(t *testing.T) {
			ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
			defer cancel()
			var out, errOut syncBuffer
			// A serve or project that starts is stopped as soon as it
			// listens or after a short while: either way it did not refuse.
			e := &env{getenv: mapEnv(vars), stdout: &out, stderr: &errOut, listening: func(string) { cancel() }}
			if args[0] == "project" {
				go func() { time.Sleep(3 * time.Second); cancel() }()
			}
			err := runEnv(ctx, args, e)
			var msg syncBuffer
			code := report(err, &msg)
			if code != 2 || !strings.Contains(msg.String(), "9999_future.sql") || !strings.Contains(msg.String(), newest) ||
				strings.Contains(msg.String(), "for usage") {
				t.Fatalf("%v: exit %d, stderr %q, stdout %q; want exit 2 naming 9999_future.sql and %s", args, code, msg.String(), out.String(), newest)
			}
		})
	}
	var n int
	if err := sc.Pool.QueryRow(ctx, `SELECT count(*) FROM schema_migrations WHERE version > $1`, all[len(all)-1].Version).Scan(&n); err != nil || n != 1 {
		t.Fatalf("schema_migrations has %d newer rows (%v), want only 9999", n, err)
	}

	// Read-only: audit verify still verifies, with a warning.
	var out, errOut syncBuffer
	err = runEnv(ctx, []string{"audit", "verify"}, &env{getenv: mapEnv(vars), stdout: &out, stderr: &errOut})
	if err != nil || !strings.Contains(errOut.String(), "9999_future.sql") {
		t.Fatalf("audit verify: %v; stderr %q; want it to verify and warn naming 9999_future.sql", err, errOut.String())
	}
}
