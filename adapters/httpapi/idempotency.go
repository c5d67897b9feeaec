package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/http"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// IdempotencyKeyHeader is the header a client sets to make a write safe to retry.
const IdempotencyKeyHeader = "Idempotency-Key"

// maxIdempotencyKey bounds the length of an Idempotency-Key.
const maxIdempotencyKey = 200

// StoredResponse is the first response to a write sent with an
// Idempotency-Key, kept so that retries get it again.
type StoredResponse struct {
	RequestHash []byte
	Status      int
	ETag        string
	Body        []byte
}

// IdempotencyStore keeps the first response per (actor, key). Get returns
// found=false for an unknown key. Put stores a response unless one is
// already stored for the key, and returns the response stored (its own or
// the earlier one) so that concurrent retries agree.
type IdempotencyStore interface {
	Get(ctx context.Context, actor, key string) (StoredResponse, bool, error)
	Put(ctx context.Context, actor, key string, resp StoredResponse) (StoredResponse, error)
}

// PGDB is what PGIdempotency needs of a pgx pool.
type PGDB interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// PGIdempotency is the IdempotencyStore over the idempotency_keys table.
type PGIdempotency struct {
	db PGDB
}

// NewPGIdempotency returns an IdempotencyStore over db.
func NewPGIdempotency(db PGDB) *PGIdempotency { return &PGIdempotency{db: db} }

// Get returns the response stored for (actor, key).
func (p *PGIdempotency) Get(ctx context.Context, actor, key string) (StoredResponse, bool, error) {
	var r StoredResponse
	err := p.db.QueryRow(ctx, `SELECT request_hash, status, etag, body FROM idempotency_keys WHERE actor = $1 AND key = $2`,
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
// returns the stored one.
func (p *PGIdempotency) Put(ctx context.Context, actor, key string, resp StoredResponse) (StoredResponse, error) {
	tag, err := p.db.Exec(ctx, `INSERT INTO idempotency_keys (actor, key, request_hash, status, etag, body)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (actor, key) DO NOTHING`,
		actor, key, resp.RequestHash, resp.Status, resp.ETag, resp.Body)
	if err != nil {
		return StoredResponse{}, fmt.Errorf("idempotency: put: %w", err)
	}
	if tag.RowsAffected() == 1 {
		return resp, nil
	}
	stored, _, err := p.Get(ctx, actor, key)
	return stored, err
}

// requestHash identifies a write request: its method, path and body.
func requestHash(r *http.Request, body []byte) []byte {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n", r.Method, r.URL.Path, r.Header.Get("If-Match"))
	h.Write(body)
	return h.Sum(nil)
}

// idempotencyKey returns the request's Idempotency-Key, or a request error
// when it is too long or has characters other than visible ASCII.
func idempotencyKey(r *http.Request) (string, error) {
	k := r.Header.Get(IdempotencyKeyHeader)
	if len(k) > maxIdempotencyKey || (k != "" && !validRequestID(k[:min(len(k), 128)])) {
		return "", newRequestError(TypeValidation, "The Idempotency-Key must be 1 to 200 visible ASCII characters.",
			FieldError{Field: IdempotencyKeyHeader, Message: "invalid"})
	}
	return k, nil
}

// sameRequest reports whether a stored response answered the same request.
func (s StoredResponse) sameRequest(hash []byte) bool { return bytes.Equal(s.RequestHash, hash) }
