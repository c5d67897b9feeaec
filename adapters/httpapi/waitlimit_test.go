package httpapi

import (
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/migrations/pgtest"
)

func TestMinPositionWaitsAreLimitedPerCaller(t *testing.T) {
	a := newAPIServer(t, func(api *API, _ *pgtest.Schema) { api.ReadModels.MaxWait = 2 * time.Second })
	tk := a.seed(t)
	far := "/v1/standings?year=2025&min_position=999999999"
	var wg sync.WaitGroup
	statuses := make(chan int, MaxWaitsPerSubject)
	for range MaxWaitsPerSubject {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses <- a.send(t, "GET", far, tk.hr, nil).status
		}()
	}
	deadline := time.Now().Add(2 * time.Second)
	for a.srv.waits.waiting(hrNIP) < MaxWaitsPerSubject {
		if time.Now().After(deadline) {
			t.Fatalf("only %d waits started", a.srv.waits.waiting(hrNIP))
		}
		time.Sleep(5 * time.Millisecond)
	}
	r := a.send(t, "GET", far, tk.hr, nil)
	if r.status != 429 || r.header.Get("Retry-After") == "" || r.problem(t).Type != TypeTooManyRequests {
		t.Fatalf("a wait beyond the limit: %d (Retry-After %q) %s", r.status, r.header.Get("Retry-After"), r.body)
	}
	if r := a.send(t, "GET", "/v1/standings?year=2025", tk.hr, nil); r.status != 200 {
		t.Fatalf("a read without min_position: %d %s", r.status, r.body)
	}
	if r := a.send(t, "GET", "/v1/standings?year=2025&min_position=1", tk.kepala, nil); r.status == 429 {
		t.Fatalf("another caller's wait was refused: %s", r.body)
	}
	wg.Wait()
	close(statuses)
	for st := range statuses {
		if st != 200 {
			t.Fatalf("a wait within the limit answered %d", st)
		}
	}
	if n := a.srv.waits.waiting(hrNIP); n != 0 {
		t.Fatalf("%d wait slots still taken", n)
	}
	a.send(t, "GET", far, tk.hr, nil).must(t, 200, "a wait after the others ended")
}
