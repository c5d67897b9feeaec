package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestDefaultConfig(t *testing.T) {
	c := DefaultConfig()
	want := Config{
		DatabaseURL:     "postgres://postgres@127.0.0.1:5432/kinerja?sslmode=disable",
		ReadDatabaseURL: "postgres://postgres@127.0.0.1:5432/kinerja?sslmode=disable",
		EventStore:      "postgres",
		Addr:            "127.0.0.1:8080",
		LogLevel:        slog.LevelInfo,
		JWTMaxTTL:       24 * time.Hour,
		ShutdownTimeout: 15 * time.Second,
		Projections:     true,
		IdempotencyTTL:  24 * time.Hour,

		AccessLogRetention: 365 * 24 * time.Hour,
		ReplaysPerInstansi: 5,
		ProblemBaseURL:     "/problems/",
	}
	if c != want {
		t.Fatalf("DefaultConfig() = %+v, want %+v", c, want)
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("the defaults do not validate: %v", err)
	}
}

// loadFrom loads a Config the way a command does, from env and flags.
func loadFrom(env map[string]string, args ...string) (Config, error) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError) // serve reads every setting
	fs.SetOutput(io.Discard)
	cf := bindConfig(fs)
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	return cf.load(func(k string) string { return env[k] })
}

func TestLoadConfig(t *testing.T) {
	secret := "4f1c9e27b8d3a6051e7f2c94d8b3a6e0c5f19d2e7b4a8c3061f9e2d7b5a4c830"
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		check   func(Config) bool
		wantErr string // a substring of the error; "" for success
	}{
		{name: "env sets", env: map[string]string{"KINERJA_ADDR": "0.0.0.0:9000", "KINERJA_LOG_LEVEL": "debug", "KINERJA_SHUTDOWN_TIMEOUT": "3s"},
			check: func(c Config) bool {
				return c.Addr == "0.0.0.0:9000" && c.LogLevel == slog.LevelDebug && c.ShutdownTimeout == 3*time.Second
			}},
		{name: "flag wins over env", env: map[string]string{"KINERJA_ADDR": "0.0.0.0:9000"}, args: []string{"-addr", "127.0.0.1:0"},
			check: func(c Config) bool { return c.Addr == "127.0.0.1:0" }},
		{name: "esdb URL accepted", env: map[string]string{"KINERJA_EVENTSTORE": "esdb://127.0.0.1:2113?tls=false"},
			check: func(c Config) bool { return c.EventStore == "esdb://127.0.0.1:2113?tls=false" }},
		{name: "jwt secret", env: map[string]string{"KINERJA_JWT_SECRET": secret},
			check: func(c Config) bool { return c.JWTSecret == secret }},
		{name: "bad duration", env: map[string]string{"KINERJA_SHUTDOWN_TIMEOUT": "soon"}, wantErr: `invalid KINERJA_SHUTDOWN_TIMEOUT (-shutdown-timeout) "soon"`},
		{name: "bad duration flag", args: []string{"-shutdown-timeout", "x"}, wantErr: `invalid -shutdown-timeout "x"`},
		{name: "negative duration", env: map[string]string{"KINERJA_SHUTDOWN_TIMEOUT": "-1s"}, wantErr: "KINERJA_SHUTDOWN_TIMEOUT"},
		{name: "idempotency TTL", env: map[string]string{"KINERJA_IDEMPOTENCY_TTL": "48h"},
			check: func(c Config) bool { return c.IdempotencyTTL == 48*time.Hour }},
		{name: "idempotency TTL too short", env: map[string]string{"KINERJA_IDEMPOTENCY_TTL": "1s"}, wantErr: "invalid KINERJA_IDEMPOTENCY_TTL"},
		{name: "problem base URL", env: map[string]string{"KINERJA_PROBLEM_BASE_URL": "https://kinerja.bkd.example.go.id/masalah/"},
			check: func(c Config) bool { return c.ProblemBaseURL == "https://kinerja.bkd.example.go.id/masalah/" }},
		{name: "problem base URL without scheme", env: map[string]string{"KINERJA_PROBLEM_BASE_URL": "kinerja.go.id/problems/"}, wantErr: "invalid KINERJA_PROBLEM_BASE_URL"},
		{name: "bad level", env: map[string]string{"KINERJA_LOG_LEVEL": "loud"}, wantErr: `invalid KINERJA_LOG_LEVEL (-log-level) "loud"`},
		{name: "bad URL scheme", env: map[string]string{"DATABASE_URL": "mysql://localhost/kinerja"}, wantErr: "invalid DATABASE_URL"},
		{name: "URL without database", env: map[string]string{"DATABASE_URL": "postgres://postgres@127.0.0.1:5432"}, wantErr: "names no database"},
		{name: "unparsable URL hides password", env: map[string]string{"DATABASE_URL": "postgres://u:hunter2@[::1/x"}, wantErr: "invalid DATABASE_URL"},
		{name: "bad event store", env: map[string]string{"KINERJA_EVENTSTORE": "mongodb://x"}, wantErr: "invalid KINERJA_EVENTSTORE"},
		{name: "addr without port", env: map[string]string{"KINERJA_ADDR": "localhost"}, wantErr: "invalid KINERJA_ADDR"},
		{name: "addr bad port", env: map[string]string{"KINERJA_ADDR": "localhost:http99"}, wantErr: "invalid KINERJA_ADDR"},
		{name: "short jwt secret", env: map[string]string{"KINERJA_JWT_SECRET": "short"}, wantErr: "invalid KINERJA_JWT_SECRET"},
		{name: "low-entropy jwt secret", env: map[string]string{"KINERJA_JWT_SECRET": strings.Repeat("a", 32)}, wantErr: "invalid KINERJA_JWT_SECRET"},
		{name: "repeated-word jwt secret", env: map[string]string{"KINERJA_JWT_SECRET": strings.Repeat("kinerja!", 8)}, wantErr: "invalid KINERJA_JWT_SECRET"},
		{name: "jwt audience and max ttl", env: map[string]string{"KINERJA_JWT_AUDIENCE": "kinerja-api", "KINERJA_JWT_MAX_TTL": "8h"},
			check: func(c Config) bool { return c.JWTAudience == "kinerja-api" && c.JWTMaxTTL == 8*time.Hour }},
		{name: "issuer with a newline", env: map[string]string{"KINERJA_JWT_ISSUER": "https://sso\n"}, wantErr: "invalid KINERJA_JWT_ISSUER"},
		{name: "audience with a control character", env: map[string]string{"KINERJA_JWT_AUDIENCE": "api\x01"}, wantErr: "invalid KINERJA_JWT_AUDIENCE"},
		{name: "default max ttl", check: func(c Config) bool { return c.JWTMaxTTL == 24*time.Hour }},
		{name: "zero max ttl", env: map[string]string{"KINERJA_JWT_MAX_TTL": "0s"}, wantErr: "invalid KINERJA_JWT_MAX_TTL"},
		{name: "projections off", env: map[string]string{"KINERJA_PROJECTIONS": "off"}, check: func(c Config) bool { return !c.Projections }},
		{name: "projections flag", env: map[string]string{"KINERJA_PROJECTIONS": "off"}, args: []string{"-projections", "on"},
			check: func(c Config) bool { return c.Projections }},
		{name: "projections neither", env: map[string]string{"KINERJA_PROJECTIONS": "yes"}, wantErr: `invalid KINERJA_PROJECTIONS (-projections) "yes": want on or off`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := loadFrom(tt.env, tt.args...)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want one containing %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "hunter2") {
					t.Fatalf("error reveals the password: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if !tt.check(c) {
				t.Fatalf("config = %+v", c)
			}
		})
	}
}

// TestBadSettingExitsTwoFromEitherSource: a value that cannot work was a
// wrong command line (exit 2) given as a flag, but exit 1 from the
// environment, so a script could not tell a bad KINERJA_... value from a
// failure of the work. Both exit 2, with a message naming the variable.
func TestBadSettingExitsTwoFromEitherSource(t *testing.T) {
	for _, tt := range []struct{ env, flag, value string }{
		{"KINERJA_ADDR", "addr", "bogus"},
		{"KINERJA_LOG_LEVEL", "log-level", "verbose"},
		{"KINERJA_SHUTDOWN_TIMEOUT", "shutdown-timeout", "soon"},
		{"KINERJA_JWT_MAX_TTL", "jwt-max-ttl", "0s"},
		{"KINERJA_PROJECTIONS", "projections", "yes"},
		{"KINERJA_REPLAYS_PER_INSTANSI", "replays-per-instansi", "five"},
		{"KINERJA_REPLAYS_PER_INSTANSI", "replays-per-instansi", "50"},
		{"KINERJA_IDEMPOTENCY_TTL", "idempotency-ttl", "1s"},
		{"KINERJA_ACCESS_LOG_RETENTION", "access-log-retention", "forever"},
		{"DATABASE_URL", "database-url", "postgres://127.0.0.1/kinerja?pool_max_conns=many"},
		{"DATABASE_URL", "database-url", "mysql://127.0.0.1/kinerja"},
		{"KINERJA_EVENTSTORE", "eventstore", "mongodb://x"},
	} {
		for source, args := range map[string][]string{
			"environment": {"serve"},
			"flag":        {"serve", "-" + tt.flag, tt.value},
		} {
			vars, name := map[string]string{}, "-"+tt.flag
			if source == "environment" {
				vars[tt.env], name = tt.value, tt.env
			}
			var out, errOut, msg syncBuffer
			err := run(context.Background(), args, mapEnv(vars), &out, &errOut)
			if code := report(err, &msg); code != 2 || !strings.Contains(msg.String(), name) {
				t.Errorf("%s=%q from the %s: exit %d, %q; want 2 and a message naming %s", tt.env, tt.value, source, code, msg.String(), name)
			}
		}
	}
	// A bad value from the environment beside a good flag is still named.
	var ue *usageError
	if _, err := loadFrom(map[string]string{"KINERJA_ADDR": "bogus"}, "-log-level", "debug"); !errors.As(err, &ue) || !strings.Contains(err.Error(), "KINERJA_ADDR") {
		t.Errorf("a bad environment value beside a good flag: %v, want a usage error naming KINERJA_ADDR", err)
	}
}
