package standings_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
	"github.com/kinerja/kinerja/projections/projectiontest"
	"github.com/kinerja/kinerja/projections/standings"
)

// stored turns generated appends into stored events with positions from 1.
func stored(appends []projectiontest.Append) []eventlog.Event {
	var out []eventlog.Event
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, a := range appends {
		for _, ne := range a.Events {
			n := uint64(len(out) + 1)
			out = append(out, eventlog.Event{ID: ne.ID, Stream: a.Stream, Position: n, Type: ne.Type,
				SchemaVersion: ne.SchemaVersion, Data: ne.Data, Metadata: ne.Metadata, RecordedAt: at.Add(time.Duration(n) * time.Second)})
		}
	}
	return out
}

// apply applies events in transactions of batch events each.
func apply(t *testing.T, pool *pgxpool.Pool, events []eventlog.Event, batch int) {
	t.Helper()
	p := standings.New()
	for i := 0; i < len(events); i += batch {
		err := pgx.BeginFunc(context.Background(), pool, func(tx pgx.Tx) error {
			return p.Apply(context.Background(), tx, events[i:min(i+batch, len(events))])
		})
		if err != nil {
			t.Fatalf("apply from %d: %v", i, err)
		}
	}
}

func dump(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	var b strings.Builder
	for _, tb := range standings.New().Tables() {
		rows, err := pool.Query(context.Background(), fmt.Sprintf(`SELECT t::text FROM %s t ORDER BY 1`, tb))
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
	}
	return b.String()
}

// TestBatchEqualsOneByOne applies a random world one event per transaction
// and in batches of 1,000: SKP events are applied in memory per batch after
// the master-data statements, and this must not change the result.
func TestBatchEqualsOneByOne(t *testing.T) {
	events := stored(projectiontest.Generate(projectiontest.Config{Seed: 77, Employees: 60, Instansi: 2}))
	one, many := pgtest.New(t), pgtest.New(t)
	apply(t, one.Pool, events, 1)
	apply(t, many.Pool, events, 1000)
	if diff := cmp.Diff(dump(t, one.Pool), dump(t, many.Pool)); diff != "" {
		t.Fatalf("batched differs from one by one (-one +batched):\n%s", diff)
	}
}

// TestUnknownSchemaVersionIsAnApplyError checks that an event the projector
// cannot decode is reported with its position, not skipped.
func TestUnknownSchemaVersionIsAnApplyError(t *testing.T) {
	sc := pgtest.New(t)
	events := stored(projectiontest.Generate(projectiontest.Config{Seed: 1, Employees: 2}))
	events[5].SchemaVersion = 99
	err := pgx.BeginFunc(context.Background(), sc.Pool, func(tx pgx.Tx) error {
		return standings.New().Apply(context.Background(), tx, events)
	})
	var ae *standings.ApplyError
	if !errorsAs(err, &ae) || ae.FailedPosition() != 6 {
		t.Fatalf("error %v, want an ApplyError at position 6", err)
	}
}
