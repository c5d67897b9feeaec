package main

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/auth"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/projections/projectiontest"
)

// takeoverBound is the documented time within which a killed worker's
// projections are owned by another process (README, docs/operations):
// the database ends a killed process's session at once, and a standby
// retries the lock every 3 s (eventbus.RunnerConfig.LockRetry).
const takeoverBound = 10 * time.Second

// TestScaleOut runs two "kinerja serve" processes (projections off) and
// two "kinerja project" workers of the built binary on one database, under
// write load over HTTP on both servers and straight into the store. One
// worker is killed with SIGKILL under load; the other takes its
// projections over within takeoverBound. Then: the log has every
// acknowledged event exactly once, gapless, with a verifying chain, and
// every read model equals a rebuild.
func TestScaleOut(t *testing.T) {
	started := time.Now()
	bin := buildKinerja(t)
	t.Logf("built in %s", time.Since(started).Round(time.Millisecond))
	ce := newCrashEnv(t)
	ce.appendWorld(t, projectiontest.Config{Seed: 51, Employees: 120, Instansi: 2, Units: 4})
	hr := projectiontest.NIP(102001)
	registerCaller(t, ce.sc.Pool, hr, "I00", "I00-U00", false)
	secret := "kinerja-scale-out-test-secret-0123456789"
	token, err := auth.MintHS256([]byte(secret), auth.Principal{NIP: hr, Roles: []actor.Role{actor.HR}, Instansi: "I00"}, time.Now(), time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var bases []string
	for i := range 2 {
		addr := freeAddr(t)
		startBin(t, bin, ce.sc, fmt.Sprintf("serve%d-%s", i, ce.sc.Name), "&pool_max_conns=10", map[string]string{"KINERJA_ADDR": addr,
			"KINERJA_PROJECTIONS": "off", "KINERJA_JWT_SECRET": secret}, "serve")
		bases = append(bases, "http://"+addr)
	}
	for _, b := range bases {
		waitFor(t, 30*time.Second, "serve at "+b, func() bool {
			resp, err := http.Get(b + "/healthz")
			if err == nil {
				resp.Body.Close()
			}
			return err == nil && resp.StatusCode == 200
		})
	}
	workers := []*binProc{
		startBin(t, bin, ce.sc, "wa-"+ce.sc.Name, "", nil, "project", "-batch", "100"),
		startBin(t, bin, ce.sc, "wb-"+ce.sc.Name, "", nil, "project", "-batch", "100"),
	}
	waitFor(t, 30*time.Second, "every projection owned", func() bool { return len(ce.owners(t)) == len(projectionNames()) })

	load := startLoad(t, ce, bases, token)
	waitFor(t, 30*time.Second, "load under way", func() bool { return load.done() >= 40 })
	victim, survivor := workers[0], workers[1]
	if ce.owner(t, projectionNames()[0]) == survivor.owner(t) {
		victim, survivor = survivor, victim
	}
	victim.kill9(t)
	killed := time.Now()
	t.Logf("worker %s killed after %d HTTP writes of 200", victim.name, load.done())
	waitFor(t, takeoverBound, "the survivor owns every projection", func() bool {
		for _, o := range ce.owners(t) {
			if o != survivor.owner(t) {
				return false
			}
		}
		return len(ce.owners(t)) == len(projectionNames())
	})
	t.Logf("projections taken over %s after the kill (bound %s)", time.Since(killed).Round(time.Millisecond), takeoverBound)
	acked := load.wait(t)

	head := ce.head(t)
	ce.waitCaughtUp(t, head)
	checkLog(t, ce, head, acked)
	checkRegisteredOnce(t, ce, load.nips)
	survivor.terminate(t)
	t.Logf("load and checks done at %s", time.Since(started).Round(time.Millisecond))
	ce.equalsRebuild(t)
}

// owners returns the owner of each running projection.
func (ce *crashEnv) owners(t *testing.T) map[string]string {
	t.Helper()
	rows, err := ce.sc.Pool.Query(context.Background(), `SELECT name, owner FROM projection_status WHERE state = 'running' AND owner <> ''`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var n, o string
		if err := rows.Scan(&n, &o); err != nil {
			t.Fatal(err)
		}
		out[n] = o
	}
	return out
}

// load is the write load of the scale-out test: employees registered over
// HTTP, alternately on each server, from 8 clients, while a second world
// is appended straight into the store.
type load struct {
	mu    sync.Mutex
	count int
	ids   []string // event ids of the acknowledged HTTP commands
	nips  []string // the employees registered over HTTP
	errs  []error
	wg    sync.WaitGroup
	world []projectiontest.Append
}

func startLoad(t *testing.T, ce *crashEnv, bases []string, token string) *load {
	t.Helper()
	l := &load{world: projectiontest.Generate(projectiontest.Config{Seed: 52, Employees: 40, Instansi: 2, Year: 2026})}
	const clients, perClient = 8, 25
	for c := range clients {
		l.wg.Go(func() {
			for i := range perClient {
				n := 101001 + c*perClient + i
				body := map[string]any{"nip": projectiontest.NIP(n), "name": fmt.Sprintf("Pegawai Baru %d", n), "status": "pns",
					"instansi": "I00", "unit": "I00-U01", "golongan": "III/a", "golongan_tmt": "2020-01-01",
					"jabatan": map[string]any{"kind": "administrasi", "level": "pelaksana", "name": "Analis"}}
				status, res, err := registerOnce(bases, c+i, token, body, fmt.Sprintf("scale-out-%d", n))
				l.mu.Lock()
				if err != nil || status != http.StatusCreated || len(res.EventIDs) == 0 {
					l.errs = append(l.errs, fmt.Errorf("register %d: status %d, %+v, %v", n, status, res, err))
				} else {
					l.count++
					l.nips = append(l.nips, projectiontest.NIP(n))
					l.ids = append(l.ids, res.EventIDs...)
				}
				l.mu.Unlock()
			}
		})
	}
	l.wg.Go(func() {
		for _, a := range l.world {
			if _, err := ce.store.Append(context.Background(), a.Stream, eventlog.Any, a.Events...); err != nil {
				l.mu.Lock()
				l.errs = append(l.errs, fmt.Errorf("append to %s: %w", a.Stream, err))
				l.mu.Unlock()
				return
			}
		}
	})
	return l
}

// registerOnce posts an employee registration, and while the answer says
// to retry later (503 when the shared database is overloaded, or 409 while
// an abandoned first attempt's key is still reserved; both with
// Retry-After, nothing acknowledged) retries it with the same
// Idempotency-Key on the other server, as a client should: the employee
// must then be registered exactly once.
func registerOnce(bases []string, first int, token string, body any, key string) (int, commandResult, error) {
	for try := 0; ; try++ {
		status, res, err := postJSON(context.Background(), bases[(first+try)%len(bases)]+"/v1/employees", token, key, body)
		retry := status == http.StatusServiceUnavailable || (status == http.StatusConflict && res.RetryAfter != "")
		if err != nil || !retry || try == 30 {
			return status, res, err
		}
		wait, _ := strconv.Atoi(res.RetryAfter)
		time.Sleep(time.Duration(min(max(wait, 1), 5)) * time.Second)
	}
}

// done returns how many HTTP commands were acknowledged so far.
func (l *load) done() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.count
}

// wait waits for the load to end, fails on any error, and returns the
// acknowledged event ids with the ids of the appended world.
func (l *load) wait(t *testing.T) []string {
	t.Helper()
	l.wg.Wait()
	if len(l.errs) > 0 {
		t.Fatalf("%d writes failed, first: %v", len(l.errs), l.errs[0])
	}
	ids := append([]string(nil), l.ids...)
	for _, a := range l.world {
		for _, e := range a.Events {
			ids = append(ids, e.ID)
		}
	}
	return ids
}

// checkRegisteredOnce checks that each employee registered over HTTP has
// exactly one registration event: retries did not register anyone twice.
func checkRegisteredOnce(t *testing.T, ce *crashEnv, nips []string) {
	t.Helper()
	streams := make([]string, len(nips))
	for i, n := range nips {
		streams[i] = employee.Stream(n)
	}
	var streamsSeen, events int
	err := ce.sc.Pool.QueryRow(context.Background(), `SELECT count(DISTINCT stream), count(*) FROM events
		WHERE type = $1 AND stream = ANY($2)`, employee.TypeRegistered, streams).Scan(&streamsSeen, &events)
	if err != nil {
		t.Fatal(err)
	}
	if streamsSeen != len(nips) || events != len(nips) {
		t.Fatalf("%d registrations in %d streams, want exactly one in each of %d", events, streamsSeen, len(nips))
	}
}

// checkLog checks that the log's positions are 1..head, every event id is
// there once, every acknowledged event is there, and the chain verifies.
func checkLog(t *testing.T, ce *crashEnv, head uint64, acked []string) {
	t.Helper()
	seen := map[string]uint64{}
	next := uint64(1)
	for after := uint64(0); ; {
		page, err := ce.store.ReadAll(context.Background(), after, 2000)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, e := range page {
			if e.Position != next {
				t.Fatalf("position %d follows %d", e.Position, next-1)
			}
			if p, dup := seen[e.ID]; dup {
				t.Fatalf("event %s at positions %d and %d", e.ID, p, e.Position)
			}
			seen[e.ID] = e.Position
			next++
		}
		after = page[len(page)-1].Position
	}
	if next-1 != head {
		t.Fatalf("read %d events, head %d", next-1, head)
	}
	var lost []string
	for _, id := range acked {
		if _, ok := seen[id]; !ok {
			lost = append(lost, id)
		}
	}
	if len(lost) > 0 {
		t.Fatalf("%d acknowledged events missing from the log: %s", len(lost), strings.Join(lost[:min(5, len(lost))], ", "))
	}
	rep, err := ce.store.Verify(context.Background(), nil)
	if err != nil || !rep.OK {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
	t.Logf("log: %d events gapless, %d acknowledged writes all present once, chain verifies", head, len(acked))
}
