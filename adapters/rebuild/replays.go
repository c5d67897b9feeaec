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
	// ErrTooManyReplays is wrapped when MaxReplays replay schemas exist,
	// or MaxPerInstansi of the owner's instansi.
	ErrTooManyReplays = errors.New("too many replays kept: drop one first")
	// ErrNoOwner is wrapped by Build when the owner names no instansi.
	ErrNoOwner = errors.New("a replay needs an owning instansi")
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
	// MaxReplays caps the replay schemas kept for the live schema, of
	// every instansi together (default DefaultMaxReplays).
	MaxReplays int
	// MaxPerInstansi caps the replays kept by one instansi (default
	// DefaultReplaysPerInstansi, at most MaxReplays), so that one instansi
	// cannot fill MaxReplays.
	MaxPerInstansi int
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
		c.MaxReplays = DefaultMaxReplays
	}
	if c.MaxPerInstansi == 0 {
		c.MaxPerInstansi = min(DefaultReplaysPerInstansi, c.MaxReplays)
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
	case c.MaxPerInstansi < 1 || c.MaxPerInstansi > c.MaxReplays:
		return fmt.Errorf("rebuild: replays MaxPerInstansi %d out of range 1 to MaxReplays (%d)", c.MaxPerInstansi, c.MaxReplays)
	case len(c.Prefix) > 40:
		return fmt.Errorf("rebuild: replay schema prefix %q longer than 40", c.Prefix)
	}
	return ValidateSchemaName(c.Prefix + "x")
}

// The defaults of ReplaysConfig's quotas.
const (
	DefaultMaxReplays         = 10
	DefaultReplaysPerInstansi = 5
)

// Replays builds, lists, reads, compares and drops the replays of one
// database for callers such as the HTTP API: schema names are generated,
// one build runs at a time within a time limit, and the number of replays
// kept is capped, per instansi and in all. Every replay belongs to the
// instansi it was built for: the other methods take the caller's instansi
// and see only that instansi's replays; another's is ErrNotReplay, exactly
// like a schema without a replay.
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
// new schema owned by owner and returns its description. Errors wrap
// ErrNoOwner, ErrUnknownProjection, ErrReplayBusy (a build is running),
// ErrTooManyReplays and ErrReplayTooLong; a failed build leaves no schema
// behind.
func (r *Replays) Build(ctx context.Context, owner ReplayOwner, until eventlog.AsOf, names []string) (ReplayInfo, error) {
	if owner.Instansi == "" {
		return ReplayInfo{}, fmt.Errorf("replay: %w", ErrNoOwner)
	}
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
	if err := r.checkQuota(ctx, owner.Instansi); err != nil {
		return ReplayInfo{}, err
	}
	schema, err := r.newSchemaName()
	if err != nil {
		return ReplayInfo{}, err
	}
	bctx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	defer cancel()
	info, err := Replay(bctx, r.pool, r.log, ps, ReplayConfig{Schema: schema, Until: until, BatchSize: r.cfg.BatchSize,
		Logger: r.cfg.Logger, Owner: owner})
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

// checkQuota refuses a build when MaxPerInstansi replays of instansi or
// MaxReplays replays in all are kept (ErrTooManyReplays). The error does
// not count the other instansi's replays.
func (r *Replays) checkQuota(ctx context.Context, instansi string) error {
	kept, err := ListReplays(ctx, r.pool)
	if err != nil {
		return err
	}
	if n := len(ownedBy(kept, instansi)); n >= r.cfg.MaxPerInstansi {
		return fmt.Errorf("replay: %w (your instansi keeps %d, at most %d)", ErrTooManyReplays, n, r.cfg.MaxPerInstansi)
	}
	if len(kept) >= r.cfg.MaxReplays {
		return fmt.Errorf("replay: %w (all instansi together keep at most %d: try again later)", ErrTooManyReplays, r.cfg.MaxReplays)
	}
	return nil
}

// ownedBy returns the replays of list that belong to instansi; none for
// the empty instansi, whose replays belong to no one.
func ownedBy(list []ReplayInfo, instansi string) []ReplayInfo {
	out := []ReplayInfo{}
	for _, info := range list {
		if instansi != "" && info.Instansi == instansi {
			out = append(out, info)
		}
	}
	return out
}

// List returns the replays of instansi kept for the live schema, oldest
// first.
func (r *Replays) List(ctx context.Context, instansi string) ([]ReplayInfo, error) {
	all, err := ListReplays(ctx, r.pool)
	if err != nil {
		return nil, err
	}
	return ownedBy(all, instansi), nil
}

// Info returns the description of the replay of instansi in schema:
// ErrNotReplay if there is none, if it belongs to another instansi or to
// none, or if it was made from another live schema. The three cases give
// the same error.
func (r *Replays) Info(ctx context.Context, instansi, schema string) (ReplayInfo, error) {
	info, err := ReplayInfoOf(ctx, r.pool, schema)
	if err != nil {
		return ReplayInfo{}, err
	}
	var live string
	if err := r.pool.QueryRow(ctx, `SELECT current_schema()`).Scan(&live); err != nil {
		return ReplayInfo{}, fmt.Errorf("replay %s: %w", schema, err)
	}
	if info.LiveSchema != live || instansi == "" || info.Instansi != instansi {
		return ReplayInfo{}, fmt.Errorf("replay %s: %w", schema, ErrNotReplay)
	}
	return info, nil
}

// Drop drops the replay of instansi in schema.
func (r *Replays) Drop(ctx context.Context, instansi, schema string) error {
	if _, err := r.Info(ctx, instansi, schema); err != nil {
		return err
	}
	return DropReplay(ctx, r.pool, schema)
}

// Read runs f in a read-only transaction over the replayed tables of the
// replay of instansi in schema (see ReadReplay). f sees every instansi's
// rows of the replay: it must filter them.
func (r *Replays) Read(ctx context.Context, instansi, schema string, f func(tx pgx.Tx) error) error {
	if _, err := r.Info(ctx, instansi, schema); err != nil {
		return err
	}
	return ReadReplay(ctx, r.pool, schema, f)
}

// Diff compares the replay of the projection named in the replay of
// instansi in schema with the live tables (see Diff), always restricted to
// the rows of instansi: opts' scope is replaced by the instansi column.
func (r *Replays) Diff(ctx context.Context, instansi, schema, projection string, opts DiffOptions) (DiffReport, error) {
	ps, err := r.projections([]string{projection})
	if err != nil {
		return DiffReport{}, err
	}
	if _, err := r.Info(ctx, instansi, schema); err != nil {
		return DiffReport{}, err
	}
	opts.ScopeColumn, opts.ScopeValue = InstansiColumn, instansi
	return Diff(ctx, r.pool, schema, ps[0], opts)
}

// InstansiColumn is the column of read-model tables that names a row's
// instansi; Replays.Diff compares only the caller's rows by it.
const InstansiColumn = "instansi"
