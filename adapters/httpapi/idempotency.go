package httpapi

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"strings"
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

// Reservation is what IdempotencyStore.Reserve found for an (actor, key).
type Reservation struct {
	// Owned is true when the request now holds the key and must run its
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

// IdempotencyStore reserves Idempotency-Keys per (actor, key) before the
// command runs, in the database of the events, and keeps the first
// response. Keys expire after a time the store documents.
type IdempotencyStore interface {
	// Reserve reserves the key for the request with hash on path, or
	// returns what holds it: a pending request or a stored response. A
	// pending reservation of the same request whose holder's lease ran out
	// is taken over (Owned).
	Reserve(ctx context.Context, actor, key string, hash []byte, path string) (Reservation, error)
	// Complete stores the response of the owned reservation.
	Complete(ctx context.Context, actor, key string, resp StoredResponse) error
	// Release frees the owned reservation of a request that committed nothing.
	Release(ctx context.Context, actor, key string, hash []byte) error
	// Abandon ends the lease of the owned reservation of a request that may
	// have committed: the same request may take it over at once.
	Abandon(ctx context.Context, actor, key string, hash []byte) error
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
	vs, sent := r.Header[http.CanonicalHeaderKey(IdempotencyKeyHeader)]
	if !sent {
		return "", nil
	}
	// An empty key was taken as none: a retry then appended twice.
	k := strings.TrimSpace(vs[0])
	if k == "" || len(k) > maxIdempotencyKey || !visibleASCII(k) {
		return "", newRequestError(TypeValidation, "The Idempotency-Key must be 1 to 200 visible ASCII characters.",
			FieldError{Field: IdempotencyKeyHeader, Message: "invalid"})
	}
	return k, nil
}

// sameRequest reports whether a stored response answered the same request.
func (s StoredResponse) sameRequest(hash []byte) bool { return bytes.Equal(s.RequestHash, hash) }
