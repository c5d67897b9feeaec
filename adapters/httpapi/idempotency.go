package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
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
