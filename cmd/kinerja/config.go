package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"slices"
	"strconv"
	"time"
	"unicode"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/adapters/auth"
	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/adapters/rebuild"
)

// Config is the whole configuration of kinerja, read from environment
// variables and flags (a flag wins over its variable).
type Config struct {
	// DatabaseURL is the PostgreSQL database of read models and, with the
	// postgres event store, of the event log. It is created if missing.
	DatabaseURL string
	// ReadDatabaseURL is the PostgreSQL database serve answers read-model
	// queries from (a streaming replica of DatabaseURL); by default the same.
	ReadDatabaseURL string
	// EventStore is "postgres" or an esdb:// URL of EventStoreDB.
	EventStore string
	// Addr is the host:port serve listens on; port 0 picks a free port.
	Addr string
	// LogLevel is the lowest level logged.
	LogLevel slog.Level
	// JWTSecret is the HS256 secret of bearer tokens. With neither it nor
	// JWKSURL set, serve serves no /v1 API.
	JWTSecret string
	// JWKSURL is where RS256/ES256 token keys are published (instead of JWTSecret).
	JWKSURL string
	// JWTIssuer, when set, must be the iss claim of every token.
	JWTIssuer string
	// JWTAudience, when set, must be among the aud values of every token.
	JWTAudience string
	// JWTMaxTTL is the longest lifetime a token may claim (exp - iat).
	JWTMaxTTL time.Duration
	// ShutdownTimeout bounds how long serve waits for in-flight requests
	// after SIGINT or SIGTERM.
	ShutdownTimeout time.Duration
	// Projections runs the projections inside serve (and demo); off leaves
	// them to "kinerja project" workers.
	Projections bool
	// AccessLogRetention is how long entries of the access log (who read
	// which personal data) are kept; serve purges older ones every hour.
	AccessLogRetention time.Duration
	// ReplaysPerInstansi caps the replays one instansi keeps over HTTP
	// (each for rebuild.DefaultReplayTTL); other instansi's replays and
	// those built from the command line do not count.
	ReplaysPerInstansi int
	// IdempotencyTTL is how long an Idempotency-Key is kept: a retry within
	// it gets the first response; afterwards the key is purged.
	IdempotencyTTL time.Duration
	// ProblemBaseURL is the base of the type URIs of problem responses:
	// by default the pages the binary serves at /problems/.
	ProblemBaseURL string
}

// setting ties one Config field to its environment variable, flag and
// default. The table in settings is the single source of all three.
type setting struct {
	env, flag, def, usage string
	set                   func(c *Config, v string) error
}

func settings() []setting {
	return []setting{
		{"DATABASE_URL", "database-url", "postgres://postgres@127.0.0.1:5432/kinerja?sslmode=disable",
			"PostgreSQL URL; the database is created if missing",
			func(c *Config, v string) error { c.DatabaseURL = v; return nil }},
		{"KINERJA_READ_DATABASE_URL", "read-database-url", "",
			"PostgreSQL URL of a read replica for read-model queries (default: DATABASE_URL)",
			func(c *Config, v string) error { c.ReadDatabaseURL = v; return nil }},
		{"KINERJA_EVENTSTORE", "eventstore", "postgres", "event store: postgres or an esdb:// URL",
			func(c *Config, v string) error { c.EventStore = v; return nil }},
		{"KINERJA_ADDR", "addr", "127.0.0.1:8080", "HTTP listen address host:port",
			func(c *Config, v string) error { c.Addr = v; return nil }},
		{"KINERJA_LOG_LEVEL", "log-level", "info", "log level: debug, info, warn or error",
			func(c *Config, v string) error { return c.LogLevel.UnmarshalText([]byte(v)) }},
		{"KINERJA_JWT_SECRET", "jwt-secret", "", "HS256 secret for bearer tokens, at least 32 bytes (optional)",
			func(c *Config, v string) error { c.JWTSecret = v; return nil }},
		{"KINERJA_JWKS_URL", "jwks-url", "", "URL of the JWKS with RS256/ES256 token keys (instead of a secret)",
			func(c *Config, v string) error { c.JWKSURL = v; return nil }},
		{"KINERJA_JWT_ISSUER", "jwt-issuer", "", "required iss claim of bearer tokens (optional)",
			func(c *Config, v string) (err error) { c.JWTIssuer, err = claimValue(v); return err }},
		{"KINERJA_JWT_AUDIENCE", "jwt-audience", "", "required aud claim of bearer tokens (optional)",
			func(c *Config, v string) (err error) { c.JWTAudience, err = claimValue(v); return err }},
		{"KINERJA_JWT_MAX_TTL", "jwt-max-ttl", "24h", "longest lifetime (exp - iat) a bearer token may claim",
			func(c *Config, v string) (err error) { c.JWTMaxTTL, err = time.ParseDuration(v); return err }},
		{"KINERJA_SHUTDOWN_TIMEOUT", "shutdown-timeout", "15s", "how long in-flight requests may take to finish on shutdown",
			func(c *Config, v string) (err error) { c.ShutdownTimeout, err = time.ParseDuration(v); return err }},
		{"KINERJA_PROJECTIONS", "projections", "on", "run the projections inside serve: on, or off to leave them to 'kinerja project' workers",
			func(c *Config, v string) (err error) { c.Projections, err = parseOnOff(v); return err }},
		{"KINERJA_ACCESS_LOG_RETENTION", "access-log-retention", "365d", "how long the access log keeps who read which personal data: days (365d) or a duration (720h), at least 1h",
			func(c *Config, v string) (err error) { c.AccessLogRetention, err = parseRetention(v); return err }},
		{"KINERJA_REPLAYS_PER_INSTANSI", "replays-per-instansi", "5", "replays one instansi may keep (POST /v1/replays), 1 to 10; each expires 24h after it was built",
			func(c *Config, v string) (err error) { c.ReplaysPerInstansi, err = strconv.Atoi(v); return err }},
		{"KINERJA_IDEMPOTENCY_TTL", "idempotency-ttl", "24h", "how long an Idempotency-Key is kept for retries, then purged (1m to 720h)",
			func(c *Config, v string) (err error) { c.IdempotencyTTL, err = time.ParseDuration(v); return err }},
		{"KINERJA_PROBLEM_BASE_URL", "problem-base-url", "/problems/", "base of problem type URIs: an https URL the deployment owns, or the pages this binary serves (/problems/)",
			func(c *Config, v string) error { c.ProblemBaseURL = v; return nil }},
	}
}

// parseOnOff reads a switch: on or off.
func parseOnOff(v string) (bool, error) {
	switch v {
	case "on":
		return true, nil
	case "off":
		return false, nil
	}
	return false, errors.New("want on or off")
}

// DefaultConfig returns the configuration used when nothing is set.
func DefaultConfig() Config {
	var c Config
	for _, s := range settings() {
		if err := s.set(&c, s.def); err != nil {
			panic(fmt.Sprintf("default of %s: %v", s.env, err)) // a programming error in the table.
		}
	}
	c.ReadDatabaseURL = c.DatabaseURL
	return c
}

// configFlags holds the flag values of the settings registered on one
// command's flag set.
type configFlags struct {
	fs     *flag.FlagSet
	values map[string]*string
}

// bindConfig registers on fs a flag for each setting the command named by
// fs reads (see usages); load then reads only those settings, from the
// environment too.
func bindConfig(fs *flag.FlagSet) *configFlags {
	cf := &configFlags{fs: fs, values: map[string]*string{}}
	reads := usageOf(fs.Name()).settings
	for _, s := range settings() {
		if slices.Contains(reads, s.flag) {
			cf.values[s.flag] = fs.String(s.flag, "", fmt.Sprintf("%s (env %s, default %q)", s.usage, s.env, s.def))
		}
	}
	return cf
}

// load builds the Config from defaults, then the environment, then the flags
// that were set, and validates it; settings the command does not read keep
// their defaults. Errors name the variable or flag, and are usage errors
// (exit 2) whether the value came from a flag or from the environment:
// either way the command was started wrongly and did nothing.
func (cf *configFlags) load(getenv func(string) string) (Config, error) {
	set := map[string]bool{}
	cf.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	c := DefaultConfig()
	for _, s := range settings() {
		if cf.values[s.flag] == nil {
			continue
		}
		v, source := s.def, s.env+" (-"+s.flag+")"
		if ev := getenv(s.env); ev != "" {
			v = ev
		}
		if set[s.flag] {
			v, source = *cf.values[s.flag], "-"+s.flag
		}
		if err := s.set(&c, v); err != nil {
			return Config{}, &usageError{err: fmt.Errorf("invalid %s %q: %w", source, v, err)}
		}
	}
	if c.ReadDatabaseURL == "" {
		c.ReadDatabaseURL = c.DatabaseURL
	}
	if err := c.Validate(); err != nil {
		return Config{}, &usageError{err: err}
	}
	return c, nil
}

// issuance is who the tokens kinerja mints (token, demo, bench) are from
// and for: what the server configured by c requires.
func (c Config) issuance() auth.Issuance {
	return auth.Issuance{Issuer: c.JWTIssuer, Audience: c.JWTAudience}
}

// Validate reports the first setting that cannot work, naming its
// environment variable.
func (c Config) Validate() error {
	if err := validateDatabaseURL(c.DatabaseURL); err != nil {
		return fmt.Errorf("invalid DATABASE_URL (-database-url): %w", err)
	}
	if err := validateDatabaseURL(c.ReadDatabaseURL); err != nil {
		return fmt.Errorf("invalid KINERJA_READ_DATABASE_URL (-read-database-url): %w", err)
	}
	if err := validateEventStore(c.EventStore); err != nil {
		return fmt.Errorf("invalid KINERJA_EVENTSTORE (-eventstore) %q: %w", redactURL(c.EventStore), err)
	}
	if err := validateAddr(c.Addr); err != nil {
		return fmt.Errorf("invalid KINERJA_ADDR (-addr) %q: %w", c.Addr, err)
	}
	if c.JWTSecret != "" {
		if err := auth.CheckSecret([]byte(c.JWTSecret)); err != nil {
			return fmt.Errorf("invalid KINERJA_JWT_SECRET (-jwt-secret): %w", err)
		}
	}
	if c.JWTMaxTTL <= 0 {
		return fmt.Errorf("invalid KINERJA_JWT_MAX_TTL (-jwt-max-ttl) %s: must be positive", c.JWTMaxTTL)
	}
	if c.JWTSecret != "" && c.JWKSURL != "" {
		return errors.New("set KINERJA_JWT_SECRET or KINERJA_JWKS_URL, not both")
	}
	if u, err := url.Parse(c.JWKSURL); c.JWKSURL != "" && (err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "") {
		return fmt.Errorf("invalid KINERJA_JWKS_URL (-jwks-url) %q: want an http(s) URL", c.JWKSURL)
	}
	if c.ShutdownTimeout <= 0 {
		return fmt.Errorf("invalid KINERJA_SHUTDOWN_TIMEOUT (-shutdown-timeout) %s: must be positive", c.ShutdownTimeout)
	}
	if c.AccessLogRetention < time.Hour {
		return fmt.Errorf("invalid KINERJA_ACCESS_LOG_RETENTION (-access-log-retention) %s: must be at least 1h", c.AccessLogRetention)
	}
	if c.ReplaysPerInstansi < 1 || c.ReplaysPerInstansi > rebuild.DefaultMaxReplays {
		return fmt.Errorf("invalid KINERJA_REPLAYS_PER_INSTANSI (-replays-per-instansi) %d: must be from 1 to %d", c.ReplaysPerInstansi, rebuild.DefaultMaxReplays)
	}
	if c.IdempotencyTTL < time.Minute || c.IdempotencyTTL > 720*time.Hour {
		return fmt.Errorf("invalid KINERJA_IDEMPOTENCY_TTL (-idempotency-ttl) %s: must be between 1m and 720h", c.IdempotencyTTL)
	}
	if err := httpapi.ValidateProblemBaseURL(c.ProblemBaseURL); err != nil {
		return fmt.Errorf("invalid KINERJA_PROBLEM_BASE_URL (-problem-base-url): %w", err)
	}
	return nil
}

func validateDatabaseURL(v string) error {
	u, err := url.Parse(v)
	if err != nil {
		return errors.New("not a URL") // url's error would repeat the password.
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return fmt.Errorf("scheme %q, want postgres://", u.Scheme)
	}
	// pgxpool's parser, which reads the pool_* parameters too (a bad
	// pool_max_conns failed only when the pool was opened).
	pc, err := pgxpool.ParseConfig(v)
	if err != nil {
		return err
	}
	if pc.ConnConfig.Database == "" {
		return errors.New("names no database")
	}
	return nil
}

func validateAddr(v string) error {
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		return err
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("port %q is not a number from 0 to 65535", port)
	}
	return nil
}

// newLogger returns the JSON logger every command logs with.
func newLogger(c Config, e *env) *slog.Logger {
	return slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: c.LogLevel}))
}

// claimValue checks the value a token's iss or aud must have: printable
// text of at most 500 bytes (a newline or a control character, which no
// token can match, was accepted and refused every token).
func claimValue(v string) (string, error) {
	if len(v) > 500 {
		return "", errors.New("longer than 500 bytes")
	}
	for _, r := range v {
		if !unicode.IsPrint(r) {
			return "", fmt.Errorf("holds the character %U, which no token's claim should", r)
		}
	}
	return v, nil
}
