package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/migrations"
)

// runDemo creates a fresh demo database (dropping an old one), seeds a
// realistic instansi through the use cases, prints tokens for every role and
// curl commands that work, and serves the API until interrupted.
func runDemo(ctx context.Context, e *env, args []string) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	cf := bindConfig(fs)
	name := fs.String("demo-database", "kinerja_demo", "the demo database, dropped and created again (its name must contain \"demo\")")
	staff := fs.Int("staff-per-bidang", 24, "staff members in each of the 12 bidang")
	noServe := fs.Bool("no-serve", false, "seed and print, then exit without serving")
	if err := parseFlags(fs, e, args); err != nil {
		return helpIsNoError(err)
	}
	cfg, err := cf.load(e.getenv)
	if err != nil {
		return err
	}
	ownSecret := cfg.JWTSecret != ""
	if err := demoConfig(&cfg, *name, *staff); err != nil {
		return &usageError{err: err}
	}
	logger := newLogger(cfg, e)
	// The address is taken before the database is dropped and seeded: a
	// port in use used to fail the demo only after that.
	var ln net.Listener
	if !*noServe {
		var lc net.ListenConfig
		if ln, err = lc.Listen(ctx, "tcp", cfg.Addr); err != nil {
			return fmt.Errorf("listen on %s (KINERJA_ADDR): %w", cfg.Addr, err)
		}
		defer ln.Close()
	}
	if err := recreateDatabase(ctx, cfg.DatabaseURL); err != nil {
		return err
	}
	db, err := openMigrated(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer db.close(slog.LevelDebug)
	o := newDemoOrg(*staff)
	year := time.Now().Year() - 1
	if err := seedDemo(ctx, db, o, year, e.stderr); err != nil {
		return fmt.Errorf("demo: seed: %w", err)
	}
	if *noServe {
		// Nothing listens: the address is where 'kinerja serve' would.
		return printDemo(e.stdout, "http://"+cfg.Addr, cfg, serveLater(cfg, ownSecret), o, year)
	}
	return serveDemo(ctx, e, cfg, logger, db, o, year, ln)
}

// serveLater returns the command that serves the seeded demo database with
// the secret its tokens were minted with: the demo's own random one is
// printed, since no other server could accept them; a configured one is
// the operator's to give again. A password in the URL is not printed.
func serveLater(cfg Config, ownSecret bool) string {
	secret := "KINERJA_JWT_SECRET='" + cfg.JWTSecret + "'"
	if ownSecret {
		secret = "KINERJA_JWT_SECRET=<the same secret>"
	}
	return "DATABASE_URL='" + migrations.RedactURL(cfg.DatabaseURL) + "' " + secret + " KINERJA_ADDR=" + cfg.Addr + " kinerja serve"
}

// demoDatabaseName is the form of a demo database's name: a plain
// identifier (a name with spaces or a ';' was created as given).
var demoDatabaseName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// demoConfig points cfg at the demo database and makes sure tokens can be
// minted: the configured secret, or a random one for this run.
func demoConfig(cfg *Config, name string, staff int) error {
	if !strings.Contains(name, "demo") || !demoDatabaseName.MatchString(name) {
		return fmt.Errorf("demo: -demo-database %q must contain \"demo\" (it is dropped) and be a plain name: "+
			"lower-case letters, digits and _, at most 63", name)
	}
	if staff < 2 || staff > 1000 {
		return fmt.Errorf("demo: -staff-per-bidang %d: want 2 to 1000", staff)
	}
	if cfg.JWKSURL != "" {
		return errors.New("demo: the demo mints its own HS256 tokens; unset KINERJA_JWKS_URL")
	}
	u, err := demoDatabaseURL(cfg.DatabaseURL, name)
	if err != nil {
		return err
	}
	cfg.DatabaseURL = u
	if cfg.JWTSecret == "" {
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		cfg.JWTSecret = hex.EncodeToString(b)
	}
	return nil
}

// demoDatabaseURL returns the database URL raw with its database replaced by
// name, and makes sure that name is the database it connects to: the demo
// drops that database.
func demoDatabaseURL(raw, name string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", errors.New("demo: DATABASE_URL must be a postgres:// URL")
	}
	q := u.Query()
	q.Del("dbname") // the database is the path's
	u.RawQuery = q.Encode()
	u.Path, u.RawPath = "/"+name, ""
	pc, err := pgx.ParseConfig(withoutPoolParams(u.String()))
	if err != nil {
		return "", fmt.Errorf("demo: DATABASE_URL: %w", err)
	}
	if pc.Database != name {
		return "", fmt.Errorf("demo: DATABASE_URL names database %q, not the demo's %q", pc.Database, name)
	}
	return u.String(), nil
}

// recreateDatabase drops the database of url if it exists and creates it.
func recreateDatabase(ctx context.Context, url string) error {
	pc, err := pgx.ParseConfig(withoutPoolParams(url))
	if err != nil {
		return err
	}
	name := pgx.Identifier{pc.Database}.Sanitize()
	pc.Database = "postgres"
	conn, err := pgx.ConnectConfig(ctx, pc)
	if err != nil {
		return fmt.Errorf("demo: connect to the postgres database: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	for _, sql := range []string{"DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "CREATE DATABASE " + name} {
		if _, err := conn.Exec(ctx, sql); err != nil {
			return fmt.Errorf("demo: %s: %w", sql, err)
		}
	}
	return nil
}

// seedDemo seeds master data, the period, a year of SKPs, the organisation
// predikat, one amended score, one decided objection and one to decide.
func seedDemo(ctx context.Context, db *database, o demoOrg, year int, w io.Writer) error {
	svc, err := newService(db, time.Now)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "seeding %s: %d units, %d employees, year %d\n", demoInstansi, len(o.units), len(o.people), year)
	if err := seedMasterData(ctx, svc, o, year); err != nil {
		return err
	}
	y := demoYear{svc: svc, year: year}
	if err := y.openPeriod(ctx); err != nil {
		return err
	}
	var staff []demoPerson
	for _, p := range o.people {
		if p.staff {
			staff = append(staff, p)
		}
	}
	if err := y.evaluateAll(ctx, staff, w); err != nil {
		return err
	}
	if err := y.organisation(ctx, o); err != nil {
		return err
	}
	if err := y.corrections(ctx, staff[1]); err != nil { // o.staff, whose token the demo prints
		return err
	}
	return y.objectionToDecide(ctx, staff[2])
}

// serveDemo prints the tokens and examples and serves until ctx ends.
func serveDemo(ctx context.Context, e *env, cfg Config, logger *slog.Logger, db *database, o demoOrg, year int, ln net.Listener) error {
	access, stopAccess, err := startAccessLog(ctx, cfg, db, logger)
	if err != nil {
		return err
	}
	defer stopAccess()
	api, err := newAPI(cfg, db, logger, access)
	if err != nil {
		return err
	}
	deps, err := withConsole(httpapi.Deps{Logger: logger, Database: db.pool, Events: db.store, API: api}, logger)
	if err != nil {
		return err
	}
	srv, err := httpapi.NewServer(httpapi.ServerConfig{Addr: cfg.Addr, ProblemBaseURL: cfg.ProblemBaseURL}, deps)
	if err != nil {
		return err
	}
	if err := registerAll(srv.Registry(), access.Collectors()); err != nil {
		return err
	}
	if err := printDemo(e.stdout, "http://"+ln.Addr().String(), cfg, "", o, year); err != nil {
		ln.Close()
		return err
	}
	stopProjections, err := serveProjections(ctx, cfg, db, logger, srv)
	if err != nil {
		ln.Close()
		return err
	}
	defer stopProjections()
	return serveUntilDone(ctx, e, cfg, logger, srv, ln)
}
