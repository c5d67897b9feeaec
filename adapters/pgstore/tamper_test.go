package pgstore

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
)

func TestEventsTableRejectsUpdateDeleteTruncate(t *testing.T) {
	s, sc := newStore(t)
	ctx := context.Background()
	if _, err := s.Append(ctx, "skp-i-2025", eventlog.NoStream, eventstoretest.Events(3)...); err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{
		`UPDATE events SET data = '{"forged":true}' WHERE position = 2`,
		`DELETE FROM events WHERE position = 3`,
		`TRUNCATE events`,
	} {
		_, err := sc.Pool.Exec(ctx, stmt)
		if err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: want the append-only error, got %v", stmt, err)
		}
	}
	all, err := s.ReadAll(ctx, 0, 0)
	if err != nil || len(all) != 3 || string(all[1].Data) != `{"n":1}` {
		t.Fatalf("events changed after rejected statements: %d events, %v", len(all), err)
	}
	rep, err := s.Verify(ctx, nil)
	if err != nil || !rep.OK || rep.Events != 3 {
		t.Fatalf("verify after rejected statements: %+v %v", rep, err)
	}
}

// TestVerifyDetectsTampering bypasses the trigger as a superuser would and
// checks that Verify reports the first broken position.
func TestVerifyDetectsTampering(t *testing.T) {
	cases := []struct {
		name    string
		tamper  []string
		wantBad uint64
	}{
		{"untouched", nil, 0},
		{"edited payload", []string{`UPDATE events SET data = '{"n":99}' WHERE position = 4`}, 4},
		{"edited metadata", []string{`UPDATE events SET metadata = '{"actor_id":"someone-else"}' WHERE position = 7`}, 7},
		{"deleted row", []string{`DELETE FROM events WHERE position = 5`}, 5},
		{"swapped rows", []string{
			`UPDATE events SET position = -1 WHERE position = 3`,
			`UPDATE events SET position = 3 WHERE position = 6`,
			`UPDATE events SET position = 6 WHERE position = -1`,
		}, 3},
		{"swapped payloads", []string{
			`UPDATE events e SET data = o.data FROM (SELECT position, data FROM events WHERE position IN (2,3)) o
			 WHERE e.position IN (2,3) AND o.position <> e.position`,
		}, 2},
		{"inserted row", []string{
			`UPDATE events SET position = position + 1000 WHERE position >= 6`,
			`UPDATE events SET position = position - 999 WHERE position >= 1006`,
			`INSERT INTO events SELECT 6, gen_random_uuid(), stream, 99, type, schema_version, data, metadata, recorded_at, prev_hash, hash FROM events WHERE position = 5`,
		}, 6},
		{"truncated tail without head", []string{`DELETE FROM events WHERE position >= 9`}, 9},
		{"altered first event", []string{`UPDATE events SET data = '{"n":99}' WHERE position = 1`}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, sc := newStore(t)
			ctx := context.Background()
			for i := 0; i < 5; i++ {
				if _, err := s.Append(ctx, "skp-t-2025", eventlog.Any, eventstoretest.Events(2)...); err != nil {
					t.Fatal(err)
				}
			}
			tamper(t, sc.Pool, c.tamper)
			rep, err := s.Verify(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if c.wantBad == 0 {
				if !rep.OK || rep.Events != 10 {
					t.Fatalf("untouched log: %+v", rep)
				}
				return
			}
			if rep.OK || rep.FirstBadPosition != c.wantBad {
				t.Fatalf("first bad position = %d (ok=%v, %s), want %d", rep.FirstBadPosition, rep.OK, rep.Problem, c.wantBad)
			}
			t.Logf("reported: position %d: %s", rep.FirstBadPosition, rep.Problem)
			// The head reported is the log's, as stored, not the last good
			// event before the break (which told the auditor the log ended
			// there).
			pos, hash := lastStored(t, sc.Pool)
			if rep.HeadPosition != pos || !bytes.Equal(rep.HeadHash, hash) {
				t.Fatalf("head = %d %x, want the last event stored: %d %x", rep.HeadPosition, rep.HeadHash, pos, hash)
			}
			if rep.LastGoodPosition != c.wantBad-1 || rep.Events != c.wantBad-1 {
				t.Fatalf("last good position %d after %d events, want %d", rep.LastGoodPosition, rep.Events, c.wantBad-1)
			}
			checkBadPosition(t, rep)
			if c.name == "truncated tail without head" && (rep.MissingFrom != 9 || rep.MissingTo != 10 || !strings.Contains(rep.Problem, "positions 9 to 10 are missing from the tail")) {
				t.Fatalf("the head row vouches for 10, the log ends at 8: %+v, want positions 9 to 10 missing", rep)
			}
		})
	}
}

// tamper runs statements with user triggers disabled, as a superuser who
// bypasses the append-only trigger would.
func tamper(t *testing.T, pool *pgxpool.Pool, stmts []string) {
	t.Helper()
	if len(stmts) == 0 {
		return
	}
	ctx := context.Background()
	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SET LOCAL session_replication_role = replica`); err != nil {
		t.Fatal(err)
	}
	for _, q := range stmts {
		if _, err := tx.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
}

// lastStored returns the position and stored hash of the last event of the
// log (0 and the genesis hash when there is none).
func lastStored(t *testing.T, pool *pgxpool.Pool) (uint64, []byte) {
	t.Helper()
	var pos int64
	var hash []byte
	err := pool.QueryRow(context.Background(), `SELECT coalesce(max(position), 0) FROM events`).Scan(&pos)
	if err != nil {
		t.Fatal(err)
	}
	if pos == 0 {
		return 0, eventlog.GenesisHash
	}
	if err := pool.QueryRow(context.Background(), `SELECT hash FROM events WHERE position = $1`, pos).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	return uint64(pos), hash
}

// TestVerifyHeadRowDisagreeingNamesAPositionOfTheLog: a head row that
// disagrees with a chain that verifies was reported at the position after
// the last event, which the log does not have. Behind the log, the first
// bad position is the first event the head row does not account for; at
// the last event with another hash, that event.
func TestVerifyHeadRowDisagreeingNamesAPositionOfTheLog(t *testing.T) {
	cases := []struct {
		name    string
		tamper  []string
		wantBad uint64
	}{
		{"head row rewound", []string{`UPDATE event_head SET position = 8, hash = (SELECT hash FROM events WHERE position = 8)`}, 9},
		{"head row with another hash", []string{`UPDATE event_head SET hash = sha256(hash)`}, 10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, sc := newStore(t)
			ctx := context.Background()
			seedTen(t, s)
			tamper(t, sc.Pool, c.tamper)
			rep, err := s.Verify(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK || rep.FirstBadPosition != c.wantBad || !strings.Contains(rep.Problem, "head row") {
				t.Fatalf("verify: %+v, want a break at %d", rep, c.wantBad)
			}
			if pos, hash := lastStored(t, sc.Pool); rep.HeadPosition != pos || !bytes.Equal(rep.HeadHash, hash) {
				t.Fatalf("head = %d %x, want the last event stored: %d %x", rep.HeadPosition, rep.HeadHash, pos, hash)
			}
			if rep.MissingFrom != 0 || rep.LastGoodPosition != 10 || rep.Events != 10 {
				t.Fatalf("the chain verifies over the whole log: %+v", rep)
			}
			checkBadPosition(t, rep)
			t.Logf("reported: position %d: %s", rep.FirstBadPosition, rep.Problem)
		})
	}
}

// checkBadPosition checks that a broken report names a first bad position
// the log reaches, unless it reports positions missing from the tail:
// FirstBadPosition is then MissingFrom, the position after the head.
func checkBadPosition(t *testing.T, rep eventlog.VerifyReport) {
	t.Helper()
	switch {
	case rep.OK:
		if rep.FirstBadPosition != 0 || rep.MissingFrom != 0 || rep.MissingTo != 0 || rep.LastGoodPosition != rep.HeadPosition ||
			!bytes.Equal(rep.LastGoodHash, rep.HeadHash) {
			t.Fatalf("intact log: %+v", rep)
		}
	case rep.MissingFrom != 0:
		if rep.FirstBadPosition != rep.MissingFrom || rep.MissingFrom != rep.HeadPosition+1 || rep.MissingTo < rep.MissingFrom {
			t.Fatalf("missing tail: first bad %d, missing %d..%d, head %d", rep.FirstBadPosition, rep.MissingFrom, rep.MissingTo, rep.HeadPosition)
		}
	case rep.FirstBadPosition == 0 || rep.FirstBadPosition > rep.HeadPosition || rep.MissingTo != 0:
		t.Fatalf("first bad position %d is past the head %d, and nothing is reported missing: %+v", rep.FirstBadPosition, rep.HeadPosition, rep)
	}
}
