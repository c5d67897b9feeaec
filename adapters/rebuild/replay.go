package rebuild

import (
	"context"
	"errors"
	"fmt"
	"github.com/kinerja/kinerja/adapters/readside"
	"log/slog"
	"regexp"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// Replays for the inspectorate: projections built from position 0 up to a
// bound into a scratch schema that nothing else writes, to be queried and
// compared with the live read models (see Diff). A replay never touches
// live tables: its connection's search_path holds the scratch schema alone,
// so a projection's unqualified writes can land nowhere else, and a table
// the projection forgot to list in Tables fails the replay instead of
// falling through to the live one. A scratch schema is marked by its
// replay_info table; only marked schemas are ever replaced or dropped.

// Errors of replays.
var (
	// ErrUnsafeSchema is wrapped for a schema name that is not a plain
	// lower-case identifier, that is reserved, that is the live schema, or
	// that names an existing schema which is not a replay.
	ErrUnsafeSchema = errors.New("not a usable replay schema")
	// ErrNotReplay is wrapped when a schema holds no replay.
	ErrNotReplay = errors.New("no replay in that schema")
	// ErrReplayBusy is wrapped when another replay of the schema is running.
	ErrReplayBusy = errors.New("another replay of that schema is running")
	// ErrReplayIncomplete is wrapped when a replay is still running or failed.
	ErrReplayIncomplete = errors.New("the replay is not complete")
	// ErrUnknownProjection is wrapped for a projection name this build lacks.
	ErrUnknownProjection = errors.New("unknown projection")
)

// ReplayLog is the log a replay reads: the global log and the position of
// the last event recorded at or before a time (0 when none was).
type ReplayLog interface {
	Log
	PositionAt(ctx context.Context, t time.Time) (uint64, error)
}

// ReplayConfig tunes Replay. Zero fields take their defaults.
type ReplayConfig struct {
	// Schema is the scratch schema to build into (required). A replay
	// schema of that name is replaced; any other existing schema is refused.
	Schema string
	// Until bounds the events applied: those up to Until.Position and up to
	// the last event recorded at or before Until.Time (each when set). The
	// zero Until means the head when the replay starts.
	Until eventlog.AsOf
	// BatchSize is the number of events per read and per transaction
	// (default 5000).
	BatchSize int
	// Progress, if set, is called after each batch and once when done.
	Progress func(ReplayProgress)
	// Logger receives the replay's logs (default slog.Default()).
	Logger *slog.Logger
	// Owner is recorded with the replay: the instansi it was built for and
	// who built it. The zero Owner (an operator's replay from the command
	// line) belongs to no instansi.
	Owner ReplayOwner
}

func (c *ReplayConfig) setDefaults() {
	if c.BatchSize == 0 {
		c.BatchSize = 5000
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Validate reports a configuration that cannot work.
func (c ReplayConfig) Validate() error {
	if c.BatchSize < 1 {
		return fmt.Errorf("replay: BatchSize %d < 1", c.BatchSize)
	}
	return ValidateSchemaName(c.Schema)
}

// ReplayProgress reports how far a replay is.
type ReplayProgress struct {
	Schema string
	// Position is the last event applied; Until is the last to apply.
	Position, Until uint64
	Events          int
	Elapsed         time.Duration
	Done            bool
}

// EventsPerSecond returns the replay's average throughput so far.
func (p ReplayProgress) EventsPerSecond() float64 {
	if p.Elapsed <= 0 {
		return 0
	}
	return float64(p.Events) / p.Elapsed.Seconds()
}

// ReplayOwner is who a replay belongs to: the instansi whose inspectorate
// may list, read, compare and drop it, and the NIP of the caller who built
// it. Replays built from the command line have no owner.
type ReplayOwner struct {
	Instansi string `json:"instansi,omitempty"`
	BuiltBy  string `json:"built_by,omitempty"`
}

// ReplayInfo describes a replay schema, as stored in its replay_info table.
type ReplayInfo struct {
	ReplayOwner
	Schema      string   `json:"schema"`
	LiveSchema  string   `json:"live_schema"`
	Projections []string `json:"projections"`
	// Until is the bound as asked ("now" for the head); Position is the
	// last position it resolved to, the last event applied.
	Until      string     `json:"until"`
	Position   uint64     `json:"position"`
	Events     uint64     `json:"events"`
	StartedAt  time.Time  `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at"`
	Complete   bool       `json:"complete"`
	// ExpiresAt is when a replay of an instansi expires, as described by
	// Replays; nil otherwise.
	ExpiresAt *time.Time `json:"expires_at,omitempty"`
}

// schemaNameRE is what a replay schema name may look like.
var schemaNameRE = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// ValidateSchemaName reports a name that cannot be a replay schema: not a
// lower-case identifier of at most 63 characters, or a reserved one
// (pg_…, information_schema, public). Errors wrap ErrUnsafeSchema.
func ValidateSchemaName(name string) error {
	switch {
	case !schemaNameRE.MatchString(name):
		return fmt.Errorf("%w: %q is not a lower-case identifier (a-z, 0-9, _; at most 63)", ErrUnsafeSchema, name)
	case strings.HasPrefix(name, "pg_") || name == "information_schema" || name == "public":
		return fmt.Errorf("%w: %q is reserved", ErrUnsafeSchema, name)
	}
	return nil
}

// Replay builds ps from position 0 up to cfg.Until into the scratch schema
// cfg.Schema, with empty copies of their tables, and returns the replay's
// description. Live tables are only read, for their definitions. A replay
// that fails leaves its schema marked incomplete (drop it with
// DropReplay). Two replays of one schema exclude each other (ErrReplayBusy).
func Replay(ctx context.Context, pool *pgxpool.Pool, log ReplayLog, ps []readside.Projection, cfg ReplayConfig) (ReplayInfo, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return ReplayInfo{}, err
	}
	if err := distinctNames(ps); err != nil {
		return ReplayInfo{}, err
	}
	live, err := liveSchema(ctx, pool, cfg.Schema)
	if err != nil {
		return ReplayInfo{}, err
	}
	until, err := resolveUntil(ctx, log, cfg.Until)
	if err != nil {
		return ReplayInfo{}, fmt.Errorf("replay into %s: %w", cfg.Schema, err)
	}
	conn, err := scratchConn(ctx, pool, cfg.Schema)
	if err != nil {
		return ReplayInfo{}, err
	}
	defer closeScratch(ctx, conn, cfg.Schema)
	r := &replay{conn: conn, ps: ps, cfg: cfg, info: ReplayInfo{ReplayOwner: cfg.Owner, Schema: cfg.Schema, LiveSchema: live,
		Until: cfg.Until.String(), Position: until, StartedAt: time.Now().UTC()}}
	for _, p := range ps {
		r.info.Projections = append(r.info.Projections, p.Name())
	}
	if err := r.prepare(ctx); err != nil {
		return ReplayInfo{}, err
	}
	if err := r.run(ctx, log); err != nil {
		return r.info, err
	}
	return r.info, r.finish(ctx)
}

// distinctNames reports an empty list or a projection named twice.
func distinctNames(ps []readside.Projection) error {
	if len(ps) == 0 {
		return errors.New("replay: no projection given")
	}
	seen := map[string]bool{}
	for _, p := range ps {
		if seen[p.Name()] {
			return fmt.Errorf("replay: projection %s given twice", p.Name())
		}
		seen[p.Name()] = true
	}
	return nil
}

// liveSchema returns the pool's schema, refusing schema if it is that one.
func liveSchema(ctx context.Context, pool *pgxpool.Pool, schema string) (string, error) {
	var live string
	if err := pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&live); err != nil {
		return "", fmt.Errorf("replay: read the live schema: %w", err)
	}
	if schema == live {
		return "", fmt.Errorf("%w: %q is the live schema", ErrUnsafeSchema, schema)
	}
	return live, nil
}

// resolveUntil returns the last position a replay bounded by until applies:
// the head, lowered to until's position and to the last event recorded by
// until's time.
func resolveUntil(ctx context.Context, log ReplayLog, until eventlog.AsOf) (uint64, error) {
	pos, _, err := log.Head(ctx)
	if err != nil {
		return 0, err
	}
	if until.Position != 0 {
		pos = min(pos, until.Position)
	}
	if !until.Time.IsZero() {
		at, err := log.PositionAt(ctx, until.Time)
		if err != nil {
			return 0, err
		}
		pos = min(pos, at)
	}
	return pos, nil
}

// scratchConn connects with the scratch schema alone on the search_path and
// takes the replay lock of the schema (held until the connection closes).
func scratchConn(ctx context.Context, pool *pgxpool.Pool, schema string) (*pgx.Conn, error) {
	cc := pool.Config().ConnConfig.Copy()
	cc.RuntimeParams["search_path"] = pgx.Identifier{schema}.Sanitize()
	conn, err := pgx.ConnectConfig(ctx, cc)
	if err != nil {
		return nil, fmt.Errorf("replay into %s: connect: %w", schema, err)
	}
	var got bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(`+replayLockKey+`)`, schema).Scan(&got); err != nil || !got {
		_ = conn.Close(context.WithoutCancel(ctx))
		if err == nil {
			err = ErrReplayBusy
		}
		return nil, fmt.Errorf("replay into %s: %w", schema, err)
	}
	return conn, nil
}

// closeScratch releases the replay's advisory lock and closes conn. The lock
// is released explicitly: the server frees a closed session's locks
// asynchronously, and a drop right after the replay must not find the
// schema still locked.
func closeScratch(ctx context.Context, conn *pgx.Conn, schema string) {
	ctx = context.WithoutCancel(ctx)
	_, _ = conn.Exec(ctx, `SELECT pg_advisory_unlock(`+replayLockKey+`)`, schema)
	_ = conn.Close(ctx)
}

// replayLockKey is the advisory lock of the replay schema $1.
const replayLockKey = `hashtextextended('kinerja.replay.' || $1, 0)`

// replay is a replay in progress on its own connection.
type replay struct {
	conn *pgx.Conn
	ps   []readside.Projection
	cfg  ReplayConfig
	info ReplayInfo
}

// prepare (re)creates the scratch schema with empty copies of the tables of
// the projections and of the checkpoint table, and its replay_info, in one
// transaction.
func (r *replay) prepare(ctx context.Context) error {
	return pgx.BeginFunc(ctx, r.conn, func(tx pgx.Tx) error {
		s := pgx.Identifier{r.cfg.Schema}.Sanitize()
		exists, marked, err := schemaState(ctx, tx, r.cfg.Schema)
		if err != nil {
			return err
		}
		if exists && !marked {
			return fmt.Errorf("%w: schema %q exists and is not a replay", ErrUnsafeSchema, r.cfg.Schema)
		}
		stmts := []string{`DROP SCHEMA IF EXISTS ` + s + ` CASCADE`, `CREATE SCHEMA ` + s, replayInfoDDL(s)}
		for _, t := range append(r.tables(), "projection_checkpoints") {
			stmts = append(stmts, fmt.Sprintf(`CREATE TABLE %s (LIKE %s INCLUDING ALL)`,
				pgx.Identifier{r.cfg.Schema, t}.Sanitize(), pgx.Identifier{r.info.LiveSchema, t}.Sanitize()))
		}
		for _, st := range stmts {
			if _, err := tx.Exec(ctx, st); err != nil {
				return fmt.Errorf("replay into %s: %s: %w", r.cfg.Schema, st, err)
			}
		}
		_, err = tx.Exec(ctx, `INSERT INTO `+s+`.replay_info (live_schema, projections, until_asked, position, started_at, instansi, built_by)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, r.info.LiveSchema, r.info.Projections, r.info.Until, r.info.Position, r.info.StartedAt,
			r.info.Instansi, r.info.BuiltBy)
		if err != nil {
			return fmt.Errorf("replay into %s: record replay_info: %w", r.cfg.Schema, err)
		}
		return nil
	})
}

func replayInfoDDL(schema string) string {
	return `CREATE TABLE ` + schema + `.replay_info (
		live_schema text NOT NULL, projections text[] NOT NULL, until_asked text NOT NULL,
		position bigint NOT NULL, events bigint NOT NULL DEFAULT 0,
		started_at timestamptz NOT NULL, finished_at timestamptz, complete boolean NOT NULL DEFAULT false,
		instansi text NOT NULL DEFAULT '', built_by text NOT NULL DEFAULT '')`
}

// tables returns the tables of every projection of the replay.
func (r *replay) tables() []string {
	var out []string
	for _, p := range r.ps {
		out = append(out, p.Tables()...)
	}
	return out
}

// schemaState reports whether schema exists and whether it is marked as a
// replay schema.
func schemaState(ctx context.Context, q readside.Querier, schema string) (exists, marked bool, err error) {
	err = q.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1),
		EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = $1 AND c.relname = 'replay_info' AND c.relkind = 'r')`, schema).Scan(&exists, &marked)
	if err != nil {
		return false, false, fmt.Errorf("replay schema %s: %w", schema, err)
	}
	return exists, marked, nil
}

// run applies the log up to the bound in batches, each batch to every
// projection in its own transaction.
func (r *replay) run(ctx context.Context, log Log) error {
	prog := ReplayProgress{Schema: r.cfg.Schema, Until: r.info.Position}
	started := time.Now()
	report := func() {
		prog.Elapsed = time.Since(started)
		if r.cfg.Progress != nil {
			r.cfg.Progress(prog)
		}
	}
	for prog.Position < prog.Until {
		events, err := log.ReadAll(ctx, prog.Position, int(min(uint64(r.cfg.BatchSize), prog.Until-prog.Position)))
		if err != nil {
			return fmt.Errorf("replay into %s: %w", r.cfg.Schema, err)
		}
		events = eventsUpTo(events, prog.Until)
		if len(events) == 0 {
			return fmt.Errorf("replay into %s: the log ends at %d before the bound %d", r.cfg.Schema, prog.Position, prog.Until)
		}
		for _, p := range r.ps {
			if _, err := readside.ApplyBatch(ctx, r.conn, p, events); err != nil {
				return fmt.Errorf("replay into %s: %w", r.cfg.Schema, err)
			}
		}
		prog.Position, prog.Events = events[len(events)-1].Position, prog.Events+len(events)
		report()
	}
	r.info.Events = uint64(prog.Events)
	prog.Done = true
	report()
	r.cfg.Logger.Info("replay built", "schema", r.cfg.Schema, "projections", r.info.Projections,
		"position", prog.Position, "events", prog.Events, "seconds", prog.Elapsed.Seconds())
	return nil
}

// eventsUpTo returns the events with position <= until.
func eventsUpTo(events []eventlog.Event, until uint64) []eventlog.Event {
	for i, e := range events {
		if e.Position > until {
			return events[:i]
		}
	}
	return events
}

// finish marks the replay complete.
func (r *replay) finish(ctx context.Context) error {
	done := time.Now().UTC()
	_, err := r.conn.Exec(ctx, `UPDATE `+pgx.Identifier{r.cfg.Schema}.Sanitize()+`.replay_info
		SET events = $1, finished_at = $2, complete = true`, r.info.Events, done)
	if err != nil {
		return fmt.Errorf("replay into %s: mark complete: %w", r.cfg.Schema, err)
	}
	r.info.FinishedAt, r.info.Complete = &done, true
	return nil
}
