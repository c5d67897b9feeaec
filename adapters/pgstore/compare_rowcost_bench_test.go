package pgstore

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// rowCostVariant is one way of inserting the same rows: setup runs first in
// the transaction (untimed), then insert (timed); the transaction is rolled
// back, so every variant starts from the same tables.
type rowCostVariant struct {
	name   string
	setup  []string
	insert string
}

const rowCostInsertEvents = `INSERT INTO events (position, id, stream, version, type, schema_version, data, metadata, recorded_at, prev_hash, hash)
SELECT p, i::uuid, s, v, ty, sv, d::json, m::json, r, ph, h FROM rowcost_src`

var rowCostVariants = []rowCostVariant{
	{name: "events, as the store writes them", insert: rowCostInsertEvents},
	{name: "without registering ids and versions (statement trigger off)",
		setup:  []string{`ALTER TABLE events DISABLE TRIGGER events_register_keys`},
		insert: rowCostInsertEvents},
	{name: "… and without the instansi and actor_id indexes",
		setup: []string{`ALTER TABLE events DISABLE TRIGGER events_register_keys`,
			`DROP INDEX events_instansi_position`, `DROP INDEX events_actor_id_position`},
		insert: rowCostInsertEvents},
	{name: "… and without the stream and recorded_at indexes (primary key only)",
		setup: []string{`ALTER TABLE events DISABLE TRIGGER events_register_keys`,
			`DROP INDEX events_instansi_position`, `DROP INDEX events_actor_id_position`,
			`DROP INDEX events_stream_version`, `DROP INDEX events_recorded_at`},
		insert: rowCostInsertEvents},
	{name: "raw: a bare table, no index, no constraint",
		insert: `INSERT INTO rowcost_bare SELECT i::uuid, s, v, ty, sv, d::json, m::json, r FROM rowcost_src`},
}

// BenchmarkCompareRowCost measures what one row costs the database server
// alone: the same rows (the comparison's ~300-byte data and the metadata the
// store writes for them, over its 10,000 streams) inserted in one statement
// into the events table as migrated, then with its parts taken away one by
// one, and into the raw comparison's bare table; interleaved, medians of
// three rounds, microseconds of server time per row. A group commit is one
// such statement in one backend, so this is the ceiling of the store's write
// rate whatever the client does. Run:
//
//	go test -run '^$' -bench BenchmarkCompareRowCost -benchtime 1x ./adapters/pgstore/
func BenchmarkCompareRowCost(b *testing.B) {
	rows := 50000
	if testing.Short() {
		rows = 5000
	}
	ctx := context.Background()
	sc := pgtest.New(b)
	conn, err := pgx.Connect(ctx, sc.URL)
	if err != nil {
		b.Fatal(err)
	}
	defer conn.Close(ctx)
	// The metadata the store writes for the comparison's events.
	metas, err := eventlog.ValidateAppend(compareStream(0), compareEvents(100))
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{
		`CREATE TABLE rowcost_src (p bigint, i text, s text, v bigint, ty text, sv int, d text, m text, r timestamptz, ph bytea, h bytea)`,
		`CREATE TABLE rowcost_bare (id uuid, stream text, version bigint, type text, schema_version int, data json, metadata json, recorded_at timestamptz)`,
	} {
		if _, err := conn.Exec(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
	src := make([][]any, rows)
	hash := make([]byte, 32)
	now := time.Now().UTC()
	for i := range src {
		// The comparison's 10,000 streams in turn, each getting several
		// versions (five at 50,000 rows), as they do there.
		stream := compareStream(i % compareStreams)
		src[i] = []any{int64(i + 1), eventlog.NewID(), stream, int64(i/compareStreams + 1), "skp.ratings_given", int32(1),
			string(compareData), string(metas[i%len(metas)]), now, hash, hash}
	}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"rowcost_src"},
		[]string{"p", "i", "s", "v", "ty", "sv", "d", "m", "r", "ph", "h"}, pgx.CopyFromRows(src)); err != nil {
		b.Fatal(err)
	}
	micros := make([][]float64, len(rowCostVariants))
	for round := 0; round < compareRounds; round++ {
		for vi, v := range rowCostVariants {
			d, err := rowCostRun(ctx, conn, v)
			if err != nil {
				b.Fatalf("%s: %v", v.name, err)
			}
			micros[vi] = append(micros[vi], float64(d.Microseconds())/float64(rows))
		}
	}
	bare := median(micros[len(micros)-1])
	var out strings.Builder
	fmt.Fprintf(&out, "\nServer time per row, %d rows in one INSERT, medians of %d interleaved rounds\n\n", rows, compareRounds)
	fmt.Fprintln(&out, "| insert into | µs/row | rows/s in one backend | ratio to raw |")
	fmt.Fprintln(&out, "|---|---|---|---|")
	for vi, v := range rowCostVariants {
		m := median(micros[vi])
		fmt.Fprintf(&out, "| %s | %.1f | %.0f | %.2f |\n", v.name, m, 1e6/m, m/bare)
	}
	fmt.Fprint(os.Stdout, out.String())
}

// rowCostRun times v's insert inside a transaction it rolls back, then
// vacuums what it touched so that dead rows do not slow the next variant.
func rowCostRun(ctx context.Context, conn *pgx.Conn, v rowCostVariant) (time.Duration, error) {
	tx, err := conn.Begin(ctx)
	if err != nil {
		return 0, err
	}
	for _, q := range v.setup {
		if _, err := tx.Exec(ctx, q); err != nil {
			_ = tx.Rollback(ctx)
			return 0, fmt.Errorf("%s: %w", q, err)
		}
	}
	start := time.Now()
	_, err = tx.Exec(ctx, v.insert)
	d := time.Since(start)
	if rerr := tx.Rollback(ctx); err == nil {
		err = rerr
	}
	if err != nil {
		return 0, err
	}
	_, err = conn.Exec(ctx, `VACUUM events, event_ids, event_versions, rowcost_bare`)
	return d, err
}
