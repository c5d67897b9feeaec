package readside_test

import (
	"context"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/adapters/readside"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// TestAnOlderWriterIsRefused: a `kinerja project` worker started before
// migrations 0045 and 0046 went on applying events after them, writing
// standings, unit report and training rows without the columns of the plan
// in force, which the newer code then misread (0 IKI for a plan the older
// worker drafted). The checkpoint statements of a process older than
// migration 0048 (as that code wrote them, naming no writer_schema) are now
// refused naming the migration, so the older process's batch rolls back and
// its projection stops; the current code's batches commit.
func TestAnOlderWriterIsRefused(t *testing.T) {
	sc := pgtest.New(t)
	ctx := context.Background()
	events := func(from, to uint64) []eventlog.Event {
		var out []eventlog.Event
		for p := from; p <= to; p++ {
			out = append(out, eventlog.Event{Position: p})
		}
		return out
	}
	if cp, err := readside.ApplyBatch(ctx, sc.Pool, nothing{}, events(1, 2)); err != nil || cp != 2 {
		t.Fatalf("current code: checkpoint %d, %v; want 2", cp, err)
	}
	older := map[string]string{
		"lock": `INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0)
			ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING position`,
		"save": `UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1 RETURNING position`,
	}
	for what, sql := range older {
		for _, name := range []string{"nothing", "never-run"} {
			err := pgx.BeginFunc(ctx, sc.Pool, func(tx pgx.Tx) error {
				var pos uint64
				args := []any{name}
				if what == "save" {
					args = append(args, 3)
				}
				return tx.QueryRow(ctx, sql, args...).Scan(&pos)
			})
			if name == "never-run" && what == "save" {
				continue // updates no row
			}
			if err == nil || !strings.Contains(err.Error(), "older than the database schema (migration 0048_projection_writer.sql)") ||
				!strings.Contains(err.Error(), name) {
				t.Errorf("an older process's %s of %s: %v, want refused naming the migration and the read model", what, name, err)
			}
		}
	}
	var pos uint64
	var stored *int
	if err := sc.Pool.QueryRow(ctx, `SELECT position, writer_schema FROM projection_checkpoints WHERE name = 'nothing'`).Scan(&pos, &stored); err != nil {
		t.Fatal(err)
	}
	if pos != 2 || stored != nil {
		t.Errorf("checkpoint %d, writer_schema %v stored; want 2 and none (each write must name it)", pos, stored)
	}
	if cp, err := readside.ApplyBatch(ctx, sc.Pool, nothing{}, events(3, 3)); err != nil || cp != 3 {
		t.Errorf("current code after them: checkpoint %d, %v; want 3", cp, err)
	}
}
