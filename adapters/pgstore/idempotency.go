package pgstore

import (
	"context"
	"errors"
	"fmt"

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

// IdempotencyStore keeps the first response per (actor, key) in the
// idempotency_keys table.
type IdempotencyStore struct {
	pool *pgxpool.Pool
}

// NewIdempotencyStore returns an IdempotencyStore over pool.
func NewIdempotencyStore(pool *pgxpool.Pool) *IdempotencyStore { return &IdempotencyStore{pool: pool} }

// Get returns the response stored for (actor, key); found is false for an
// unknown key.
func (s *IdempotencyStore) Get(ctx context.Context, actor, key string) (resp StoredResponse, found bool, err error) {
	var r StoredResponse
	err = s.pool.QueryRow(ctx, `SELECT request_hash, status, etag, body FROM idempotency_keys WHERE actor = $1 AND key = $2`,
		actor, key).Scan(&r.RequestHash, &r.Status, &r.ETag, &r.Body)
	if errors.Is(err, pgx.ErrNoRows) {
		return StoredResponse{}, false, nil
	}
	if err != nil {
		return StoredResponse{}, false, fmt.Errorf("idempotency: get: %w", err)
	}
	return r, true, nil
}

// Put stores resp for (actor, key) unless a response is stored already, and
// returns the response stored (its own or the earlier one), so that
// concurrent retries agree.
func (s *IdempotencyStore) Put(ctx context.Context, actor, key string, resp StoredResponse) (StoredResponse, error) {
	tag, err := s.pool.Exec(ctx, `INSERT INTO idempotency_keys (actor, key, request_hash, status, etag, body)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (actor, key) DO NOTHING`,
		actor, key, resp.RequestHash, resp.Status, resp.ETag, resp.Body)
	if err != nil {
		return StoredResponse{}, fmt.Errorf("idempotency: put: %w", err)
	}
	if tag.RowsAffected() == 1 {
		return resp, nil
	}
	stored, _, err := s.Get(ctx, actor, key)
	return stored, err
}
