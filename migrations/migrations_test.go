package migrations_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/migrations"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

func TestApplyTwiceAndConcurrently(t *testing.T) {
	sc := pgtest.New(t) // already migrated once
	ctx := context.Background()
	applied, err := migrations.Apply(ctx, sc.Pool)
	if err != nil || len(applied) != 0 {
		t.Fatalf("second Apply applied %v, err %v; want nothing", applied, err)
	}
	all, err := migrations.All()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := sc.Pool.QueryRow(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n != len(all) {
		t.Fatalf("schema_migrations has %d rows (%v), want %d", n, err, len(all))
	}

	// A fresh schema migrated by several pools at once: each migration is
	// applied exactly once, by exactly one of them.
	fresh := "t_" + randomHex(6)
	if _, err := sc.Pool.Exec(ctx, "CREATE SCHEMA "+fresh); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = sc.Pool.Exec(context.Background(), "DROP SCHEMA "+fresh+" CASCADE") })
	url := strings.Replace(sc.URL, "search_path="+sc.Name, "search_path="+fresh, 1)
	var wg sync.WaitGroup
	counts := make([]int, 4)
	errs := make([]error, 4)
	for i := range counts {
		pool := pgtest.Pool(t, url)
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			got, err := migrations.Apply(ctx, pool)
			counts[i], errs[i] = len(got), err
		}(i)
	}
	wg.Wait()
	total := 0
	for i := range counts {
		if errs[i] != nil {
			t.Fatalf("concurrent Apply %d: %v", i, errs[i])
		}
		total += counts[i]
	}
	if total != len(all) {
		t.Fatalf("concurrent Applies applied %d migrations in all, want %d", total, len(all))
	}
}

func TestEnsureDatabaseCreatesMissing(t *testing.T) {
	ctx := context.Background()
	name, url := pgtest.NewDatabase(t, "ensure")
	if _, err := pgx.Connect(ctx, url); err == nil {
		t.Fatalf("database %s exists before EnsureDatabase", name)
	}
	if err := migrations.EnsureDatabase(ctx, url); err != nil {
		t.Fatalf("EnsureDatabase: %v", err)
	}
	if err := migrations.EnsureDatabase(ctx, url); err != nil {
		t.Fatalf("EnsureDatabase on an existing database: %v", err)
	}
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect to the created database: %v", err)
	}
	c.Close(ctx)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// migrationSteps returns a pool on a fresh, empty schema and apply, which
// runs there, in order, the migrations whose version keep accepts: a test
// applies those before the one it tests, writes the state they leave, then
// applies the one.
func migrationSteps(t *testing.T) (*pgxpool.Pool, func(keep func(int) bool)) {
	t.Helper()
	sc := pgtest.New(t)
	ctx := context.Background()
	fresh := "t_" + randomHex(6)
	if _, err := sc.Pool.Exec(ctx, "CREATE SCHEMA "+fresh); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = sc.Pool.Exec(context.Background(), "DROP SCHEMA "+fresh+" CASCADE") })
	pool := pgtest.Pool(t, strings.Replace(sc.URL, "search_path="+sc.Name, "search_path="+fresh, 1))
	all, err := migrations.All()
	if err != nil {
		t.Fatal(err)
	}
	return pool, func(keep func(int) bool) {
		t.Helper()
		for _, m := range all {
			if keep(m.Version) {
				if _, err := pool.Exec(ctx, m.SQL); err != nil {
					t.Fatalf("%s: %v", m.Name, err)
				}
			}
		}
	}
}

// TestApplyRefusesANewerSchema: Apply on a schema with a migration newer
// than the binary's said nothing was pending, so an older binary ran on a
// schema it does not know.
func TestApplyRefusesANewerSchema(t *testing.T) {
	sc := pgtest.New(t)
	ctx := context.Background()
	if _, err := sc.Pool.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES (9999, '9999_future.sql')`); err != nil {
		t.Fatal(err)
	}
	all, err := migrations.All()
	if err != nil {
		t.Fatal(err)
	}
	applied, err := migrations.Apply(ctx, sc.Pool)
	if err == nil || len(applied) != 0 || !strings.Contains(err.Error(), "9999_future.sql") || !strings.Contains(err.Error(), all[len(all)-1].Name) {
		t.Fatalf("Apply on a newer schema: applied %v, err %v; want a refusal naming 9999_future.sql and %s", applied, err, all[len(all)-1].Name)
	}
}
