package pgtest

import (
	"bytes"
	"context"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
)

// TestTemplateMatchesMigrations checks that a schema made from the template
// is the schema the migrations make: pg_dump writes both out the same,
// their names aside, tables, functions, triggers, indexes, partitions and
// rows (the migrations' own times excepted).
func TestTemplateMatchesMigrations(t *testing.T) {
	if _, err := templateScript(); err != nil {
		t.Fatalf("no template (pg_dump is in postgresql-client, beside the server): %v", err)
	}
	migrated := newSchema(t, false)
	cloned := newSchema(t, true)
	a, b := dumpSchema(t, migrated.Name), dumpSchema(t, cloned.Name)
	if !bytes.Equal(a, b) {
		t.Errorf("the schema from the template differs from the migrated one:\n%s", firstDifference(a, b))
	}
	if len(a) < 10000 || !bytes.Contains(a, []byte("CREATE TABLE SCHEMA.events")) {
		t.Fatalf("the dump is not of a migrated schema (%d bytes)", len(a))
	}
	var n int
	if err := cloned.Pool.QueryRow(context.Background(), `SELECT count(*) FROM schema_migrations`).Scan(&n); err != nil || n == 0 {
		t.Errorf("schema_migrations of the schema from the template: %d rows, %v", n, err)
	}
}

// appliedAt matches the time a migration was applied in a dumped row.
var appliedAt = regexp.MustCompile(`(INSERT INTO SCHEMA\.schema_migrations VALUES \(\d+, '[^']*', )'[^']*'\);`)

// dumpSchema writes out the schema name, its name replaced by SCHEMA.
func dumpSchema(t *testing.T, name string) []byte {
	t.Helper()
	out, err := exec.Command("pg_dump", "--no-owner", "--no-privileges", "--inserts", "--schema", name, "--dbname", URL()).Output()
	if err != nil {
		t.Fatalf("pg_dump %s: %v", name, err)
	}
	out = regexp.MustCompile(`(?m)^\\(un)?restrict .*$`).ReplaceAll(out, nil)
	out = bytes.ReplaceAll(out, []byte(name), []byte("SCHEMA"))
	return appliedAt.ReplaceAll(out, []byte("${1}'T');"))
}

// firstDifference shows the first line where a and b differ.
func firstDifference(a, b []byte) string {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := 0; i < len(la) && i < len(lb); i++ {
		if !bytes.Equal(la[i], lb[i]) {
			return "line " + strconv.Itoa(i+1) + ":\n  migrated: " + string(la[i]) + "\n  template: " + string(lb[i])
		}
	}
	return "one is longer: " + strconv.Itoa(len(la)) + " against " + strconv.Itoa(len(lb)) + " lines"
}
