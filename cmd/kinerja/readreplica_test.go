package main

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/adapters/auth"
	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/migrations"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
)

// pgBin is where Debian installs the PostgreSQL 15 server programs.
const pgBin = "/usr/lib/postgresql/15/bin"

// replicaPair starts a PostgreSQL primary of its own (initdb) and a hot
// standby streaming from it (pg_basebackup -R), each on a free port, and
// returns the URLs of the database "kinerja" on both. Run as root, the
// servers run as the user postgres. Both are stopped when the test ends.
func replicaPair(t *testing.T) (primary, replica string) {
	t.Helper()
	dir, err := os.MkdirTemp("", "kinerja-replica-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	pg := func(name string, args ...string) {
		t.Helper()
		cmd := exec.Command(filepath.Join(pgBin, name), args...)
		if os.Geteuid() == 0 {
			cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(pgBin, name)}, args...)...)
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s %v: %v\n%s\n(needs the PostgreSQL 15 server programs in %s and, as root, the user postgres)", name, args, err, out, pgBin)
		}
	}
	if os.Geteuid() == 0 {
		if _, err := user.Lookup("postgres"); err != nil {
			t.Fatalf("running as root needs the user postgres to run the servers: %v", err)
		}
	}
	pport, rport := freePort(t), freePort(t)
	pdir, rdir := filepath.Join(dir, "primary"), filepath.Join(dir, "replica")
	pg("initdb", "-D", pdir, "-U", "postgres", "--auth=trust", "--no-sync")
	opts := func(port int) string {
		return fmt.Sprintf("-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off -c hot_standby=on", port, dir)
	}
	pg("pg_ctl", "-D", pdir, "-l", filepath.Join(dir, "primary.log"), "-w", "-o", opts(pport), "start")
	t.Cleanup(func() { pg("pg_ctl", "-D", pdir, "-m", "immediate", "stop") })
	primary = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/kinerja?sslmode=disable", pport)
	replica = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/kinerja?sslmode=disable", rport)
	if err := migrations.EnsureDatabase(context.Background(), primary); err != nil {
		t.Fatal(err)
	}
	// A fast checkpoint: the default spread one made the backup wait 93 s.
	pg("pg_basebackup", "-h", "127.0.0.1", "-p", strconv.Itoa(pport), "-U", "postgres", "-D", rdir, "-R", "-X", "stream", "--checkpoint=fast")
	pg("pg_ctl", "-D", rdir, "-l", filepath.Join(dir, "replica.log"), "-w", "-o", opts(rport), "start")
	t.Cleanup(func() { pg("pg_ctl", "-D", rdir, "-m", "immediate", "stop") })
	return primary, replica
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestServeReadsFromReplica serves with KINERJA_READ_DATABASE_URL naming a
// real streaming replica: read-model queries are answered from it, and
// min_position waits for the replica's checkpoint, not the primary's: with
// the replica's replay paused, a position the primary's projection has
// reached is not reached on the replica, and is once replay resumes.
func TestServeReadsFromReplica(t *testing.T) {
	t.Parallel() // mostly waits for its own servers to start
	primaryURL, replicaURL := replicaPair(t)
	ctx := context.Background()
	sc := &pgtest.Schema{Name: "public", URL: primaryURL, Pool: pgtest.Pool(t, primaryURL)}
	if _, err := migrations.Apply(ctx, sc.Pool); err != nil {
		t.Fatal(err)
	}
	st, err := pgstore.New(sc.Pool, pgstore.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.Close)
	ce := &crashEnv{sc: sc, store: st}
	secret := "kinerja-replica-test-secret-0123456789abc"
	s := startServe(t, sc, map[string]string{"KINERJA_JWT_SECRET": secret, "KINERJA_READ_DATABASE_URL": replicaURL})
	ce.appendWorld(t, projectiontest.Config{Seed: 41, Employees: 10})
	registerCaller(t, sc.Pool, "198202022006042005", "I00", "I00-U00", false)
	tok, err := auth.MintHS256([]byte(secret), auth.Principal{NIP: "198202022006042005", Roles: []actor.Role{actor.HR},
		Instansi: "I00"}, time.Now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	type page struct {
		Total      int `json:"total"`
		Projection struct {
			Position uint64 `json:"position"`
			Reached  bool   `json:"reached"`
		} `json:"projection"`
	}
	standingsAt := func(pos uint64) page {
		var p page
		getJSON(t, s.base+"/v1/standings?min_position="+strconv.FormatUint(pos, 10), tok, &p)
		return p
	}
	head := ce.head(t)
	if p := standingsAt(head); !p.Projection.Reached || p.Total == 0 {
		t.Fatalf("standings from the replica at %d: %+v", head, p)
	}
	rc, err := pgx.Connect(ctx, replicaURL)
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close(ctx)
	if _, err := rc.Exec(ctx, `SELECT pg_wal_replay_pause()`); err != nil {
		t.Fatal(err)
	}
	ce.appendWorld(t, projectiontest.Config{Seed: 42, Employees: 5})
	later := ce.head(t)
	waitFor(t, 60*time.Second, "the primary's standings reach the new head", func() bool {
		cp, err := readside.Checkpoint(ctx, sc.Pool, standings.Name)
		return err == nil && cp >= later
	})
	if p := standingsAt(later); p.Projection.Reached || p.Projection.Position >= later {
		t.Fatalf("with replay paused the replica answered as if at %d: %+v", later, p)
	}
	if _, err := rc.Exec(ctx, `SELECT pg_wal_replay_resume()`); err != nil {
		t.Fatal(err)
	}
	if p := standingsAt(later); !p.Projection.Reached || p.Projection.Position < later {
		t.Fatalf("after replay resumed: %+v, want %d reached", p, later)
	}
}

func TestReadDatabaseURLDefaultsAndValidation(t *testing.T) {
	c, err := loadFrom(map[string]string{"DATABASE_URL": "postgres://u@h/write"})
	if err != nil || c.ReadDatabaseURL != "postgres://u@h/write" {
		t.Fatalf("default read URL = %q (%v), want DATABASE_URL", c.ReadDatabaseURL, err)
	}
	if d := DefaultConfig(); d.ReadDatabaseURL != d.DatabaseURL {
		t.Fatalf("DefaultConfig read URL %q, want %q", d.ReadDatabaseURL, d.DatabaseURL)
	}
	_, err = loadFrom(map[string]string{"KINERJA_READ_DATABASE_URL": "mysql://u:hunter2@h/x"})
	if err == nil || !strings.Contains(err.Error(), "KINERJA_READ_DATABASE_URL") || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("invalid read URL: %v", err)
	}
}
