package pgstore

import (
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
