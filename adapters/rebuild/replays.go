package rebuild

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/kinerja/kinerja/adapters/readside"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// Errors of Replays.
var (
	// ErrTooManyReplays is wrapped when MaxReplays replay schemas exist.
	ErrTooManyReplays = errors.New("too many replays kept: drop one first")
	// ErrReplayTooLong is wrapped when a replay did not finish within
	// ReplaysConfig.Timeout; its schema is dropped.
	ErrReplayTooLong = errors.New("the replay did not finish in time: run it with 'kinerja replay' instead")
)

// ReplaysConfig configures Replays. Zero fields take their defaults.
type ReplaysConfig struct {
	// Projections are the projections that may be replayed (required).
	Projections []readside.Projection
	// BatchSize is the number of events per read and per transaction
	// (default 5000).
	BatchSize int
	// Timeout bounds one Build (default 50s, within an HTTP write timeout).
	Timeout time.Duration
	// MaxReplays caps the replay schemas kept for the live schema
	// (default 10).
	MaxReplays int
	// Prefix starts the generated schema names (default "replay_").
	Prefix string
	// Logger receives the replays' logs (default slog.Default()).
	Logger *slog.Logger
}

func (c *ReplaysConfig) setDefaults() {
	if c.BatchSize == 0 {
		c.BatchSize = 5000
	}
	if c.Timeout == 0 {
		c.Timeout = 50 * time.Second
	}
	if c.MaxReplays == 0 {
		c.MaxReplays = 10
	}
	if c.Prefix == "" {
		c.Prefix = "replay_"
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Validate reports a configuration that cannot work.
func (c ReplaysConfig) Validate() error {
	switch {
	case len(c.Projections) == 0:
		return errors.New("rebuild: ReplaysConfig.Projections is empty")
	case c.BatchSize < 1 || c.Timeout <= 0 || c.MaxReplays < 1:
		return fmt.Errorf("rebuild: replays BatchSize %d, Timeout %s, MaxReplays %d out of range", c.BatchSize, c.Timeout, c.MaxReplays)
	case len(c.Prefix) > 40:
		return fmt.Errorf("rebuild: replay schema prefix %q longer than 40", c.Prefix)
	}
	return ValidateSchemaName(c.Prefix + "x")
}

// Replays builds, lists, reads, compares and drops the replays of one
// database for callers such as the HTTP API: schema names are generated,
// one build runs at a time within a time limit, and the number of replays
// kept is capped.
type Replays struct {
	pool     *pgxpool.Pool
	log      ReplayLog
	cfg      ReplaysConfig
	building chan struct{}
}

// NewReplays returns Replays over the read models in pool and the log.
func NewReplays(pool *pgxpool.Pool, log ReplayLog, cfg ReplaysConfig) (*Replays, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Replays{pool: pool, log: log, cfg: cfg, building: make(chan struct{}, 1)}, nil
}

// Names returns the names of the projections that may be replayed.
func (r *Replays) Names() []string {
	var out []string
	for _, p := range r.cfg.Projections {
		out = append(out, p.Name())
	}
	return out
}

// Build replays the projections named (all when none) up to until into a
// new schema and returns its description. Errors wrap ErrUnknownProjection,
// ErrReplayBusy (a build is running), ErrTooManyReplays and
// ErrReplayTooLong; a failed build leaves no schema behind.
func (r *Replays) Build(ctx context.Context, until eventlog.AsOf, names []string) (ReplayInfo, error) {
	ps, err := r.projections(names)
	if err != nil {
		return ReplayInfo{}, err
	}
	select {
	case r.building <- struct{}{}:
		defer func() { <-r.building }()
	default:
		return ReplayInfo{}, fmt.Errorf("replay: %w", ErrReplayBusy)
	}
	kept, err := ListReplays(ctx, r.pool)
	if err != nil {
		return ReplayInfo{}, err
	}
	if len(kept) >= r.cfg.MaxReplays {
		return ReplayInfo{}, fmt.Errorf("replay: %w (%d kept)", ErrTooManyReplays, len(kept))
	}
	schema, err := r.newSchemaName()
	if err != nil {
		return ReplayInfo{}, err
	}
	bctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	info, err := Replay(bctx, r.pool, r.log, ps, ReplayConfig{Schema: schema, Until: until, BatchSize: r.cfg.BatchSize, Logger: r.cfg.Logger})
	if err != nil {
		dctx, dcancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer dcancel()
		if derr := DropReplay(dctx, r.pool, schema); derr != nil && !errors.Is(derr, ErrNotReplay) {
			r.cfg.Logger.Error("replay: drop a failed replay", "schema", schema, "err", derr)
		}
		if errors.Is(bctx.Err(), context.DeadlineExceeded) && ctx.Err() == nil {
			return ReplayInfo{}, fmt.Errorf("replay up to %s: %w (limit %s)", until, ErrReplayTooLong, r.cfg.Timeout)
		}
		return ReplayInfo{}, err
	}
	return info, nil
}

// projections returns the projections named, all for none.
func (r *Replays) projections(names []string) ([]readside.Projection, error) {
	if len(names) == 0 {
		return r.cfg.Projections, nil
	}
	var out []readside.Projection
	for _, n := range names {
		i := slices.IndexFunc(r.cfg.Projections, func(p readside.Projection) bool { return p.Name() == n })
		if i < 0 {
			return nil, fmt.Errorf("%w %q (want %s)", ErrUnknownProjection, n, strings.Join(r.Names(), ", "))
		}
		if !slices.ContainsFunc(out, func(p readside.Projection) bool { return p.Name() == n }) {
			out = append(out, r.cfg.Projections[i])
		}
	}
	return out, nil
}

// newSchemaName returns the prefix, the time and a random suffix.
func (r *Replays) newSchemaName() (string, error) {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("replay: schema name: %w", err)
	}
	return r.cfg.Prefix + time.Now().UTC().Format("20060102t150405") + "_" + hex.EncodeToString(b[:]), nil
}

// List returns the replays kept for the live schema, oldest first.
func (r *Replays) List(ctx context.Context) ([]ReplayInfo, error) { return ListReplays(ctx, r.pool) }

// Info returns the description of the replay in schema (ErrNotReplay if
// none, or if it was made from another live schema).
func (r *Replays) Info(ctx context.Context, schema string) (ReplayInfo, error) {
	info, err := ReplayInfoOf(ctx, r.pool, schema)
	if err != nil {
		return ReplayInfo{}, err
	}
	var live string
	if err := r.pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&live); err != nil {
		return ReplayInfo{}, fmt.Errorf("replay %s: %w", schema, err)
	}
	if info.LiveSchema != live {
		return ReplayInfo{}, fmt.Errorf("replay %s: %w", schema, ErrNotReplay)
	}
	return info, nil
}

// Drop drops the replay in schema.
func (r *Replays) Drop(ctx context.Context, schema string) error {
	if _, err := r.Info(ctx, schema); err != nil {
		return err
	}
	return DropReplay(ctx, r.pool, schema)
}

// Read runs f in a read-only transaction over the replayed tables of
// schema (see ReadReplay).
func (r *Replays) Read(ctx context.Context, schema string, f func(tx pgx.Tx) error) error {
	if _, err := r.Info(ctx, schema); err != nil {
		return err
	}
	return ReadReplay(ctx, r.pool, schema, f)
}

// Diff compares the replay of the projection named in schema with the live
// tables (see Diff).
func (r *Replays) Diff(ctx context.Context, schema, projection string, opts DiffOptions) (DiffReport, error) {
	ps, err := r.projections([]string{projection})
	if err != nil {
		return DiffReport{}, err
	}
	if _, err := r.Info(ctx, schema); err != nil {
		return DiffReport{}, err
	}
	return Diff(ctx, r.pool, schema, ps[0], opts)
}
