package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// StoredResponse is the first response to a write sent with an
// Idempotency-Key, kept so that retries get it again.
type StoredResponse struct {
	RequestHash []byte
	Status      int
	ETag        string
	Body        []byte
}

// Reservation is what Reserve found for an (actor, key).
type Reservation struct {
	// Owned is true when the caller now holds the key and must run its
	// command, then Complete, Release or Abandon the reservation.
	Owned bool
	// Pending is true when another request holds the key and has not
	// finished; Stored.RequestHash and Path say which request it is.
	Pending bool
	// Stored is the response kept for the key when it is neither owned nor
	// pending, and the holder's request hash otherwise.
	Stored StoredResponse
	// Path is the request path the key was reserved for.
	Path string
}

// Defaults of IdempotencyConfig.
const (
	DefaultIdempotencyTTL   = 24 * time.Hour
	DefaultIdempotencyLease = 30 * time.Second
)

// IdempotencyConfig configures an IdempotencyStore. Zero fields take
// their defaults.
type IdempotencyConfig struct {
	// TTL is how long a key is kept from its reservation on; an older key
	// is free to use again and is removed by Purge. Default 24 h.
	TTL time.Duration
	// Lease is how long a pending reservation belongs to the request that
	// made it; afterwards the same request (same hash) may take it over.
	// Default 30 s.
	Lease time.Duration
}

// IdempotencyStore reserves Idempotency-Keys and keeps the first response
// per (actor, key) in the idempotency_keys table, next to the events.
type IdempotencyStore struct {
	pool *pgxpool.Pool
	cfg  IdempotencyConfig
}

// NewIdempotencyStore returns an IdempotencyStore over pool with the
// default TTL and lease.
func NewIdempotencyStore(pool *pgxpool.Pool) *IdempotencyStore {
	return NewIdempotencyStoreWith(pool, IdempotencyConfig{})
}

// NewIdempotencyStoreWith returns an IdempotencyStore over pool configured by cfg.
func NewIdempotencyStoreWith(pool *pgxpool.Pool, cfg IdempotencyConfig) *IdempotencyStore {
	if cfg.TTL <= 0 {
		cfg.TTL = DefaultIdempotencyTTL
	}
	if cfg.Lease <= 0 {
		cfg.Lease = DefaultIdempotencyLease
	}
	return &IdempotencyStore{pool: pool, cfg: cfg}
}

// TTL returns how long keys are kept.
func (s *IdempotencyStore) TTL() time.Duration { return s.cfg.TTL }

// Get returns the completed response stored for (actor, key); found is
// false for an unknown, pending or expired key.
func (s *IdempotencyStore) Get(ctx context.Context, actor, key string) (resp StoredResponse, found bool, err error) {
	var r StoredResponse
	err = s.pool.QueryRow(ctx, `SELECT request_hash, status, etag, body FROM idempotency_keys
		WHERE actor = $1 AND key = $2 AND state = 'done' AND created_at >= now() - $3 * interval '1 millisecond'`,
		actor, key, s.cfg.TTL.Milliseconds()).Scan(&r.RequestHash, &r.Status, &r.ETag, &r.Body)
	if errors.Is(err, pgx.ErrNoRows) {
		return StoredResponse{}, false, nil
	}
	if err != nil {
		return StoredResponse{}, false, fmt.Errorf("idempotency: get: %w", err)
	}
	return r, true, nil
}

// reserveSQL inserts a pending reservation, or takes over an existing row
// that expired (any request) or whose lease ran out (the same request only).
const reserveSQL = `INSERT INTO idempotency_keys AS k (actor, key, request_hash, path, state, status, etag, body)
	VALUES ($1, $2, $3, $4, 'pending', 0, '', '')
	ON CONFLICT (actor, key) DO UPDATE SET request_hash = EXCLUDED.request_hash, path = EXCLUDED.path,
		state = 'pending', status = 0, etag = '', body = '', reserved_at = now(),
		created_at = CASE WHEN k.created_at < now() - $5 * interval '1 millisecond' THEN now() ELSE k.created_at END
	WHERE k.created_at < now() - $5 * interval '1 millisecond'
	   OR (k.state = 'pending' AND k.request_hash = EXCLUDED.request_hash AND k.reserved_at < now() - $6 * interval '1 millisecond')
	RETURNING true`

// Reserve reserves (actor, key) for the request with hash on path before
// its command runs. It returns Owned when the key was free (unknown or
// expired) or its same-hash holder's lease ran out; otherwise what holds
// the key: a pending request or a stored response.
func (s *IdempotencyStore) Reserve(ctx context.Context, actor, key string, hash []byte, path string) (Reservation, error) {
	for range 3 {
		var owned bool
		err := s.pool.QueryRow(ctx, reserveSQL, actor, key, hash, path,
			s.cfg.TTL.Milliseconds(), s.cfg.Lease.Milliseconds()).Scan(&owned)
		if err == nil {
			return Reservation{Owned: true}, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return Reservation{}, fmt.Errorf("idempotency: reserve: %w", err)
		}
		var r Reservation
		var state string
		err = s.pool.QueryRow(ctx, `SELECT state, path, request_hash, status, etag, body FROM idempotency_keys
			WHERE actor = $1 AND key = $2`, actor, key).Scan(&state, &r.Path, &r.Stored.RequestHash, &r.Stored.Status, &r.Stored.ETag, &r.Stored.Body)
		if errors.Is(err, pgx.ErrNoRows) {
			continue // released in between: try again
		}
		if err != nil {
			return Reservation{}, fmt.Errorf("idempotency: reserve: %w", err)
		}
		r.Pending = state == "pending"
		return r, nil
	}
	return Reservation{}, errors.New("idempotency: reserve: the key keeps changing hands")
}

// Complete stores resp as the response of the pending reservation of
// (actor, key) with resp's request hash.
func (s *IdempotencyStore) Complete(ctx context.Context, actor, key string, resp StoredResponse) error {
	_, err := s.pool.Exec(ctx, `UPDATE idempotency_keys SET state = 'done', status = $4, etag = $5, body = $6
		WHERE actor = $1 AND key = $2 AND request_hash = $3 AND state = 'pending'`,
		actor, key, resp.RequestHash, resp.Status, resp.ETag, resp.Body)
	if err != nil {
		return fmt.Errorf("idempotency: complete: %w", err)
	}
	return nil
}

// Release removes the pending reservation of (actor, key) for the request
// with hash, whose command was refused and committed nothing: the key is
// free again.
func (s *IdempotencyStore) Release(ctx context.Context, actor, key string, hash []byte) error {
	_, err := s.pool.Exec(ctx, `DELETE FROM idempotency_keys
		WHERE actor = $1 AND key = $2 AND request_hash = $3 AND state = 'pending'`, actor, key, hash)
	if err != nil {
		return fmt.Errorf("idempotency: release: %w", err)
	}
	return nil
}

// Abandon ends the lease of the pending reservation of (actor, key) for
// the request with hash, whose command failed in a way that may have
// committed: the same request may take it over at once, any other request
// is still refused.
func (s *IdempotencyStore) Abandon(ctx context.Context, actor, key string, hash []byte) error {
	_, err := s.pool.Exec(ctx, `UPDATE idempotency_keys SET reserved_at = '-infinity'
		WHERE actor = $1 AND key = $2 AND request_hash = $3 AND state = 'pending'`, actor, key, hash)
	if err != nil {
		return fmt.Errorf("idempotency: abandon: %w", err)
	}
	return nil
}

// Purge removes the keys older than the TTL and returns how many.
func (s *IdempotencyStore) Purge(ctx context.Context) (int64, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM idempotency_keys WHERE created_at < now() - $1 * interval '1 millisecond'`,
		s.cfg.TTL.Milliseconds())
	if err != nil {
		return 0, fmt.Errorf("idempotency: purge: %w", err)
	}
	return tag.RowsAffected(), nil
}

// RunPurge calls Purge every interval until ctx ends, logging failures
// through onError (which may be nil).
func (s *IdempotencyStore) RunPurge(ctx context.Context, interval time.Duration, onError func(error)) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := s.Purge(ctx); err != nil && onError != nil && ctx.Err() == nil {
				onError(err)
			}
		}
	}
}
