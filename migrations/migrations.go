// Package migrations holds Kinerja's PostgreSQL schema as embedded, numbered
// SQL files and applies them: in order, each in its own transaction, recorded
// in schema_migrations, serialised across processes by an advisory lock, so it
// is safe to run twice and from two processes at once.
package migrations

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

//go:embed *.sql
var files embed.FS

// Migration is one numbered SQL file.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// All returns the embedded migrations in version order.
func All() ([]Migration, error) {
	names, err := fs.Glob(files, "*.sql")
	if err != nil {
		return nil, err
	}
	var out []Migration
	for _, n := range names {
		num, _, ok := strings.Cut(n, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration file %s: name must start with a number and '_'", n)
		}
		b, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: n, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for i := 1; i < len(out); i++ {
		if out[i].Version == out[i-1].Version {
			return nil, fmt.Errorf("migrations %s and %s share version %d", out[i-1].Name, out[i].Name, out[i].Version)
		}
	}
	return out, nil
}

// Apply applies every pending migration to the schema the pool's connections
// use (their search_path) and returns the names of those it applied.
func Apply(ctx context.Context, pool *pgxpool.Pool) ([]string, error) {
	all, err := All()
	if err != nil {
		return nil, err
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: connect: %w", err)
	}
	defer conn.Release()
	// One lock per schema, so tests in separate schemas do not wait on each other.
	const lockSQL = `SELECT pg_advisory_lock(hashtextextended('kinerja.migrate.' || current_schema(), 0))`
	if _, err := conn.Exec(ctx, lockSQL); err != nil {
		return nil, fmt.Errorf("migrate: lock: %w", err)
	}
	defer func() {
		_, _ = conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(hashtextextended('kinerja.migrate.' || current_schema(), 0))`)
	}()
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return nil, fmt.Errorf("migrate: create schema_migrations: %w", err)
	}
	if err := checkNewer(ctx, conn.Conn(), all); err != nil {
		return nil, err
	}
	var applied []string
	for _, m := range all {
		done, err := applyOne(ctx, conn.Conn(), m)
		if err != nil {
			return applied, err
		}
		if done {
			applied = append(applied, m.Name)
		}
	}
	return applied, nil
}

// ErrNewerSchema is what Apply and Check return (wrapped in a
// *NewerSchemaError) when the database has a migration newer than this
// binary's newest: a binary rolled back after a migration, which must not
// migrate, write or project there.
var ErrNewerSchema = errors.New("the database schema is newer than this binary")

// NewerSchemaError names the database's newest migration and the binary's.
type NewerSchemaError struct {
	Database Migration // Version and Name only
	Binary   Migration // Version and Name only
}

func (e *NewerSchemaError) Error() string {
	return fmt.Sprintf("the database has migration %s, newer than this binary's newest, %s: "+
		"this kinerja is older than the schema (rolled back?); run the version that applied %s or a newer one",
		e.Database.Name, e.Binary.Name, e.Database.Name)
}

func (e *NewerSchemaError) Unwrap() error { return ErrNewerSchema }

// Check returns a *NewerSchemaError when the schema the pool uses has a
// migration newer than this binary's newest, and nil when it has none
// (or no schema_migrations at all). It changes nothing: for read-only
// commands, which warn instead of refusing.
func Check(ctx context.Context, pool *pgxpool.Pool) error {
	all, err := All()
	if err != nil {
		return err
	}
	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("check migrations: connect: %w", err)
	}
	defer conn.Release()
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return fmt.Errorf("check migrations: %w", err)
	}
	if !exists {
		return nil
	}
	return checkNewer(ctx, conn.Conn(), all)
}

// checkNewer compares the newest migration recorded in schema_migrations
// with the newest of all (this binary's).
func checkNewer(ctx context.Context, conn *pgx.Conn, all []Migration) error {
	if len(all) == 0 {
		return nil
	}
	var db Migration
	err := conn.QueryRow(ctx, `SELECT version, name FROM schema_migrations ORDER BY version DESC LIMIT 1`).Scan(&db.Version, &db.Name)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("migrate: read schema_migrations: %w", err)
	}
	bin := all[len(all)-1]
	if db.Version > bin.Version {
		return &NewerSchemaError{Database: db, Binary: Migration{Version: bin.Version, Name: bin.Name}}
	}
	return nil
}

func applyOne(ctx context.Context, conn *pgx.Conn, m Migration) (bool, error) {
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, m.Version).Scan(&exists); err != nil {
		return false, fmt.Errorf("migrate %s: %w", m.Name, err)
	}
	if exists {
		return false, nil
	}
	err := pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("migrate %s: %w", m.Name, err)
	}
	return true, nil
}

// EnsureDatabase creates the database named in databaseURL if it does not
// exist, connecting to the server's "postgres" database to do so. Two
// processes racing to create it both succeed.
func EnsureDatabase(ctx context.Context, databaseURL string) error {
	cfg, err := pgx.ParseConfig(databaseURL)
	if err != nil {
		return fmt.Errorf("parse DATABASE_URL: %w", err)
	}
	name := cfg.Database
	if name == "" {
		return errors.New("DATABASE_URL names no database")
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err == nil {
		return conn.Close(ctx)
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "3D000" { // invalid_catalog_name
		return fmt.Errorf("connect to %s: %w", redact(databaseURL), err)
	}
	admin := cfg.Copy()
	admin.Database = "postgres"
	ac, err := pgx.ConnectConfig(ctx, admin)
	if err != nil {
		return fmt.Errorf("connect to database postgres to create %q: %w", name, err)
	}
	defer ac.Close(ctx)
	_, err = ac.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	if errors.As(err, &pgErr) && (pgErr.Code == "42P04" || pgErr.Code == "23505") { // created meanwhile
		return nil
	}
	if err != nil {
		return fmt.Errorf("create database %q: %w", name, err)
	}
	return nil
}

// redact hides the password of a database URL for messages.
func redact(databaseURL string) string { return RedactURL(databaseURL) }

// RedactURL hides the passwords of a database URL for logs and messages:
// the one in its user info and the password and sslpassword parameters of
// its query (pgx and libpq take both).
func RedactURL(databaseURL string) string {
	u, err := url.Parse(databaseURL)
	if err != nil {
		return "(unparsable database URL)"
	}
	q := u.Query()
	for _, k := range []string{"password", "sslpassword"} {
		if q.Has(k) {
			q.Set(k, "xxxxx")
		}
	}
	u.RawQuery = q.Encode()
	return u.Redacted()
}
