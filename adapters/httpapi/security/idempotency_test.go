package security

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/adapters/httpapi/httpapitest"
)

// unitBody registers unit code under the dinas of the fixture's instansi.
func unitBody(code string) map[string]any {
	return map[string]any{"code": code, "name": "Unit " + code, "parent": "dinas", "instansi": httpapitest.Instansi}
}

// unitName reads a unit's name over HTTP.
func unitName(t *testing.T, s *httpapitest.Server, tok, code string) string {
	t.Helper()
	var u struct {
		Name string `json:"name"`
	}
	s.Send(t, "GET", "/v1/units/"+code, tok, nil).Must(t, 200, "read unit "+code).JSON(t, &u)
	return u.Name
}

// TestHole3OneIdempotencyKeyOnTwoPathsCommitsOnce sends one
// Idempotency-Key at the same moment to two write paths (register a unit,
// rename another), 20 rounds: exactly one of them commits and is answered
// with success, never an error; the other is 422 and appends nothing. Sent
// again, each request is answered as the first time: the committed one
// with its first response, byte for byte, and nothing more is appended.
//
// Before the fix the key was not reserved before the command ran: both
// writes committed and one client was answered 422 (20 of 20 rounds).
func TestHole3OneIdempotencyKeyOnTwoPathsCommitsOnce(t *testing.T) {
	t.Parallel()
	s := httpapitest.New(t, httpapitest.Options{})
	tk := s.Seed(t)
	for round := range 20 {
		key := []string{httpapi.IdempotencyKeyHeader, fmt.Sprintf("race-%d", round)}
		code, name := fmt.Sprintf("race-%d", round), fmt.Sprintf("Bidang Sarana %d", round)
		create := func() httpapitest.Response { return s.Send(t, "POST", "/v1/units", tk.HR, unitBody(code), key...) }
		rename := func() httpapitest.Response {
			return s.Send(t, "POST", "/v1/units/bidang-b/rename", tk.HR, map[string]any{"name": name}, key...)
		}
		before := s.Head(t)
		var created, renamed httpapitest.Response
		var wg sync.WaitGroup
		start := make(chan struct{})
		wg.Add(2)
		go func() { defer wg.Done(); <-start; created = create() }()
		go func() { defer wg.Done(); <-start; renamed = rename() }()
		close(start)
		wg.Wait()
		didCreate, didRename := len(s.Stream(t, "unit-"+code)) > 0, unitName(t, s, tk.HR, "bidang-b") == name
		if didCreate == didRename {
			t.Fatalf("round %d: created %v, renamed %v (statuses %d, %d): want exactly one committed",
				round, didCreate, didRename, created.Status, renamed.Status)
		}
		winner, loser, again, otherAgain := created, renamed, create, rename
		if didRename {
			winner, loser, again, otherAgain = renamed, created, rename, create
		}
		if winner.Status/100 != 2 {
			t.Fatalf("round %d: the committed write was answered %d: %s", round, winner.Status, winner.Body)
		}
		if loser.Status != 422 || loser.Problem(t).Type != httpapi.TypeIdempotencyKeyReused {
			t.Fatalf("round %d: the other write was answered %d: %s", round, loser.Status, loser.Body)
		}
		if after := s.Head(t); after != before+1 {
			t.Fatalf("round %d: the log moved from %d to %d, want one event", round, before, after)
		}
		if r := again(); r.Status != winner.Status || !bytes.Equal(r.Body, winner.Body) {
			t.Fatalf("round %d: the committed request sent again: %d %s, want the first response %d %s",
				round, r.Status, r.Body, winner.Status, winner.Body)
		}
		if r := otherAgain(); r.Status != 422 {
			t.Fatalf("round %d: the refused request sent again: %d %s", round, r.Status, r.Body)
		}
		if after := s.Head(t); after != before+1 {
			t.Fatalf("round %d: sending again moved the log from %d to %d", round, before+1, after)
		}
	}
}
