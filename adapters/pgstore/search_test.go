package pgstore

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// seedSearch appends 12 events: positions 1..12, actors a (odd) and b (even),
// streams skp-1-2025 (1..6), skp-2-2025 (7..10), unit-9 (11..12), type
// skp.x for multiples of 3 and skp.y otherwise. It returns the events.
func seedSearch(t *testing.T, s *Store) []eventlog.Event {
	t.Helper()
	ctx := context.Background()
	for p := 1; p <= 12; p++ {
		stream := map[bool]string{true: "skp-1-2025", false: "skp-2-2025"}[p <= 6]
		if p > 10 {
			stream = "unit-9"
		}
		actor, typ := map[bool]string{true: "a", false: "b"}[p%2 == 1], map[bool]string{true: "skp.x", false: "skp.y"}[p%3 == 0]
		ne := eventlog.NewEvent{ID: eventlog.NewID(), Type: typ, SchemaVersion: 1, Data: []byte(`{}`),
			Metadata: eventlog.Metadata{ActorID: actor, ActorRole: "hr"}}
		if _, err := s.Append(ctx, stream, eventlog.Any, ne); err != nil {
			t.Fatal(err)
		}
	}
	all, err := s.ReadAll(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return all
}

func positions(evs []eventlog.Event) []uint64 {
	out := []uint64{}
	for _, e := range evs {
		out = append(out, e.Position)
	}
	return out
}

func TestSearch(t *testing.T) {
	s, _ := newStore(t)
	all := seedSearch(t, s)
	cases := []struct {
		name string
		f    eventlog.AuditFilter
		want []uint64
	}{
		{"everything", eventlog.AuditFilter{}, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}},
		{"actor", eventlog.AuditFilter{ActorID: "b"}, []uint64{2, 4, 6, 8, 10, 12}},
		{"actor and stream", eventlog.AuditFilter{ActorID: "a", Stream: "skp-1-2025"}, []uint64{1, 3, 5}},
		{"stream prefix", eventlog.AuditFilter{StreamPrefix: "skp-"}, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
		{"types", eventlog.AuditFilter{Types: []string{"skp.x", "nope"}}, []uint64{3, 6, 9, 12}},
		{"time range", eventlog.AuditFilter{From: all[3].RecordedAt, To: all[6].RecordedAt}, []uint64{4, 5, 6}},
		{"page after a cursor", eventlog.AuditFilter{ActorID: "b", After: 6, Limit: 2}, []uint64{8, 10}},
		{"nothing", eventlog.AuditFilter{ActorID: "nobody"}, []uint64{}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.Search(context.Background(), c.f)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(c.want, positions(got)); d != "" {
				t.Fatalf("positions (-want +got):\n%s", d)
			}
		})
	}
}

func TestSearchPagesThroughEverything(t *testing.T) {
	s, _ := newStore(t)
	seedSearch(t, s)
	var got []uint64
	f := eventlog.AuditFilter{StreamPrefix: "skp-", Limit: 3}
	for page := 0; ; page++ {
		evs, err := s.Search(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, positions(evs)...)
		if len(evs) < f.Limit {
			break
		}
		f.After = evs[len(evs)-1].Position
	}
	if d := cmp.Diff([]uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, got); d != "" {
		t.Fatalf("paged positions (-want +got):\n%s", d)
	}
}

func TestSearchRejectsBadFilters(t *testing.T) {
	s, _ := newStore(t)
	now := time.Now()
	for _, f := range []eventlog.AuditFilter{{Limit: -1}, {Limit: eventlog.MaxSearchLimit + 1}, {From: now, To: now}} {
		if _, err := s.Search(context.Background(), f); !errors.Is(err, eventlog.ErrBadFilter) {
			t.Errorf("Search(%+v) = %v, want eventlog.ErrBadFilter", f, err)
		}
	}
}

// TestSearchByActorCanUseItsIndex checks that the migration's expression
// index matches the query Search sends.
func TestSearchByActorCanUseItsIndex(t *testing.T) {
	s, sc := newStore(t)
	seedSearch(t, s)
	ctx := context.Background()
	tx, err := sc.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	where, args, err := filterSQL(eventlog.AuditFilter{ActorID: "a", After: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	plan := pgtest.Plan(t, tx, `EXPLAIN SELECT `+eventColumns+` FROM events WHERE `+where+` ORDER BY position LIMIT 10`, args...)
	if !strings.Contains(plan, "events_actor_id_position") {
		t.Fatalf("plan does not use events_actor_id_position:\n%s", plan)
	}
}

// TestSearchIsPlannedForItsValues runs a search more often than PostgreSQL
// plans a prepared statement for its values before it may switch to a
// generic plan, on a pool of one connection, and checks that no search
// statement stays prepared on it: each search is planned for its actor,
// type and instansi (a generic plan read every event of a busy actor and
// sorted them for one page).
func TestSearchIsPlannedForItsValues(t *testing.T) {
	s, sc := newStore(t)
	seedSearch(t, s)
	ctx := context.Background()
	cfg := sc.Pool.Config().Copy()
	cfg.MaxConns, cfg.MinConns = 1, 0
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	one, err := New(pool, Config{PollInterval: time.Minute, NotifyChannel: "kinerja_events_" + sc.Name + "_one"})
	if err != nil {
		t.Fatal(err)
	}
	defer one.Close()
	for range 8 {
		for _, f := range []eventlog.AuditFilter{{ActorID: "b"}, {ActorID: "a", Instansi: "pemkab-a"}, {Types: []string{"skp.x"}}} {
			if _, err := one.Search(ctx, f); err != nil {
				t.Fatal(err)
			}
		}
	}
	var prepared []string
	rows, err := pool.Query(ctx, `SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%FROM events WHERE position > $1%'`,
		pgx.QueryExecModeSimpleProtocol)
	if err == nil {
		prepared, err = pgx.CollectRows(rows, pgx.RowTo[string])
	}
	if err != nil || len(prepared) > 0 {
		t.Fatalf("search statements prepared on the connection (%v):\n%s", err, strings.Join(prepared, "\n"))
	}
}

// TestSearchByStreamPrefixUsesTheStreamIndex checks that a search by a
// selective stream prefix is planned as a range of the (stream, version)
// index rather than a walk of the whole log in position order, which it
// was while stream names compared in the database's collation (C.UTF-8 or
// any other but C): see migration 0049.
func TestSearchByStreamPrefixUsesTheStreamIndex(t *testing.T) {
	s, sc := newStore(t)
	ctx := context.Background()
	for i := 0; i < 300; i++ {
		if _, err := s.Append(ctx, fmt.Sprintf("skp-%03d-2025", i), eventlog.NoStream, compareEvents(10)...); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := sc.Pool.Exec(ctx, `ANALYZE events`); err != nil {
		t.Fatal(err)
	}
	f := eventlog.AuditFilter{StreamPrefix: "skp-123-"}
	where, args, err := filterSQL(f)
	if err != nil {
		t.Fatal(err)
	}
	query := `EXPLAIN SELECT ` + eventColumns + ` FROM events WHERE ` + where + ` ORDER BY position LIMIT ` + strconv.Itoa(f.FetchSize())
	plan := pgtest.Plan(t, sc.Pool, query, append([]any{pgx.QueryExecModeDescribeExec}, args...)...)
	if !strings.Contains(plan, "Index Cond: ((stream >= 'skp-123-'::text) AND (stream < 'skp-123.'::text))") {
		t.Errorf("the search by stream prefix is not a range of the stream index:\n%s", plan)
	}
	got, err := s.Search(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 10 || got[0].Stream != "skp-123-2025" || got[0].Position != 1231 || got[9].Position != 1240 {
		t.Errorf("search by prefix skp-123- found %d events, first %+v", len(got), got)
	}
}
