package main

import (
	"strings"
	"testing"
)

// TestRedactURLHidesEveryPassword: a password given as a query parameter
// (?password=, which pgx and libpq take) was logged in clear on every start
// ("ensuring database exists"), as was one of a keyword/value string.
func TestRedactURLHidesEveryPassword(t *testing.T) {
	for _, raw := range []string{
		"postgres://kinerja:TopSecret@db:5432/kinerja?sslmode=require",
		"postgres://kinerja@db:5432/kinerja?sslmode=disable&password=TopSecret",
		"postgresql://db/kinerja?sslpassword=TopSecret&user=k",
		"host=db user=kinerja password=TopSecret dbname=kinerja",
		"host=db password = 'Top Secret' dbname=kinerja",
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
