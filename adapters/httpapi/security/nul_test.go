package security

import (
	"testing"

	"github.com/kinerja/kinerja/adapters/httpapi/httpapitest"
	"github.com/kinerja/kinerja/domain/actor"
)

// queryNames are the query parameters the NUL sweep poisons: the ones the
// API reads, and one it does not.
var queryNames = []string{"min_position", "as_of", "year", "unit", "instansi", "after", "limit", "stream", "type", "unknown"}

// TestHole6NULInAnyQueryParameterOrPathIs400 sends, to every route of the
// server with every method, a NUL (and invalid UTF-8) in each query
// parameter and in each path variable (whether or not the variable has a
// pattern), with a token that has every role of the instansi: each is 400,
// and nothing is appended.
func TestHole6NULInAnyQueryParameterOrPathIs400(t *testing.T) {
	t.Parallel()
	s := httpapitest.New(t, httpapitest.Options{})
	s.ApprovedSKPs(t)
	tok := s.Token(t, httpapitest.HRNIP, httpapitest.Instansi, actor.HR, actor.Admin, actor.Auditor, actor.Inspektorat,
		actor.Pimpinan, actor.PejabatPenilai, actor.Pegawai)
	head := s.Head(t)
	vals := pathValues()
	for _, rt := range s.HTTP.Routes() {
		for _, method := range rt.Methods {
			for _, bad := range []string{"%00", "%ff%fe"} {
				for _, q := range queryNames {
					path := concrete(t, rt.Path, vals, "", "") + "?" + q + "=x" + bad
					expect(t, s, method, path, tok, 400)
				}
				for _, v := range varsOf(rt.Path) {
					expect(t, s, method, concrete(t, rt.Path, vals, v, bad), tok, 400)
				}
			}
		}
	}
	if after := s.Head(t); after != head {
		t.Errorf("the sweep appended to the log: head %d → %d", head, after)
	}
}

// expect sends a request without a body and checks its status.
func expect(t *testing.T, s *httpapitest.Server, method, path, tok string, want int) {
	t.Helper()
	r := s.Send(t, method, path, tok, nil)
	if r.Status != want {
		t.Errorf("%s %s: status %d, want %d: %.300s", method, path, r.Status, want, r.Body)
	}
}
