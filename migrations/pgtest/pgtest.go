// Package pgtest gives each test its own freshly migrated PostgreSQL schema in
// a real database. Tests that cannot reach PostgreSQL fail with a message
// saying how to start it; they never skip.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/migrations"
)

// DefaultURL is the test database used when KINERJA_TEST_DATABASE_URL is unset.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/kinerja_test?sslmode=disable"

const startHint = `PostgreSQL is not reachable. Start it with:
    pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
or point KINERJA_TEST_DATABASE_URL at a server you can create databases on.`

// URL returns the test database URL.
func URL() string {
	if u := os.Getenv("KINERJA_TEST_DATABASE_URL"); u != "" {
		return u
	}
	return DefaultURL
}

// Schema is a migrated schema for one test.
type Schema struct {
	Name string
	// URL connects with search_path set to the schema (for child processes).
	URL  string
	Pool *pgxpool.Pool
}

// New creates a schema named after a random suffix, makes it what all the
// migrations make (from the template, see template.go), and returns a pool
// whose connections use it. The schema is dropped when the test ends.
func New(tb testing.TB) *Schema {
	tb.Helper()
	return newSchema(tb, true)
}

// noTemplate says once per test process why schemas are migrated one by one.
var noTemplate sync.Once

// admin holds the test process's connections that make and drop schemas.
// They stay open: a new backend spends about half of a schema's making on
// loading the catalogs into its caches (BenchmarkNewSchema).
var admin struct {
	mu   sync.Mutex
	pool *pgxpool.Pool
}

// adminPool returns the process's admin connections, opening them (after
// making sure the test database exists) on first use; a failure is not
// remembered, so a later test tries again.
func adminPool(ctx context.Context) (*pgxpool.Pool, error) {
	admin.mu.Lock()
	defer admin.mu.Unlock()
	if admin.pool != nil {
		return admin.pool, nil
	}
	if err := migrations.EnsureDatabase(ctx, URL()); err != nil {
		return nil, err
	}
	cfg, err := pgxpool.ParseConfig(URL())
	if err != nil {
		return nil, err
	}
	cfg.MaxConns = 4
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		return nil, err
	}
	admin.pool = pool
	return pool, nil
}

// newSchema is New; useTemplate false applies the migrations to the schema
// instead.
func newSchema(tb testing.TB, useTemplate bool) *Schema {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	adm, err := adminPool(ctx)
	if err != nil {
		tb.Fatalf("%v\n%s", err, startHint)
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "t_" + hex.EncodeToString(b[:])
	s := &Schema{Name: name, URL: withSearchPath(URL(), name)}
	// The schema is dropped at the end even if making it fails half-way.
	// A drop that waits for a lock past the minute gives up (the schema
	// stays) rather than hold an admin connection.
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_, _ = adm.Exec(ctx, "DROP SCHEMA IF EXISTS "+name+" CASCADE")
	})
	if useTemplate {
		script, err := templateScript()
		if err == nil {
			if err := fromTemplate(ctx, adm, script, name); err != nil {
				tb.Fatalf("make schema %s from the template: %v", name, err)
			}
			s.Pool = Pool(tb, s.URL)
			return s
		}
		noTemplate.Do(func() { tb.Logf("pgtest: each schema is migrated (no template: %v)", err) })
	}
	if _, err := adm.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		tb.Fatalf("create schema: %v", err)
	}
	s.Pool = Pool(tb, s.URL)
	if _, err := migrations.Apply(ctx, s.Pool); err != nil {
		tb.Fatalf("migrate schema %s: %v", name, err)
	}
	return s
}

// Pool opens a pool on url and closes it when the test ends.
func Pool(tb testing.TB, url string) *pgxpool.Pool {
	tb.Helper()
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		tb.Fatalf("parse %s: %v", url, err)
	}
	cfg.MaxConns = 16
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		tb.Fatalf("pool: %v\n%s", err, startHint)
	}
	tb.Cleanup(pool.Close)
	return pool
}

// Querier is what Plan runs EXPLAIN on: a pool, a connection or a
// transaction.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// Plan runs explain (an EXPLAIN statement) with args on q and returns the
// plan's lines joined by newlines.
func Plan(tb testing.TB, q Querier, explain string, args ...any) string {
	tb.Helper()
	rows, err := q.Query(context.Background(), explain, args...)
	if err != nil {
		tb.Fatalf("%s: %v", explain, err)
	}
	lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		tb.Fatalf("%s: %v", explain, err)
	}
	return strings.Join(lines, "\n")
}

func withSearchPath(url, schema string) string {
	sep := "?"
	for i := 0; i < len(url); i++ {
		if url[i] == '?' {
			sep = "&"
		}
	}
	return url + sep + "search_path=" + schema
}
