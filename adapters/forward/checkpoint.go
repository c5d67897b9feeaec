package forward

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// lockKeySQL derives a forwarder's advisory-lock key from its name and the
// schema (tests run many schemas on one server).
const lockKeySQL = `hashtextextended('kinerja.forwarder.' || current_schema() || '.' || $1, 0)`

// owner is a forwarder's hold on its name: an advisory lock on a dedicated
// connection, which also reads and writes the checkpoint row. If the
// connection is lost, saving fails and the forwarder stops, so two
// processes never both believe they own a name for long. mu serialises the
// connection's users.
type owner struct {
	mu   sync.Mutex
	conn *pgx.Conn
	name string
}

// ErrTargetChanged refuses a forwarder run for a target or topic other than
// the one its checkpoint was saved for.
var ErrTargetChanged = errors.New("the forwarder's checkpoint belongs to another target")

// targetKey is what a checkpoint row records of the target: the broker URL
// (without credentials, without a trailing '/': nats://h:4222/ is
// nats://h:4222) and the topic.
func targetKey(cfg Config) string { return strings.TrimRight(cfg.Target, "/") + "#" + cfg.Topic }

// sameTarget reports whether the stored target key names want's target; a
// row saved before the topic was recorded (no '#') is compared by URL.
func sameTarget(stored, want string) bool {
	if !strings.Contains(stored, "#") {
		url, _, _ := strings.Cut(want, "#")
		return strings.TrimRight(stored, "/") == url
	}
	return stored == want
}

// tryOwn takes the lock of the forwarder named cfg.Name and creates its
// checkpoint row. It returns nil, nil when another session holds the lock,
// and ErrTargetChanged when the row was saved for another target (unless
// cfg.Retarget).
func tryOwn(ctx context.Context, pool *pgxpool.Pool, cfg Config) (*owner, error) {
	name, target := cfg.Name, targetKey(cfg)
	pc, err := pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("forwarder %s: connect: %w", name, err)
	}
	conn := pc.Hijack()
	var got bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(`+lockKeySQL+`)`, name).Scan(&got); err != nil || !got {
		_ = conn.Close(context.WithoutCancel(ctx))
		if err != nil {
			return nil, fmt.Errorf("forwarder %s: lock: %w", name, err)
		}
		return nil, nil
	}
	var stored string
	var pos uint64
	err = conn.QueryRow(ctx, `SELECT target, position FROM forwarder_checkpoints WHERE name = $1`, name).Scan(&stored, &pos)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		_ = conn.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("forwarder %s: read checkpoint: %w", name, err)
	case pos > 0 && stored != "" && !sameTarget(stored, target) && !cfg.Retarget:
		_ = conn.Close(context.WithoutCancel(ctx))
		was, _, _ := strings.Cut(stored, "#")
		wasTopic := "?"
		if _, t, ok := strings.Cut(stored, "#"); ok {
			wasTopic = t
		}
		return nil, fmt.Errorf("%w: forwarder %s published up to position %d to %s (topic %s), not to %s (topic %s), which would never receive those events: "+
			"give a new --name to start this target from position 0, or --retarget to go on from position %d",
			ErrTargetChanged, name, pos, was, wasTopic, cfg.Target, cfg.Topic, pos)
	}
	_, err = conn.Exec(ctx, `INSERT INTO forwarder_checkpoints (name, target) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET target = EXCLUDED.target`, name, target)
	if err != nil {
		_ = conn.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("forwarder %s: create checkpoint: %w", name, err)
	}
	return &owner{conn: conn, name: name}, nil
}

// checkpoint returns the saved position and count of published events.
func (o *owner) checkpoint(ctx context.Context) (pos, published uint64, err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	err = o.conn.QueryRow(ctx, `SELECT position, published FROM forwarder_checkpoints WHERE name = $1`, o.name).Scan(&pos, &published)
	if err != nil {
		return 0, 0, fmt.Errorf("forwarder %s: read checkpoint: %w", o.name, err)
	}
	return pos, published, nil
}

// save moves the checkpoint forward to pos (never back) and records the
// count of published events.
func (o *owner) save(ctx context.Context, pos, published uint64) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	o.mu.Lock()
	defer o.mu.Unlock()
	_, err := o.conn.Exec(ctx, `UPDATE forwarder_checkpoints SET position = $2, published = $3, updated_at = now()
		WHERE name = $1 AND position <= $2`, o.name, pos, published)
	if err != nil {
		return fmt.Errorf("forwarder %s: save checkpoint at %d: %w", o.name, pos, err)
	}
	return nil
}

// release unlocks and closes the connection.
func (o *owner) release(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	o.mu.Lock()
	defer o.mu.Unlock()
	_, _ = o.conn.Exec(ctx, `SELECT pg_advisory_unlock(`+lockKeySQL+`)`, o.name)
	_ = o.conn.Close(ctx)
}

// Checkpoint returns the position saved by the forwarder named name (0 when
// it never ran).
func Checkpoint(ctx context.Context, pool *pgxpool.Pool, name string) (uint64, error) {
	var pos uint64
	err := pool.QueryRow(ctx, `SELECT coalesce(max(position), 0) FROM forwarder_checkpoints WHERE name = $1`, name).Scan(&pos)
	if err != nil {
		return 0, fmt.Errorf("forwarder %s: read checkpoint: %w", name, err)
	}
	return pos, nil
}
