package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"strings"
	"testing"

	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// seedLog appends n events through pgstore, one stream per three events,
// and returns the head hash.
func seedLog(t *testing.T, sc *pgtest.Schema, n int) string {
	t.Helper()
	ctx := context.Background()
	st, err := pgstore.New(sc.Pool, pgstore.Config{NotifyChannel: "kinerja_events_" + sc.Name})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := 0; i < n; i++ {
		stream := fmt.Sprintf("skp-19860926201505100%d-2025", i/3)
		if _, err := st.Append(ctx, stream, eventlog.Any, eventstoretest.Event("skp.realisation_reported", i)); err != nil {
			t.Fatalf("append event %d: %v", i, err)
		}
	}
	_, hash, err := st.Head(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(hash)
}

// tamper runs statements with the immutability triggers bypassed, as a
// superuser could.
func tamper(t *testing.T, sc *pgtest.Schema, stmts ...string) {
	t.Helper()
	ctx := context.Background()
	conn, err := sc.Pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Release()
	defer conn.Exec(ctx, `SET session_replication_role = DEFAULT`)
	if _, err := conn.Exec(ctx, `SET session_replication_role = replica`); err != nil {
		t.Fatalf("bypass the triggers (needs a superuser): %v", err)
	}
	for _, s := range stmts {
		if _, err := conn.Exec(ctx, s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// auditVerify runs "kinerja audit verify" on the schema's database.
func auditVerify(t *testing.T, sc *pgtest.Schema) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut syncBuffer
	err = run(context.Background(), []string{"audit", "verify"}, mapEnv(map[string]string{"DATABASE_URL": sc.URL}), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestAuditVerifyCleanLog(t *testing.T) {
	sc := pgtest.New(t)
	head := seedLog(t, sc, 10)
	out, errOut, err := auditVerify(t, sc)
	if err != nil {
		t.Fatalf("audit verify on an untouched log: %v\n%s", err, errOut)
	}
	want := fmt.Sprintf("verified 10 events; head position 10; head hash %s\n", head)
	if out != want {
		t.Fatalf("stdout = %q, want %q", out, want)
	}
	if !strings.Contains(errOut, "verified 10/10 events (100%)\n") {
		t.Fatalf("stderr has no final progress line: %q", errOut)
	}
	if code := report(err, &syncBuffer{}); code != 0 {
		t.Fatalf("exit code %d, want 0", code)
	}
}

func TestAuditVerifyEmptyLog(t *testing.T) {
	sc := pgtest.New(t)
	out, _, err := auditVerify(t, sc)
	if err != nil || !strings.HasPrefix(out, "verified 0 events; head position 0; head hash 0000") {
		t.Fatalf("audit verify on an empty log: %q, %v", out, err)
	}
}

func TestAuditVerifyDetectsTampering(t *testing.T) {
	tests := []struct {
		name    string
		stmts   []string
		firstAt int
		problem string
	}{
		{"edited payload", []string{`UPDATE events SET data = '{"n":999}' WHERE position = 5`}, 5, "altered"},
		{"deleted row", []string{`DELETE FROM events WHERE position = 5`}, 5, "expected position 5, found 6"},
		{"swapped rows", []string{ // rows 4 and 7 trade places: the log is reordered.
			`UPDATE events SET position = -4 WHERE position = 4`,
			`UPDATE events SET position = 4 WHERE position = 7`,
			`UPDATE events SET position = 7 WHERE position = -4`,
		}, 4, "prev_hash"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := pgtest.New(t)
			seedLog(t, sc, 10)
			tamper(t, sc, tt.stmts...)
			out, errOut, err := auditVerify(t, sc)
			if err == nil {
				t.Fatalf("audit verify succeeded on a tampered log:\n%s", out)
			}
			if code := report(err, &syncBuffer{}); code == 0 {
				t.Fatal("exit code 0 on a tampered log")
			}
			want := fmt.Sprintf("chain broken at position %d: ", tt.firstAt)
			if !strings.HasPrefix(out, want) || !strings.Contains(out, tt.problem) {
				t.Fatalf("stdout = %q, want it to start with %q and mention %q (stderr %q)", out, want, tt.problem, errOut)
			}
			if !strings.Contains(err.Error(), fmt.Sprintf("position %d", tt.firstAt)) {
				t.Fatalf("error %q does not name position %d", err, tt.firstAt)
			}
		})
	}
}

// TestAuditCommandsOnAnUnmigratedDatabase: audit verify and trail on a
// database never migrated failed with the server's "relation "event_head"
// does not exist"; they say what is wrong and migrate nothing.
func TestAuditCommandsOnAnUnmigratedDatabase(t *testing.T) {
	sc := pgtest.New(t)
	bare := "t_bare_" + sc.Name
	if _, err := sc.Pool.Exec(context.Background(), "CREATE SCHEMA "+bare); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = sc.Pool.Exec(context.Background(), "DROP SCHEMA "+bare+" CASCADE") })
	url := strings.Replace(sc.URL, "search_path="+sc.Name, "search_path="+bare, 1)
	for _, args := range [][]string{{"audit", "verify"}, {"audit", "trail", "--nip", "198609262015051001", "--year", "2025"}} {
		var out, errOut, msg syncBuffer
		err := run(context.Background(), args, mapEnv(map[string]string{"DATABASE_URL": url}), &out, &errOut)
		if code := report(err, &msg); code != 1 || !strings.Contains(msg.String(), "holds no Kinerja event log") {
			t.Errorf("%q on an unmigrated database: exit %d, %q", args, code, msg.String())
		}
	}
	var tables int
	if err := sc.Pool.QueryRow(context.Background(), `SELECT count(*) FROM pg_tables WHERE schemaname = $1`, bare).Scan(&tables); err != nil || tables != 0 {
		t.Errorf("the audit commands created %d tables (%v)", tables, err)
	}
}

// TestAuditVerifyReportsTheRealHead: on a chain broken inside the log, the
// head printed was the last good event before the break, as if the log
// ended there. It prints the last good event and the log's head as stored.
func TestAuditVerifyReportsTheRealHead(t *testing.T) {
	sc := pgtest.New(t)
	head := seedLog(t, sc, 10)
	var last string
	if err := sc.Pool.QueryRow(context.Background(), `SELECT encode(hash, 'hex') FROM events WHERE position = 4`).Scan(&last); err != nil {
		t.Fatal(err)
	}
	tamper(t, sc, `UPDATE events SET data = '{"n":999}' WHERE position = 5`)
	out, _, err := auditVerify(t, sc)
	if err == nil {
		t.Fatalf("audit verify succeeded on a tampered log:\n%s", out)
	}
	for _, want := range []string{
		"chain broken at position 5: ",
		"the 4 events before it are intact; last good position 4, hash " + last + "\n",
		"head position 10; head hash " + head + " (as stored; the chain is not verified past position 4)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
}

// TestAuditVerifyHeadRowPastTheLog: events removed from the tail without
// the head row: the positions from the log's end to the head row's are
// reported missing, not as a break at an event.
func TestAuditVerifyHeadRowPastTheLog(t *testing.T) {
	sc := pgtest.New(t)
	seedLog(t, sc, 10)
	var head string
	if err := sc.Pool.QueryRow(context.Background(), `SELECT encode(hash, 'hex') FROM events WHERE position = 7`).Scan(&head); err != nil {
		t.Fatal(err)
	}
	tamper(t, sc, `DELETE FROM events WHERE position >= 8`)
	out, _, err := auditVerify(t, sc)
	if err == nil || !strings.Contains(err.Error(), "positions 8 to 10 are missing from the tail") {
		t.Fatalf("audit verify of a log cut below its head row: %v\n%s", err, out)
	}
	for _, want := range []string{
		"chain broken at position 8 (not in the log): the head row says the log ends at position 10",
		"missing from the tail: positions 8 to 10\n",
		"the 7 events before it are intact; last good position 7, hash " + head + "\n",
		"head position 7; head hash " + head + " (as stored)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
}
