package eventbus

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// lockKeySQL derives a projection's advisory-lock key from its name and the
// schema, so projections of different schemas (tests) do not contend.
const lockKeySQL = `hashtextextended('kinerja.projection.' || current_schema() || '.' || $1, 0)`

// heldLocks returns which of the projections named names some session
// holds the advisory lock of (see tryLock), read from pg_locks: a bigint
// advisory key shows as classid (high 32 bits) and objid (low 32 bits) with
// objsubid 1.
func heldLocks(ctx context.Context, pool *pgxpool.Pool, names []string) (map[string]bool, error) {
	key := strings.Replace(lockKeySQL, "$1", "n.name", 1) // the key tryLock takes, of each name
	rows, err := pool.Query(ctx, `SELECT n.name FROM unnest($1::text[]) AS n(name)
		CROSS JOIN LATERAL (SELECT `+key+` AS k) key
		WHERE EXISTS (SELECT 1 FROM pg_locks l
			WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
			  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
			  AND l.classid::bigint = ((key.k >> 32) & 4294967295) AND l.objid::bigint = (key.k & 4294967295))`, names)
	if err != nil {
		return nil, fmt.Errorf("projection locks: %w", err)
	}
	held, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("projection locks: %w", err)
	}
	out := make(map[string]bool, len(held))
	for _, n := range held {
		out[n] = true
	}
	return out, nil
}

// ownership is a held advisory lock on a dedicated connection. The lock
// lives as long as the connection's session: if this process dies, the
// server ends the session and another process can take the projection.
// The watcher's pings and the release use the one connection from two
// goroutines, so mu serialises every use of conn.
type ownership struct {
	mu   sync.Mutex
	conn *pgx.Conn
	name string
}

// tryLock takes the advisory lock of the projection named name on a
// connection taken out of pool. It returns nil, nil when another session
// holds the lock.
func tryLock(ctx context.Context, pool *pgxpool.Pool, name string) (*ownership, error) {
	pc, err := pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("lock %s: connect: %w", name, err)
	}
	conn := pc.Hijack()
	var got bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock(`+lockKeySQL+`)`, name).Scan(&got); err != nil {
		_ = conn.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("lock %s: %w", name, err)
	}
	if !got {
		_ = conn.Close(ctx)
		return nil, nil
	}
	return &ownership{conn: conn, name: name}, nil
}

// alive reports whether the lock's session still answers.
func (o *ownership) alive(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.conn.Ping(ctx) == nil
}

// watch calls lost when the lock's session stops answering, checking every
// interval until ctx ends.
func (o *ownership) watch(ctx context.Context, interval time.Duration, lost func()) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if !o.alive(ctx) && ctx.Err() == nil {
				lost()
				return
			}
		}
	}
}

// release unlocks and closes the connection; closing alone would also free
// the lock.
func (o *ownership) release(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	o.mu.Lock()
	defer o.mu.Unlock()
	_, _ = o.conn.Exec(ctx, `SELECT pg_advisory_unlock(`+lockKeySQL+`)`, o.name)
	_ = o.conn.Close(ctx)
}
