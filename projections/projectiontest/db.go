package projectiontest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/projections/pgbatch"
)

// Projector is what the helpers use of a read model's projector.
type Projector interface {
	Apply(ctx context.Context, tx pgx.Tx, events []eventlog.Event) error
	Tables() []string
}

// Apply applies events to p in transactions of batch events each.
func Apply(t testing.TB, db *pgxpool.Pool, p Projector, events []eventlog.Event, batch int) {
	t.Helper()
	for i := 0; i < len(events); i += batch {
		err := pgx.BeginFunc(t.Context(), db, func(tx pgx.Tx) error {
			return p.Apply(t.Context(), tx, events[i:min(i+batch, len(events))])
		})
		if err != nil {
			t.Fatalf("apply from %d: %v", i, err)
		}
	}
}

// Dump returns every row of p's tables as sorted text.
func Dump(t testing.TB, db *pgxpool.Pool, p Projector) string {
	t.Helper()
	return DumpTables(t, db, p.Tables())
}

// DumpTables returns every row of tables as sorted text, table by table.
func DumpTables(t testing.TB, db *pgxpool.Pool, tables []string) string {
	t.Helper()
	var b strings.Builder
	for _, tb := range tables {
		rows, err := db.Query(t.Context(), fmt.Sprintf(`SELECT t::text FROM %s t ORDER BY 1`, tb))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			b.WriteString(tb + " " + s + "\n")
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

// BatchEqualsOneByOne applies a random world (seed 77, 60 employees, two
// instansi) to p one event per transaction in the empty schema of one and
// in batches of 1,000 in that of many, and fails unless the tables are
// equal.
func BatchEqualsOneByOne(t testing.TB, p Projector, one, many *pgxpool.Pool) {
	t.Helper()
	events := Stored(Generate(Config{Seed: 77, Employees: 60, Instansi: 2}))
	Apply(t, one, p, events, 1)
	Apply(t, many, p, events, 1000)
	if diff := cmp.Diff(Dump(t, one, p), Dump(t, many, p)); diff != "" {
		t.Fatalf("batched differs from one by one (-one +batched):\n%s", diff)
	}
}

// FailsOnUndecodable gives the first event of context (such as "skp") in
// a small random world a schema version no codec knows, applies the world
// to p in one transaction of db, and fails unless the error is a
// *pgbatch.ApplyError naming that event: an event the projector cannot
// decode is reported, not skipped.
func FailsOnUndecodable(t testing.TB, db *pgxpool.Pool, p Projector, context string) {
	t.Helper()
	events := Stored(Generate(Config{Seed: 1, Employees: 2}))
	i := slices.IndexFunc(events, func(e eventlog.Event) bool { return strings.HasPrefix(e.Type, context+".") })
	if i < 0 {
		t.Fatalf("no %s event in the world", context)
	}
	events[i].SchemaVersion = 99
	err := pgx.BeginFunc(t.Context(), db, func(tx pgx.Tx) error { return p.Apply(t.Context(), tx, events) })
	var ae *pgbatch.ApplyError
	if !errors.As(err, &ae) || ae.FailedPosition() != events[i].Position || ae.EventID != events[i].ID {
		t.Fatalf("error %v, want an ApplyError at position %d (event %s)", err, events[i].Position, events[i].ID)
	}
}
