package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestRedactURLHidesEveryPassword: a password given as a query parameter
// (?password=, which pgx and libpq take) was logged in clear on every start
// ("ensuring database exists") and in the error when the database could
// not be reached ("ensure database: connect to …").
func TestRedactURLHidesEveryPassword(t *testing.T) {
	for _, raw := range []string{
		"postgres://kinerja:TopSecret@db:5432/kinerja?sslmode=require",
		"postgres://kinerja@db:5432/kinerja?sslmode=disable&password=TopSecret",
		"postgresql://db/kinerja?sslpassword=TopSecret&user=k",
	} {
		got := redactURL(raw)
		if strings.Contains(got, "Secret") {
			t.Errorf("redactURL(%q) = %q: the password shows", raw, got)
		}
		if !strings.Contains(got, "db") {
			t.Errorf("redactURL(%q) = %q: the host is gone", raw, got)
		}
	}
}

// TestUnreachableDatabaseErrorHidesThePassword: the error of a database
// that cannot be reached named the URL with its query password in clear.
func TestUnreachableDatabaseErrorHidesThePassword(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"migrate"}, mapEnv(map[string]string{
		"DATABASE_URL": "postgres://postgres@127.0.0.1:1/kinerja_nowhere?sslmode=disable&password=TopSecret&connect_timeout=2"}), &out, &errOut)
	if err == nil {
		t.Fatal("migrate reached a database on port 1")
	}
	if all := err.Error() + out.String() + errOut.String(); strings.Contains(all, "TopSecret") {
		t.Errorf("the password shows:\n%s", all)
	}
}
