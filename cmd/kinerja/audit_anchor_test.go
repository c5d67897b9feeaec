package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/anchor"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// runKinerja runs kinerja with args against the schema's database and extra
// environment variables.
func runKinerja(t *testing.T, ctx context.Context, sc *pgtest.Schema, extra map[string]string, args ...string) (string, string, error) {
	t.Helper()
	vars := map[string]string{"DATABASE_URL": sc.URL}
	for k, v := range extra {
		vars[k] = v
	}
	var out, errOut syncBuffer
	err := run(ctx, args, mapEnv(vars), &out, &errOut)
	return out.String(), errOut.String(), err
}

// keygen creates a key in a temporary directory and returns its path.
func keygen(t *testing.T, sc *pgtest.Schema) string {
	t.Helper()
	key := filepath.Join(t.TempDir(), "anchor.pem")
	if _, errOut, err := runKinerja(t, context.Background(), sc, nil, "audit", "keygen", "--out", key); err != nil {
		t.Fatalf("keygen: %v\n%s", err, errOut)
	}
	return key
}

// keygenPEM creates a key and returns its PEM, as KINERJA_ANCHOR_KEY takes it.
func keygenPEM(t *testing.T, sc *pgtest.Schema) []byte {
	t.Helper()
	pem, err := os.ReadFile(keygen(t, sc))
	if err != nil {
		t.Fatal(err)
	}
	return pem
}

// anchorFile runs "audit anchor" and stores its output in a file.
func anchorFile(t *testing.T, sc *pgtest.Schema, key string) string {
	t.Helper()
	out, errOut, err := runKinerja(t, context.Background(), sc, nil, "audit", "anchor", "--key", key, "--instansi", "pemprov-jabar")
	if err != nil {
		t.Fatalf("anchor: %v\n%s", err, errOut)
	}
	path := filepath.Join(t.TempDir(), "anchor.json")
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestAuditAnchorAndVerify(t *testing.T) {
	sc := pgtest.New(t)
	head := seedLog(t, sc, 10)
	key := keygen(t, sc)
	path := anchorFile(t, sc, key)
	var a anchor.Signed
	b, _ := os.ReadFile(path)
	if err := json.Unmarshal(b, &a); err != nil || a.Statement.Position != 10 || a.Statement.HeadHash != head || a.Statement.Instansi != "pemprov-jabar" {
		t.Fatalf("anchor JSON %s: %v", b, err)
	}
	seedLog(t, sc, 2) // the log grows past the anchor.
	out, errOut, err := runKinerja(t, context.Background(), sc, nil, "audit", "verify", "--anchor", path, "--public-key", key+".pub")
	if err != nil || !strings.Contains(out, "anchor held: position 10") || !strings.Contains(out, "verified 12 events") {
		t.Fatalf("verify a good log against its anchor: %v\n%s\n%s", err, out, errOut)
	}
}

// anchoredThenCut seeds 10 events, anchors the log at position 10 and cuts
// it back to position 7 (head rewound to match); it returns the schema and
// the anchor file.
func anchoredThenCut(t *testing.T) (*pgtest.Schema, string) {
	t.Helper()
	sc := pgtest.New(t)
	seedLog(t, sc, 10)
	path := anchorFile(t, sc, keygen(t, sc))
	tamper(t, sc, `DELETE FROM events WHERE position >= 8`,
		`UPDATE event_head SET position = 7, hash = (SELECT hash FROM events WHERE position = 7)`)
	return sc, path
}

func TestAuditVerifyAnchorDetectsTruncatedTail(t *testing.T) {
	sc, path := anchoredThenCut(t)
	if out, _, err := auditVerify(t, sc); err != nil {
		t.Fatalf("plain verify should pass on a cleanly truncated log: %v\n%s", err, out)
	}
	out, _, err := runKinerja(t, context.Background(), sc, nil, "audit", "verify", "--anchor", path)
	if err == nil || report(err, &syncBuffer{}) == 0 {
		t.Fatalf("verify against the anchor passed on a truncated log:\n%s", out)
	}
	// The events kept chain together, but the anchor cannot confirm them
	// (they could as well have been replaced and the tail cut).
	if !strings.Contains(out, "chain broken at position 8") || !strings.Contains(out, "removed from the tail") ||
		strings.Contains(out, "intact") || !strings.Contains(out, "none of them is confirmed") {
		t.Fatalf("stdout = %q", out)
	}
}

// TestAuditVerifyAnchorDetectsReplacedTail cuts the tail and appends new
// events in its place: the chain verifies, the anchored position holds
// another hash, and the report must not call the events it vouched for
// intact (it once said "last good position 10" of the rewritten position 10).
func TestAuditVerifyAnchorDetectsReplacedTail(t *testing.T) {
	sc, path := anchoredThenCut(t)
	seedLog(t, sc, 3)
	out, _, err := runKinerja(t, context.Background(), sc, nil, "audit", "verify", "--anchor", path)
	if err == nil {
		t.Fatalf("verify against the anchor passed on a replaced tail:\n%s", out)
	}
	if !strings.Contains(out, "chain broken at position 10") || strings.Contains(out, "intact") ||
		!strings.Contains(out, "nothing at or before position 10 is vouched for") {
		t.Fatalf("stdout = %q", out)
	}
}

func TestAuditVerifyRejectsBadAnchors(t *testing.T) {
	sc := pgtest.New(t)
	seedLog(t, sc, 5)
	key := keygen(t, sc)
	forged := anchorFile(t, sc, keygen(t, sc)) // signed by somebody else's key.
	edited := anchorFile(t, sc, key)
	b, _ := os.ReadFile(edited)
	if err := os.WriteFile(edited, []byte(strings.Replace(string(b), `"position": 5`, `"position": 4`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, args := range map[string][]string{
		"forged":    {"audit", "verify", "--anchor", forged, "--public-key", key + ".pub"},
		"edited":    {"audit", "verify", "--anchor", edited},
		"edited+pk": {"audit", "verify", "--anchor", edited, "--public-key", key + ".pub"},
	} {
		out, _, err := runKinerja(t, context.Background(), sc, nil, args...)
		if err == nil || report(err, &syncBuffer{}) != 1 || !strings.Contains(out, "REJECTED") {
			t.Errorf("%s anchor: err %v, stdout %q", name, err, out)
		}
	}
}

func TestAuditAnchorEveryIntoDirFromEnvKey(t *testing.T) {
	sc := pgtest.New(t)
	seedLog(t, sc, 3)
	pem := keygenPEM(t, sc)
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	_, errOut, err := runKinerja(t, ctx, sc, map[string]string{anchorKeyEnv: string(pem)}, "audit", "anchor", "--out", dir, "--every", "50ms")
	if err != nil {
		t.Fatalf("anchor --every until cancelled: %v\n%s", err, errOut)
	}
	path := filepath.Join(dir, "anchor-3.json")
	if out, _, err := runKinerja(t, context.Background(), sc, nil, "audit", "verify", "--anchor", path); err != nil {
		t.Fatalf("verify %s: %v\n%s", path, err, out)
	}
	if _, _, err := runKinerja(t, context.Background(), sc, nil, "audit", "anchor"); report(err, &syncBuffer{}) != 2 {
		t.Fatalf("anchor without a key: %v, want a usage error", err)
	}
	// The head anchored already: said, not silent.
	_, errOut, err = runKinerja(t, context.Background(), sc, map[string]string{anchorKeyEnv: string(pem)}, "audit", "anchor", "--out", dir)
	if err != nil || !strings.Contains(errOut, "already anchors position 3") {
		t.Errorf("anchor of a head anchored already: %v, %q", err, errOut)
	}
	// A file name in the variable (it holds the key itself) is named as the mistake.
	var msg syncBuffer
	_, _, err = runKinerja(t, context.Background(), sc, map[string]string{anchorKeyEnv: "/secure/anchor.key"}, "audit", "anchor")
	if report(err, &msg) != 1 || !strings.Contains(msg.String(), "not a file name") {
		t.Errorf("a file name in %s: %q", anchorKeyEnv, msg.String())
	}
}

// TestAuditAnchorEveryInterruptedWhileAnchoring checks that an interrupt that
// lands while a repeated anchor is reading the head ends the command as an
// interrupt does between anchors: without an error. It used to fail the
// command ("read head: context canceled"), now and then, in CI.
func TestAuditAnchorEveryInterruptedWhileAnchoring(t *testing.T) {
	sc := pgtest.New(t)
	seedLog(t, sc, 3)
	pem := keygenPEM(t, sc)
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type result struct {
		errOut string
		err    error
	}
	done := make(chan result, 1)
	go func() {
		var out, errOut syncBuffer
		err := run(ctx, []string{"audit", "anchor", "--out", dir, "--every", "20ms"},
			mapEnv(map[string]string{"DATABASE_URL": sc.URL, anchorKeyEnv: string(pem)}), &out, &errOut)
		done <- result{errOut.String(), err}
	}()
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(filepath.Join(dir, "anchor-3.json")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no first anchor within 30 s")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Hold the head, so that the next anchor waits on it, then interrupt.
	tx, err := sc.Pool.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(context.Background(), `LOCK TABLE event_head IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	var waiting bool
	for !waiting && time.Now().Before(deadline) {
		if err := sc.Pool.QueryRow(context.Background(), `SELECT EXISTS (SELECT FROM pg_locks
			WHERE relation = 'event_head'::regclass AND NOT granted)`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !waiting {
		t.Fatal("the anchor never waited on the held head")
	}
	cancel()
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatalf("anchor --every interrupted while reading the head: %v\n%s", r.err, r.errOut)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("anchor --every did not end within 30 s of the interrupt")
	}
}

// TestAuditVerifyAnchorPastTheHeadSaysWhatIsMissing: an anchor past the
// log's end was reported as a break at a position the log does not have,
// without saying so. The report names the positions missing from the tail
// and the head the log ends at.
func TestAuditVerifyAnchorPastTheHeadSaysWhatIsMissing(t *testing.T) {
	sc, path := anchoredThenCut(t)
	var head string
	if err := sc.Pool.QueryRow(context.Background(), `SELECT encode(hash, 'hex') FROM events WHERE position = 7`).Scan(&head); err != nil {
		t.Fatal(err)
	}
	out, _, err := runKinerja(t, context.Background(), sc, nil, "audit", "verify", "--anchor", path)
	if err == nil {
		t.Fatalf("verify against the anchor passed on a truncated log:\n%s", out)
	}
	for _, want := range []string{
		"chain broken at position 8 (not in the log): ",
		"positions 8 to 10 were removed from the tail",
		"head position 7; head hash " + head + " (as stored)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(err.Error(), "positions 8 to 10 are missing from the tail") {
		t.Errorf("error %q does not name the missing positions", err)
	}
}

// TestAuditVerifyAnchorPastABreak: the chain breaks before the anchored
// position, which the log still reaches: the anchor confirms none of the
// events before the break, and the log is not said to end before it.
func TestAuditVerifyAnchorPastABreak(t *testing.T) {
	sc := pgtest.New(t)
	head := seedLog(t, sc, 10)
	path := anchorFile(t, sc, keygen(t, sc))
	tamper(t, sc, `UPDATE events SET data = '{"n":999}' WHERE position = 5`)
	out, _, err := runKinerja(t, context.Background(), sc, nil, "audit", "verify", "--anchor", path)
	if err == nil || !strings.Contains(err.Error(), "broken at position 5") {
		t.Fatalf("verify against the anchor passed on a broken log: %v\n%s", err, out)
	}
	for _, want := range []string{
		"chain broken at position 5: ",
		"the chain verifies over 4 events to position 4, but the anchor vouches through position 10, past the break: none of them is confirmed\n",
		"head position 10; head hash " + head + " (as stored; the chain is not verified past position 4)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "no longer reaches") || strings.Contains(out, "not in the log") {
		t.Errorf("stdout says the log ends before the anchor:\n%s", out)
	}
}
