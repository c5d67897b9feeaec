package rebuild

import (
	"context"
	"fmt"
	"github.com/kinerja/kinerja/adapters/readside"
	"log/slog"
	"regexp"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Config tunes Rebuild. Zero fields take their defaults.
type Config struct {
	// BatchSize is the number of events per read and per transaction
	// (default 5000).
	BatchSize int
	// Progress, if set, is called after each batch and once when done.
	Progress func(Progress)
	// Logger receives the rebuild's logs (default slog.Default()).
	Logger *slog.Logger
}

// Progress reports how far a rebuild is.
type Progress struct {
	Projection string
	// Position is the last event applied to the new tables; Head is the
	// log's head when the rebuild read it last.
	Position, Head uint64
	Events         int
	Elapsed        time.Duration
	// Swapped is true in the final report, once the new tables are live.
	Swapped bool
}

// EventsPerSecond returns the rebuild's average throughput so far.
func (p Progress) EventsPerSecond() float64 {
	if p.Elapsed <= 0 {
		return 0
	}
	return float64(p.Events) / p.Elapsed.Seconds()
}

// Rebuild builds p from position 0 into fresh copies of its tables in a
// scratch schema and swaps them in, in one transaction, once they have
// caught up with the live projection: the live checkpoint row is locked,
// the events the live projection applied meanwhile are applied to the new
// tables, the old tables are dropped, the new ones moved in (with the old
// index names) and the checkpoint set to the new tables' position. Queries
// read the old tables until the swap. The new tables have the storage
// parameters of the live ones and are analysed before the swap. Two
// rebuilds of one projection exclude each other.
func Rebuild(ctx context.Context, pool *pgxpool.Pool, log Log, p readside.Projection, cfg Config) (Progress, error) {
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 5000
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	rb, err := openRebuild(ctx, pool, p)
	if err != nil {
		return Progress{}, err
	}
	defer rb.close(ctx)
	prog := Progress{Projection: p.Name()}
	started := time.Now()
	report := func() {
		prog.Elapsed = time.Since(started)
		if cfg.Progress != nil {
			cfg.Progress(prog)
		}
	}
	if err := rb.catchUp(ctx, log, cfg.BatchSize, &prog, report); err != nil {
		return prog, err
	}
	if err := rb.analyze(ctx); err != nil {
		return prog, err
	}
	if err := rb.swap(ctx, log, cfg.BatchSize, &prog); err != nil {
		return prog, err
	}
	prog.Swapped = true
	report()
	cfg.Logger.Info("projection rebuilt", "projection", p.Name(), "position", prog.Position, "events", prog.Events,
		"seconds", prog.Elapsed.Seconds())
	return prog, nil
}

// rebuild is a rebuild in progress: a connection whose search_path puts the
// scratch schema first, so the projection's unqualified writes (and its
// checkpoint) land in the copies.
type rebuild struct {
	p       readside.Projection
	conn    *pgx.Conn
	live    string
	scratch string
}

// identRE is what a generated schema name may contain.
var identRE = regexp.MustCompile(`[^a-z0-9_]`)

// openRebuild connects, locks the rebuild of p, and creates the scratch
// schema with empty copies of p's tables and of the checkpoint table.
func openRebuild(ctx context.Context, pool *pgxpool.Pool, p readside.Projection) (*rebuild, error) {
	var live string
	if err := pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&live); err != nil {
		return nil, fmt.Errorf("rebuild %s: %w", p.Name(), err)
	}
	scratch := identRE.ReplaceAllString("rb_"+p.Name()+"_"+live, "_")
	if len(scratch) > 63 {
		scratch = scratch[:63]
	}
	cc := pool.Config().ConnConfig.Copy()
	cc.RuntimeParams["search_path"] = pgx.Identifier{scratch}.Sanitize() + ", " + pgx.Identifier{live}.Sanitize()
	conn, err := pgx.ConnectConfig(ctx, cc)
	if err != nil {
		return nil, fmt.Errorf("rebuild %s: connect: %w", p.Name(), err)
	}
	rb := &rebuild{p: p, conn: conn, live: live, scratch: scratch}
	if err := rb.prepare(ctx); err != nil {
		_ = conn.Close(context.WithoutCancel(ctx))
		return nil, err
	}
	return rb, nil
}

// prepare takes the rebuild lock and creates the scratch tables.
func (rb *rebuild) prepare(ctx context.Context) error {
	var got bool
	if err := rb.conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(`+rebuildLockKey+`)`, rb.live, rb.p.Name()).Scan(&got); err != nil {
		return fmt.Errorf("rebuild %s: lock: %w", rb.p.Name(), err)
	}
	if !got {
		return fmt.Errorf("rebuild %s: another rebuild of it is running", rb.p.Name())
	}
	s := pgx.Identifier{rb.scratch}.Sanitize()
	stmts := []string{`DROP SCHEMA IF EXISTS ` + s + ` CASCADE`, `CREATE SCHEMA ` + s}
	for _, t := range append(rb.p.Tables(), "projection_checkpoints") {
		stmts = append(stmts, fmt.Sprintf(`CREATE TABLE %s (LIKE %s INCLUDING ALL)`, rb.qualified(rb.scratch, t), rb.qualified(rb.live, t)))
	}
	for _, st := range stmts {
		if _, err := rb.conn.Exec(ctx, st); err != nil {
			return fmt.Errorf("rebuild %s: %s: %w", rb.p.Name(), st, err)
		}
	}
	return rb.copyStorageParameters(ctx)
}

// copyStorageParameters gives the new tables the storage parameters of the
// live ones (LIKE does not copy them), such as a fillfactor that leaves
// room for HOT updates: the rebuild and the swapped-in tables need it.
func (rb *rebuild) copyStorageParameters(ctx context.Context) error {
	rows, err := rb.conn.Query(ctx, `SELECT c.relname, array_to_string(c.reloptions, ', ') FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relname = ANY($2) AND c.relkind = 'r' AND c.reloptions IS NOT NULL`, rb.live, rb.p.Tables())
	if err != nil {
		return fmt.Errorf("rebuild %s: read storage parameters: %w", rb.p.Name(), err)
	}
	var table, opts []string
	var t, o string
	_, err = pgx.ForEachRow(rows, []any{&t, &o}, func() error {
		table, opts = append(table, t), append(opts, o)
		return nil
	})
	if err != nil {
		return fmt.Errorf("rebuild %s: read storage parameters: %w", rb.p.Name(), err)
	}
	for i := range table {
		st := `ALTER TABLE ` + rb.qualified(rb.scratch, table[i]) + ` SET (` + opts[i] + `)`
		if _, err := rb.conn.Exec(ctx, st); err != nil {
			return fmt.Errorf("rebuild %s: %s: %w", rb.p.Name(), st, err)
		}
	}
	return nil
}

func (rb *rebuild) qualified(schema, table string) string {
	return pgx.Identifier{schema, table}.Sanitize()
}

// rebuildLockKey is the advisory lock of a rebuild of projection $2 in the
// live schema $1.
const rebuildLockKey = `hashtextextended('kinerja.rebuild.' || $1 || '.' || $2, 0)`

// close drops the scratch schema (empty after a swap), releases the rebuild
// lock and disconnects. The lock is released explicitly: the server frees a
// closed session's locks asynchronously, and a rebuild started right after
// this one must not find it still held.
func (rb *rebuild) close(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	_, _ = rb.conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{rb.scratch}.Sanitize()+` CASCADE`)
	_, _ = rb.conn.Exec(ctx, `SELECT pg_advisory_unlock(`+rebuildLockKey+`)`, rb.live, rb.p.Name())
	_ = rb.conn.Close(ctx)
}

// analyze gathers the planner's statistics of the new tables before they
// are swapped in, so that queries get good plans from the first one on
// (autovacuum would take a while to notice the new tables).
func (rb *rebuild) analyze(ctx context.Context) error {
	for _, t := range rb.p.Tables() {
		if _, err := rb.conn.Exec(ctx, `ANALYZE `+rb.qualified(rb.scratch, t)); err != nil {
			return fmt.Errorf("rebuild %s: analyze %s: %w", rb.p.Name(), t, err)
		}
	}
	return nil
}

// catchUp applies the log in batches until a read comes back short. The
// next batch is read (and prepared) while the current one is written.
func (rb *rebuild) catchUp(ctx context.Context, log Log, batch int, prog *Progress, report func()) error {
	rctx, cancel := context.WithCancel(ctx)
	pages := readAhead(rctx, log, rb.p, prog.Position, batch)
	defer func() {
		cancel()
		for range pages {
		}
	}()
	for r := range pages {
		if r.err != nil {
			return fmt.Errorf("rebuild %s: %w", rb.p.Name(), r.err)
		}
		pos, err := readside.ApplyPage(ctx, rb.conn, rb.p, r.page)
		if err != nil {
			return fmt.Errorf("rebuild: %w", err)
		}
		prog.Position = pos
		prog.Events += len(r.page.Events)
		if prog.Head, _, err = log.Head(ctx); err != nil {
			return fmt.Errorf("rebuild %s: %w", rb.p.Name(), err)
		}
		report()
	}
	return nil
}

// readResult is a page read ahead, or the error that ended the reading.
type readResult struct {
	page readside.Page
	err  error
}

// readAhead reads the log after after in pages of limit events, prepares
// them for p, and sends them, one or two ahead of the consumer, until a
// page comes back short, a read fails (sent last) or ctx ends.
func readAhead(ctx context.Context, log Log, p readside.Projection, after uint64, limit int) <-chan readResult {
	out := make(chan readResult, 2)
	go func() {
		defer close(out)
		for ctx.Err() == nil {
			events, err := log.ReadAll(ctx, after, limit)
			if len(events) == 0 && err == nil {
				return
			}
			r := readResult{err: err}
			if err == nil {
				r.page = readside.PreparePage(p, events)
			}
			select {
			case out <- r:
			case <-ctx.Done():
				return
			}
			if err != nil || len(events) < limit {
				return
			}
			after = events[len(events)-1].Position
		}
	}()
	return out
}
