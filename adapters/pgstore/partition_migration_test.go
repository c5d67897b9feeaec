package pgstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/adapters/eventstoretest"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// TestPartitionMigrationKeepsEvents stores events in the unpartitioned table
// of the migrations before 0033, applies 0033: the events are kept, byte for
// byte, in the first partition; the chain verifies; appends go on into new
// partitions; and an id stored before the migration is still refused.
func TestPartitionMigrationKeepsEvents(t *testing.T) {
	ctx := context.Background()
	var b [6]byte
	_, _ = rand.Read(b[:])
	name := "t_pre33_" + hex.EncodeToString(b[:])
	admin, err := pgx.Connect(ctx, pgtest.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(ctx)
	if _, err := admin.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if c, err := pgx.Connect(context.Background(), pgtest.URL()); err == nil {
			_, _ = c.Exec(context.Background(), "DROP SCHEMA "+name+" CASCADE")
			_ = c.Close(context.Background())
		}
	})
	sep := "?"
	if strings.Contains(pgtest.URL(), "?") {
		sep = "&"
	}
	pool := pgtest.Pool(t, pgtest.URL()+sep+"search_path="+name)
	applyMigrations(t, pool, func(v int) bool { return v < 33 })
	// The store before 0033 read versions and ids from the table itself.
	if _, err := pool.Exec(ctx, `CREATE VIEW event_versions AS SELECT stream, version FROM events;
		CREATE VIEW event_ids AS SELECT id, position FROM events;
		CREATE FUNCTION events_ensure_partitions(head bigint, margin bigint) RETURNS TABLE (covered bigint, size bigint)
		LANGUAGE sql AS 'SELECT 9223372036854775807::bigint, 1::bigint'`); err != nil {
		t.Fatal(err)
	}
	s, err := New(pool, Config{NotifyChannel: "kinerja_events_" + name})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	for i := range 5 {
		if _, err := s.Append(ctx, "skp-m-"+string(rune('a'+i)), eventlog.NoStream, eventstoretest.Events(3)...); err != nil {
			t.Fatal(err)
		}
	}
	before, err := s.ReadAll(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `DROP VIEW event_versions, event_ids; DROP FUNCTION events_ensure_partitions`); err != nil {
		t.Fatal(err)
	}
	applyMigrations(t, pool, func(v int) bool { return v >= 33 })
	after, err := s.ReadAll(ctx, 0, 0)
	if err != nil || len(after) != len(before) {
		t.Fatalf("%d events after the migration (%v), want %d", len(after), err, len(before))
	}
	for i := range before {
		if before[i].ID != after[i].ID || string(before[i].Data) != string(after[i].Data) || string(before[i].Hash) != string(after[i].Hash) {
			t.Fatalf("event %d changed by the migration", i+1)
		}
	}
	var inFirst int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM events_p000000000001`).Scan(&inFirst); err != nil || inFirst != len(before) {
		t.Fatalf("first partition holds %d events (%v), want %d", inFirst, err, len(before))
	}
	// Appends go on past the first partition's bound into new partitions.
	if _, err := pool.Exec(ctx, `UPDATE event_partitioning SET size = 4`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `ALTER TABLE events DETACH PARTITION events_p000000000001;
		ALTER TABLE events ATTACH PARTITION events_p000000000001 FOR VALUES FROM (MINVALUE) TO (17)`); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := s.Append(ctx, "skp-m-"+string(rune('a'+i)), eventlog.Exact(3), eventstoretest.Events(2)...); err != nil {
			t.Fatal(err)
		}
	}
	dup := eventstoretest.Events(1)
	dup[0].ID = before[0].ID
	if _, err := s.Append(ctx, "skp-m-new", eventlog.NoStream, dup...); err == nil {
		t.Fatal("an event id stored before the migration was stored again")
	}
	rep, err := s.Verify(ctx, nil)
	if err != nil || !rep.OK || rep.Events != 25 {
		t.Fatalf("verify after the migration: %+v %v", rep, err)
	}
	parts, err := s.Partitions(ctx)
	if err != nil || len(parts) < 3 {
		t.Fatalf("partitions after appends past the first: %+v %v", parts, err)
	}
}
