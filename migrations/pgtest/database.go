package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

// NewDatabase returns the name of a database that does not exist yet, on
// the server of URL() and with its credentials, and a URL that connects to
// it; the name starts with the test database's name, then label. The test
// creates the database (or lets the code under test create it); it is
// dropped when the test ends.
func NewDatabase(tb testing.TB, label string) (name, dbURL string) {
	tb.Helper()
	cfg, err := pgx.ParseConfig(URL())
	if err != nil {
		tb.Fatalf("parse KINERJA_TEST_DATABASE_URL: %v", err)
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	suffix := "_" + label + "_" + hex.EncodeToString(b[:])
	base := cfg.Database
	if len(base)+len(suffix) > 63 {
		base = base[:63-len(suffix)]
	}
	name = base + suffix
	dbURL, err = WithDatabase(URL(), name)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { dropDatabase(tb, name) })
	return name, dbURL
}

// dsnDBName matches the dbname setting of a keyword/value connection string.
var dsnDBName = regexp.MustCompile(`(^|\s)dbname=('[^']*'|\S*)`)

// WithDatabase returns the connection string conn (a URL or keyword/value
// settings) with its database replaced by name.
func WithDatabase(conn, name string) (string, error) {
	if u, err := url.Parse(conn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		u.Path, u.RawPath = "/"+name, ""
		return u.String(), nil
	}
	if _, err := pgx.ParseConfig(conn); err != nil {
		return "", err
	}
	if dsnDBName.MatchString(conn) {
		return dsnDBName.ReplaceAllString(conn, "${1}dbname="+name), nil
	}
	return strings.TrimSpace(conn + " dbname=" + name), nil
}

// dropDatabase drops the database name, ending its sessions.
func dropDatabase(tb testing.TB, name string) {
	ctx := context.Background()
	c, err := pgx.Connect(ctx, URL())
	if err != nil {
		tb.Errorf("drop database %s: %v", name, err)
		return
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
		tb.Errorf("drop database %s: %v", name, err)
	}
}
