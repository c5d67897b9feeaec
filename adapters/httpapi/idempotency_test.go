package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

// unitBody registers unit code under the dinas.
func unitBody(code string) map[string]any {
	return map[string]any{"code": code, "name": "Unit " + code, "parent": "dinas", "instansi": instansi}
}

// TestIdempotencyKeyAcrossPathsCommitsOnce sends one Idempotency-Key at
// once to two write paths: exactly one commits and is answered with
// success, the other is refused with 422 and appends nothing.
func TestIdempotencyKeyAcrossPathsCommitsOnce(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	for round := range 20 {
		key := []string{IdempotencyKeyHeader, fmt.Sprintf("race-%d", round)}
		code, name := fmt.Sprintf("race-%d", round), fmt.Sprintf("Bidang Sarana %d", round)
		before := a.head(t)
		var create, rename response
		var wg sync.WaitGroup
		start := make(chan struct{})
		wg.Add(2)
		go func() {
			defer wg.Done()
			<-start
			create = a.send(t, "POST", "/v1/units", tk.hr, unitBody(code), key...)
		}()
		go func() {
			defer wg.Done()
			<-start
			rename = a.send(t, "POST", "/v1/units/bidang-b/rename", tk.hr, map[string]any{"name": name}, key...)
		}()
		close(start)
		wg.Wait()
		created, renamed := len(a.stream(t, "unit-"+code)) > 0, a.unitName(t, "bidang-b") == name
		if created == renamed {
			t.Fatalf("round %d: created %v, renamed %v (statuses %d, %d): want exactly one committed",
				round, created, renamed, create.status, rename.status)
		}
		winner, loser := create, rename
		if renamed {
			winner, loser = rename, create
		}
		if winner.status/100 != 2 {
			t.Fatalf("round %d: the committed write was answered %d: %s", round, winner.status, winner.body)
		}
		if loser.status != 422 || loser.problem(t).Type != TypeIdempotencyKeyReused {
			t.Fatalf("round %d: the other write was answered %d: %s", round, loser.status, loser.body)
		}
		if after := a.head(t); after != before+1 {
			t.Fatalf("round %d: the log moved from %d to %d, want one event", round, before, after)
		}
	}
}

// unitName reads a unit's name through the API.
func (a *apiServer) unitName(t testing.TB, code string) string {
	t.Helper()
	var u struct {
		Name string `json:"name"`
	}
	a.send(t, "GET", "/v1/units/"+code, a.token(t, hrNIP, instansi, "hr"), nil).must(t, 200, "get unit").json(t, &u)
	return u.Name
}

// lostStore is an IdempotencyStore that loses the outcome of commands, as
// a process that dies between the append and storing the response does.
type lostStore struct {
	IdempotencyStore
	mu   sync.Mutex
	lose bool
}

var errLost = errors.New("connection lost")

func (l *lostStore) losing() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lose
}

func (l *lostStore) Complete(ctx context.Context, actor, key string, resp StoredResponse) error {
	if l.losing() {
		return errLost
	}
	return l.IdempotencyStore.Complete(ctx, actor, key, resp)
}

func (l *lostStore) Abandon(ctx context.Context, actor, key string, hash []byte) error {
	if l.losing() {
		return errLost
	}
	return l.IdempotencyStore.Abandon(ctx, actor, key, hash)
}

// TestIdempotentRetryAfterLostResponseAnswersSuccess: a write whose
// response could not be stored is still answered with success, and a retry
// of it (once the first request's lease ran out) finds the committed
// events by their derived ids and answers the same event ids.
func TestIdempotentRetryAfterLostResponseAnswersSuccess(t *testing.T) {
	var ls *lostStore
	a := newAPIServer(t, func(api *API, sc *pgtest.Schema) {
		ls = &lostStore{IdempotencyStore: idempotencyStore{pgstore.NewIdempotencyStoreWith(
			sc.Pool, pgstore.IdempotencyConfig{Lease: 300 * time.Millisecond})}}
		api.Idempotency = ls
	})
	tk := a.seed(t)
	key := []string{IdempotencyKeyHeader, "lost-1"}
	ls.mu.Lock()
	ls.lose = true
	ls.mu.Unlock()
	first := a.send(t, "POST", "/v1/units", tk.hr, unitBody("lost"), key...).must(t, 201, "the write whose response was lost")
	ls.mu.Lock()
	ls.lose = false
	ls.mu.Unlock()
	before := a.head(t)
	again := a.send(t, "POST", "/v1/units", tk.hr, unitBody("lost"), key...).must(t, 201, "the retry")
	var w1, w2 writeResponse
	first.json(t, &w1)
	again.json(t, &w2)
	if diff := cmp.Diff(w1.EventIDs, w2.EventIDs); diff != "" || len(w1.EventIDs) == 0 {
		t.Fatalf("retry event ids differ (-first +retry):\n%s", diff)
	}
	if a.head(t) != before {
		t.Fatalf("the retry appended: head %d, was %d", a.head(t), before)
	}
	third := a.send(t, "POST", "/v1/units", tk.hr, unitBody("lost"), key...).must(t, 201, "a retry of the retry")
	if !bytes.Equal(third.body, again.body) {
		t.Fatalf("stored response %s, want %s", third.body, again.body)
	}
	a.denied(t, 422, TypeIdempotencyKeyReused, "the key on another path", "POST", "/v1/units/bidang-b/rename", tk.hr,
		map[string]any{"name": "Other"}, key...)
}

// TestIdempotencyKeysExpire: after the TTL a key is free for a new request,
// and the purge removes it.
func TestIdempotencyKeysExpire(t *testing.T) {
	var store *pgstore.IdempotencyStore
	a := newAPIServer(t, func(api *API, sc *pgtest.Schema) {
		store = pgstore.NewIdempotencyStoreWith(sc.Pool, pgstore.IdempotencyConfig{TTL: 500 * time.Millisecond})
		api.Idempotency = idempotencyStore{store}
	})
	tk := a.seed(t)
	key := []string{IdempotencyKeyHeader, "expiring"}
	a.send(t, "POST", "/v1/units", tk.hr, unitBody("exp-1"), key...).must(t, 201, "first use")
	a.denied(t, 422, TypeIdempotencyKeyReused, "reuse within the TTL", "POST", "/v1/units", tk.hr, unitBody("exp-2"), key...)
	time.Sleep(600 * time.Millisecond)
	a.send(t, "POST", "/v1/units", tk.hr, unitBody("exp-2"), key...).must(t, 201, "reuse after the TTL")
	time.Sleep(600 * time.Millisecond)
	n, err := store.Purge(context.Background())
	if err != nil || n == 0 {
		t.Fatalf("Purge = %d, %v; want the expired key removed", n, err)
	}
	var left int
	if err := a.sc.Pool.QueryRow(context.Background(), `SELECT count(*) FROM idempotency_keys`).Scan(&left); err != nil || left != 0 {
		t.Fatalf("%d keys left after the purge, %v", left, err)
	}
}

// goneStore reserves a key and then, once, has the client go away before
// answering: the reservation is stored, the request ends without running
// its command.
type goneStore struct {
	IdempotencyStore
	mu   sync.Mutex
	gone func() // cancels the client's request; nil once used
}

func (g *goneStore) Reserve(ctx context.Context, actor, key string, hash []byte, path string) (Reservation, error) {
	g.mu.Lock()
	gone := g.gone
	g.gone = nil
	g.mu.Unlock()
	if gone == nil {
		return g.IdempotencyStore.Reserve(ctx, actor, key, hash, path)
	}
	if _, err := g.IdempotencyStore.Reserve(context.WithoutCancel(ctx), actor, key, hash, path); err != nil {
		return Reservation{}, err
	}
	gone()
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
	}
	return Reservation{}, fmt.Errorf("idempotency: reserve: %w", ctx.Err())
}

// TestClientGoneWhileReservingFreesTheKeyForItsRetry: a client that gives
// up while its key is being reserved left the key pending for the lease
// (30 s), its retries answered "still running" though nothing ran. The
// retry of the same request now runs at once, and commits once.
func TestClientGoneWhileReservingFreesTheKeyForItsRetry(t *testing.T) {
	g := &goneStore{}
	a := newAPIServer(t, func(api *API, sc *pgtest.Schema) {
		g.IdempotencyStore = api.Idempotency
		api.Idempotency = g
	})
	tk := a.seed(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	g.mu.Lock()
	g.gone = cancel
	g.mu.Unlock()
	raw, _ := json.Marshal(unitBody("gone"))
	req, _ := http.NewRequestWithContext(ctx, "POST", a.url+"/v1/units", bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tk.hr)
	req.Header.Set(IdempotencyKeyHeader, "gone-1")
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
		t.Fatalf("the request whose client went away was answered %d", resp.StatusCode)
	}
	before := a.head(t)
	a.send(t, "POST", "/v1/units", tk.hr, unitBody("gone"), IdempotencyKeyHeader, "gone-1").must(t, 201, "the retry")
	if a.head(t) == before {
		t.Fatal("the retry appended nothing")
	}
}

// TestIdempotencyKeysOfTheDocumentedLength: keys of 182 to 200 characters
// were refused ("idempotency_key is 219 characters long"): the limit was
// checked after the key was scoped by the caller's NIP. And a key's
// characters past the 128th were not checked at all.
func TestIdempotencyKeysOfTheDocumentedLength(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	rename := func(key, name string) response {
		return a.send(t, "POST", "/v1/units/bidang-a/rename", tk.hr, map[string]any{"name": name}, IdempotencyKeyHeader, key)
	}
	long := strings.Repeat("k", 200)
	first := rename(long, "Bidang Kurikulum Daerah").must(t, 200, "a 200-character key")
	if again := rename(long, "Bidang Kurikulum Daerah").must(t, 200, "its retry"); string(again.body) != string(first.body) {
		t.Errorf("retry answered %s, want the first answer %s", again.body, first.body)
	}
	for name, key := range map[string]string{
		"201 characters":   strings.Repeat("k", 201),
		"a space at 150":   strings.Repeat("k", 149) + " x",
		"non-ASCII at 140": strings.Repeat("k", 139) + "é",
	} {
		p := a.denied(t, 400, TypeValidation, name, "POST", "/v1/units/bidang-a/rename", tk.hr, map[string]any{"name": "X"}, IdempotencyKeyHeader, key)
		if len(p.Errors) != 1 || p.Errors[0].Field != IdempotencyKeyHeader {
			t.Errorf("%s: %+v", name, p)
		}
	}
}
