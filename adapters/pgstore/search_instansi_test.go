package pgstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// tenantEvent is one event of seedTenants: its stream, the instansi its
// payload names (a stream's first event names it) and the instansi its
// metadata names ("" for an event stored before metadata named one).
type tenantEvent struct {
	stream, named, meta, actor string
}

// tenantLog is a log of two instansi whose streams look alike: positions
// 1..4 were stored before metadata named an instansi (legacy), 5..10 name
// it. Stream unit-x-9 names no instansi at all.
var tenantLog = []tenantEvent{
	{"unit-setda", "pemkab-a", "", "hr-a"},           // 1
	{"unit-setda-b", "pemkab-b", "", "hr-b"},         // 2
	{"employee-1", "pemkab-a", "", "hr-a"},           // 3
	{"unit-x-9", "", "", "hr-a"},                     // 4
	{"employee-1", "", "pemkab-a", "hr-a"},           // 5: a legacy stream goes on
	{"employee-2", "pemkab-b", "pemkab-b", "shared"}, // 6
	{"skp-1-2025", "pemkab-a", "pemkab-a", "shared"}, // 7
	{"skp-2-2025", "pemkab-b", "pemkab-b", "hr-b"},   // 8
	{"unit-setda", "", "pemkab-a", "hr-a"},           // 9
	{"unit-setda-b", "", "pemkab-b", "hr-b"},         // 10
}

// appendTenants appends events described as in tenantLog to s.
func appendTenants(t *testing.T, s *Store, events []tenantEvent) {
	t.Helper()
	for _, e := range events {
		data := `{"n":1}`
		if e.named != "" {
			data = `{"instansi":"` + e.named + `"}`
		}
		ne := eventlog.NewEvent{ID: eventlog.NewID(), Type: "x.happened", SchemaVersion: 1, Data: []byte(data),
			Metadata: eventlog.Metadata{ActorID: e.actor, ActorRole: "hr", Instansi: e.meta}}
		if _, err := s.Append(context.Background(), e.stream, eventlog.Any, ne); err != nil {
			t.Fatal(err)
		}
	}
}

// checkScopedSearch runs the scoped searches of the tenant log on s.
func checkScopedSearch(t *testing.T, s *Store) {
	t.Helper()
	cases := []struct {
		name string
		f    eventlog.AuditFilter
		want []uint64
	}{
		{"a, everything", eventlog.AuditFilter{Instansi: "pemkab-a"}, []uint64{1, 3, 5, 7, 9}},
		{"b, everything", eventlog.AuditFilter{Instansi: "pemkab-b"}, []uint64{2, 6, 8, 10}},
		{"b, a's stream", eventlog.AuditFilter{Instansi: "pemkab-b", Stream: "employee-1"}, []uint64{}},
		{"b, prefix unit-setda", eventlog.AuditFilter{Instansi: "pemkab-b", StreamPrefix: "unit-setda"}, []uint64{2, 10}},
		{"b, a's actor", eventlog.AuditFilter{Instansi: "pemkab-b", ActorID: "hr-a"}, []uint64{}},
		{"b, shared actor", eventlog.AuditFilter{Instansi: "pemkab-b", ActorID: "shared"}, []uint64{6}},
		{"b, type", eventlog.AuditFilter{Instansi: "pemkab-b", Types: []string{"x.happened"}}, []uint64{2, 6, 8, 10}},
		{"a, after a cursor", eventlog.AuditFilter{Instansi: "pemkab-a", After: 3, Limit: 2}, []uint64{5, 7}},
		{"a, page across both kinds", eventlog.AuditFilter{Instansi: "pemkab-a", Limit: 3}, []uint64{1, 3, 5}},
		{"unknown instansi", eventlog.AuditFilter{Instansi: "pemkab-c"}, []uint64{}},
		{"unscoped", eventlog.AuditFilter{}, []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
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

// TestSearchScopedByInstansi checks that a scoped search finds the events
// whose metadata names the instansi and the events stored without one
// whose stream's first event names it, and nothing else, by every filter.
func TestSearchScopedByInstansi(t *testing.T) {
	s, _ := newStore(t)
	appendTenants(t, s, tenantLog)
	checkScopedSearch(t, s)
	rep, err := s.Verify(context.Background(), nil)
	if err != nil || !rep.OK || rep.Events != uint64(len(tenantLog)) {
		t.Fatalf("verify a log with and without instansi in metadata: %+v %v", rep, err)
	}
}

// TestInstansiMigrationDerivesStoredEvents applies the migrations before
// 0014, stores events the way the code before it did, then applies 0014:
// the events already stored are found by scoped search, their stored bytes
// are untouched and the hash chain still verifies.
func TestInstansiMigrationDerivesStoredEvents(t *testing.T) {
	ctx := context.Background()
	pool, name := preInstansiSchema(t)
	s, err := New(pool, Config{NotifyChannel: "kinerja_events_" + name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	appendTenants(t, s, tenantLog[:4])
	before, err := s.ReadAll(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	// The store reads stream versions and event ids from migration 0033's
	// side tables; before it, they are views of the unpartitioned table.
	if _, err := pool.Exec(ctx, `DROP VIEW event_versions, event_ids`); err != nil {
		t.Fatal(err)
	}
	applyMigrations(t, pool, func(v int) bool { return v >= 14 })
	appendTenants(t, s, tenantLog[4:])
	checkScopedSearch(t, s)
	after, err := s.ReadAll(ctx, 0, 4)
	if err != nil {
		t.Fatal(err)
	}
	for i := range before {
		if string(before[i].RawMetadata) != string(after[i].RawMetadata) || string(before[i].Hash) != string(after[i].Hash) {
			t.Fatalf("event %d changed: %s → %s", i+1, before[i].RawMetadata, after[i].RawMetadata)
		}
	}
	if rep, err := s.Verify(ctx, nil); err != nil || !rep.OK {
		t.Fatalf("verify after the migration: %+v %v", rep, err)
	}
}

// preInstansiSchema returns a pool on a fresh schema, and its name, with the migrations
// before 0014 applied.
func preInstansiSchema(t *testing.T) (*pgxpool.Pool, string) {
	t.Helper()
	ctx := context.Background()
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "t_pre14_" + hex.EncodeToString(b[:])
	admin, err := pgx.Connect(ctx, pgtest.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), pgtest.URL())
		if err == nil {
			_, _ = c.Exec(context.Background(), "DROP SCHEMA "+name+" CASCADE")
			_ = c.Close(context.Background())
		}
	})
	sep := "?"
	if strings.Contains(pgtest.URL(), "?") {
		sep = "&"
	}
	pool := pgtest.Pool(t, pgtest.URL()+sep+"search_path="+name)
	applyMigrations(t, pool, func(v int) bool { return v < 14 })
	if _, err := pool.Exec(ctx, `CREATE VIEW event_versions AS SELECT stream, version FROM events;
		CREATE VIEW event_ids AS SELECT id, position FROM events`); err != nil {
		t.Fatal(err)
	}
	return pool, name
}

// applyMigrations runs the SQL of the migrations whose version passes keep.
func applyMigrations(t *testing.T, pool *pgxpool.Pool, keep func(int) bool) {
	t.Helper()
	all, err := migrations.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		if !keep(m.Version) {
			continue
		}
		if _, err := pool.Exec(context.Background(), m.SQL); err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
	}
}

// TestScopedSearchCanUseItsIndexes checks that migration 0014's index and
// table match the query a scoped search sends.
func TestScopedSearchCanUseItsIndexes(t *testing.T) {
	s, sc := newStore(t)
	appendTenants(t, s, tenantLog)
	ctx := context.Background()
	tx, err := sc.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
		t.Fatal(err)
	}
	where, args, err := filterSQL(eventlog.AuditFilter{After: 2})
	if err != nil {
		t.Fatal(err)
	}
	plan := pgtest.Plan(t, tx, `EXPLAIN `+scopedSearchSQL(where, "$2", " LIMIT 10"), append(args, "pemkab-a")...)
	for _, index := range []string{"events_instansi_position", "event_instansi_derived_instansi"} {
		if !strings.Contains(plan, index) {
			t.Fatalf("plan does not use %s:\n%s", index, plan)
		}
	}
}
