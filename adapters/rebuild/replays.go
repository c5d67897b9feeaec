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
	// ErrTooManyReplays is wrapped when the owner's instansi keeps
	// MaxPerInstansi replays that have not expired.
	ErrTooManyReplays = errors.New("too many replays kept: drop one first")
	// ErrBuildBusy is wrapped by Build while another replay is being built
	// (one at a time): the caller tries again later.
	ErrBuildBusy = errors.New("another replay is being built: try again when it is done")
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
	// MaxReplays is the most MaxPerInstansi may be (default
	// DefaultMaxReplays).
	MaxReplays int
	// MaxPerInstansi caps the replays one instansi keeps (default
	// DefaultReplaysPerInstansi, at most MaxReplays). It is the only cap a
	// build meets: the replays of other instansi and those built from the
	// command line do not count, so that no instansi is ever refused
	// because of another. The replays kept are thus at most MaxPerInstansi
	// per instansi, each for at most TTL.
	MaxPerInstansi int
	// TTL is how long a replay built by Replays is kept (default
	// DefaultReplayTTL): once that long has passed since it was started,
	// it is no longer listed nor found, and the next Build or List drops
	// it. Replays built from the command line never expire.
	TTL time.Duration
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
	if c.TTL == 0 {
		c.TTL = DefaultReplayTTL
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
	case c.TTL < time.Minute:
		return fmt.Errorf("rebuild: replays TTL %s shorter than a minute", c.TTL)
	case len(c.Prefix) > 40:
		return fmt.Errorf("rebuild: replay schema prefix %q longer than 40", c.Prefix)
	}
	return ValidateSchemaName(c.Prefix + "x")
}

// The defaults of ReplaysConfig's quotas.
const (
	DefaultMaxReplays         = 10
	DefaultReplaysPerInstansi = 5
	DefaultReplayTTL          = 24 * time.Hour
)

// Replays builds, lists, reads, compares and drops the replays of one
// database for callers such as the HTTP API: schema names are generated,
// one build runs at a time within a time limit, the number of replays kept
// is capped per instansi, and they expire. Every replay belongs to the
// instansi it was built for: the other methods take the caller's instansi
// and see only that instansi's replays that have not expired; another's is
// ErrNotReplay, exactly like a schema without a replay.
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
// ErrNoOwner, ErrUnknownProjection, ErrBuildBusy (a build is running),
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
		return ReplayInfo{}, fmt.Errorf("replay: %w", ErrBuildBusy)
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
	return r.withExpiry(info), nil
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
// the rows of instansi: opts' scope is replaced by the instansi column,
// and a table without it is scoped through its projection's employees or
// units (see DiffOptions).
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
