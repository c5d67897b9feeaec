package history_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/projections/history"
	"github.com/kinerja/kinerja/projections/projectiontest"
)

// event is any domain event.
type event = interface{ EventType() string }

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

// storedEvents encodes domain events as stored events with positions from 1.
func storedEvents(evs ...event) []eventlog.Event {
	var appends []projectiontest.Append
	for _, ev := range evs {
		appends = append(appends, projectiontest.Append{Stream: "s", Events: []eventlog.NewEvent{projectiontest.Encode(ev, projectiontest.HR)}})
	}
	return stored(appends)
}

// apply applies events in transactions of batch events each.
func apply(t *testing.T, pool *pgxpool.Pool, events []eventlog.Event, batch int) {
	t.Helper()
	p := history.New()
	for i := 0; i < len(events); i += batch {
		err := pgx.BeginFunc(context.Background(), pool, func(tx pgx.Tx) error {
			return p.Apply(context.Background(), tx, events[i:min(i+batch, len(events))])
		})
		if err != nil {
			t.Fatalf("apply from %d: %v", i, err)
		}
	}
}

// dump returns every row of the read model's tables as sorted text.
func dump(t *testing.T, pool *pgxpool.Pool) string {
	t.Helper()
	var b strings.Builder
	for _, tb := range history.New().Tables() {
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
