package pgtest

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/migrations"
)

// A test's schema is made from a template: the migrations are applied once,
// to a schema named after their checksum, which pg_dump then writes out as
// one script; each test runs that script with its own schema's name. The
// script makes the schema the migrations make (TestTemplateMatchesMigrations
// compares the two) in about a fifth of the time, and the suite creates
// hundreds of schemas. Without pg_dump (or with one that cannot dump the
// server) each schema is migrated as before.

// templateToken stands for the schema's name in the script.
const templateToken = "pgtest_schema_name_placeholder"

var template struct {
	once   sync.Once
	script string
	err    error
}

// templateScript returns the script that makes a migrated schema named
// templateToken, or why there is none.
func templateScript() (string, error) {
	template.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		template.script, template.err = buildTemplate(ctx)
	})
	return template.script, template.err
}

// templateName is the template schema of the migrations all: the same
// migrations share it, across test processes and runs.
func templateName(all []migrations.Migration) string {
	h := sha256.New()
	for _, m := range all {
		fmt.Fprintf(h, "%s\x00%s\x00", m.Name, m.SQL)
	}
	return "pgtest_tpl_" + hex.EncodeToString(h.Sum(nil))[:16]
}

func buildTemplate(ctx context.Context) (string, error) {
	pgDump, err := exec.LookPath("pg_dump")
	if err != nil {
		return "", err
	}
	all, err := migrations.All()
	if err != nil {
		return "", err
	}
	tpl := templateName(all)
	if err := ensureTemplate(ctx, tpl); err != nil {
		return "", err
	}
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, pgDump, "--no-owner", "--no-privileges", "--inserts",
		"--schema", tpl, "--dbname", URL())
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("pg_dump: %v: %s", err, bytes.TrimSpace(stderr.Bytes()))
	}
	return scriptOf(out, tpl)
}

// ensureTemplate makes the template schema tpl unless a complete one is
// there: migrated, then marked complete by its comment, under a lock that
// other test processes take too.
func ensureTemplate(ctx context.Context, tpl string) error {
	conn, err := pgx.Connect(ctx, URL())
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	const lock = `SELECT pg_advisory_lock(hashtextextended('kinerja.pgtest.template', 0))`
	if _, err := conn.Exec(ctx, lock); err != nil {
		return err
	}
	var complete bool
	err = conn.QueryRow(ctx, `SELECT coalesce(obj_description(oid, 'pg_namespace') = 'complete', false)
		FROM pg_namespace WHERE nspname = $1`, tpl).Scan(&complete)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return err
	}
	if complete {
		return nil
	}
	id := pgx.Identifier{tpl}.Sanitize()
	if _, err := conn.Exec(ctx, "DROP SCHEMA IF EXISTS "+id+" CASCADE; CREATE SCHEMA "+id); err != nil {
		return err
	}
	pool, err := pgxpool.New(ctx, withSearchPath(URL(), tpl))
	if err != nil {
		return err
	}
	defer pool.Close()
	if _, err := migrations.Apply(ctx, pool); err != nil {
		return err
	}
	_, err = conn.Exec(ctx, "COMMENT ON SCHEMA "+id+" IS 'complete'")
	return err
}

// scriptOf turns pg_dump's output for the schema tpl into a script that
// makes the same schema named templateToken, which the caller has created:
// without psql's meta-commands and the schema's own CREATE and COMMENT.
func scriptOf(dump []byte, tpl string) (string, error) {
	var b strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(dump))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, `\`) || strings.HasPrefix(line, "CREATE SCHEMA ") || strings.HasPrefix(line, "COMMENT ON SCHEMA ") {
			continue
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	script := b.String()
	if strings.Contains(script, templateToken) || !strings.Contains(script, "INSERT INTO "+tpl+".schema_migrations") {
		return "", errors.New("pg_dump's output is not the template's")
	}
	return strings.ReplaceAll(script, tpl, templateToken), nil
}

// fromTemplate makes the schema name, which must not exist, what the
// migrations make it: created and filled by the script in one transaction
// on one of the admin connections. The script sets session settings
// (search_path, check_function_bodies), which are reset after it.
func fromTemplate(ctx context.Context, adm *pgxpool.Pool, script, name string) error {
	conn, err := adm.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	_, err = conn.Exec(ctx, "CREATE SCHEMA "+name+";\n"+replaceToken(script, name))
	if _, rerr := conn.Exec(ctx, "RESET ALL"); rerr != nil {
		// A connection whose settings are unknown is not given back.
		_ = conn.Conn().Close(ctx)
	}
	return err
}

// replaceToken is the template's script for the schema name.
func replaceToken(script, name string) string {
	return strings.ReplaceAll(script, templateToken, name)
}
