package security

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/adapters/httpapi/httpapitest"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/eventlog"
)

// TestHole6StaleIfMatchIs412: a write with the ETag of a read that is no
// longer current is 412 Precondition Failed (RFC 9110) with the stream's
// current version, and appends nothing; with the current ETag it commits.
//
// Before the fix a stale If-Match was a 409 Conflict.
func TestHole6StaleIfMatchIs412(t *testing.T) {
	t.Parallel()
	s := httpapitest.New(t, httpapitest.Options{})
	tk := s.Seed(t)
	etag := s.Send(t, "GET", "/v1/units/bidang-b", tk.HR, nil).Must(t, 200, "read the unit").Header.Get("ETag")
	if etag == "" {
		t.Fatal("a unit read has no ETag")
	}
	fresh := s.Send(t, "POST", "/v1/units/bidang-b/rename", tk.HR, map[string]any{"name": "Bidang Prasarana"}, "If-Match", etag).
		Must(t, 200, "rename with the current ETag")
	p := s.Denied(t, 412, "rename with a stale ETag", "POST", "/v1/units/bidang-b/rename", tk.HR,
		map[string]any{"name": "Bidang Lain"}, "If-Match", etag)
	if p.Type != httpapi.TypePreconditionFailed || p.CurrentVersion == nil || `"`+strconv.FormatUint(*p.CurrentVersion, 10)+`"` != fresh.Header.Get("ETag") {
		t.Errorf("stale If-Match: %+v, want %s with the current version %s", p, httpapi.TypePreconditionFailed, fresh.Header.Get("ETag"))
	}
	s.Send(t, "POST", "/v1/units/bidang-b/rename", tk.HR, map[string]any{"name": "Bidang Lain"}, "If-Match", fresh.Header.Get("ETag")).
		Must(t, 200, "rename with the ETag of the last write")
}

// TestHole6DuplicateJSONKeysAre400: a body that repeats a key, exactly or
// in another case (text/Text, name/Name), at the top or nested, is a 400
// naming the key, and appends nothing.
//
// Before the fix encoding/json matched keys case-insensitively and the
// last one won, so what a proxy or audit tool read was not what was stored.
func TestHole6DuplicateJSONKeysAre400(t *testing.T) {
	t.Parallel()
	s := httpapitest.New(t, httpapitest.Options{})
	tk := s.ApprovedSKPs(t)
	s.Clock.Set(httpapitest.Day(time.March, 20))
	for _, c := range []struct{ what, path, token, body string }{
		{"name and Name", "/v1/units", tk.HR, `{"code":"dup","name":"Dup","Name":"Other","parent":"dinas","instansi":"pemprov-jabar"}`},
		{"text and Text", httpapitest.SKPPath + "/feedback", tk.Penilai, `{"rhk":"rhk-1","text":"Bagus","Text":"Buruk"}`},
		{"an exact repeat", "/v1/units", tk.HR, `{"code":"dup","code":"dup2","name":"Dup","parent":"dinas","instansi":"pemprov-jabar"}`},
		{"a nested repeat", httpapitest.SKPPath + "/plan", tk.Pegawai,
			`{"plan":{"rhk":[{"id":"rhk-1","kind":"utama","text":"A","Text":"B","iki":[]}],"perilaku":[]}}`},
	} {
		p := s.Denied(t, 400, c.what, "POST", c.path, c.token, c.body)
		if p.Type != httpapi.TypeValidation || len(p.Errors) == 0 {
			t.Errorf("%s: %+v, want a validation problem naming the key", c.what, p)
		}
	}
}

// TestHole6UnreachableDatabaseIs503: a server whose database cannot be
// reached (its pool points at a closed port) answers writes, with and
// without an Idempotency-Key, and reads 503 with Retry-After, and /readyz
// says so.
//
// Before the fix a failed connection was an internal error: 500, and
// clients did not retry.
func TestHole6UnreachableDatabaseIs503(t *testing.T) {
	t.Parallel()
	s := httpapitest.New(t, httpapitest.Options{DatabaseURL: "postgres://postgres@127.0.0.1:1/x?sslmode=disable&connect_timeout=2"})
	hr := s.Token(t, httpapitest.HRNIP, httpapitest.Instansi, "hr")
	for _, c := range []struct {
		method, path string
		body         any
		extra        []string
	}{
		{"POST", "/v1/units", unitBody("down"), nil},
		{"POST", "/v1/units", unitBody("down"), []string{httpapi.IdempotencyKeyHeader, "dead-db"}},
		{"GET", "/v1/units/dinas", nil, nil},
		{"GET", "/v1/standings?year=2025", nil, nil},
	} {
		r := s.Send(t, c.method, c.path, hr, c.body, c.extra...)
		if r.Status != 503 || r.Header.Get("Retry-After") == "" || r.Problem(t).Type != httpapi.TypeUnavailable {
			t.Errorf("%s %s %v on a dead database: %d (Retry-After %q) %.300s", c.method, c.path, c.extra, r.Status, r.Header.Get("Retry-After"), r.Body)
		}
	}
	if r := s.Send(t, "GET", "/readyz", "", nil); r.Status != 503 {
		t.Errorf("/readyz on a dead database: %d %s", r.Status, r.Body)
	}
}

// failingStore fails every append to one stream with an error of the
// system (not a domain refusal), as a full disk does.
type failingStore struct {
	command.EventStore
	stream string
}

// errDiskFull is the failingStore's error.
var errDiskFull = errors.New("could not extend file: no space left on device")

// AppendWith fails on the failing stream.
func (f failingStore) AppendWith(ctx context.Context, stream string, expected eventlog.ExpectedVersion, opts eventlog.AppendOptions, events ...eventlog.NewEvent) (eventlog.AppendResult, error) {
	if stream == f.stream {
		return eventlog.AppendResult{}, errDiskFull
	}
	return f.EventStore.AppendWith(ctx, stream, expected, opts, events...)
}

// Append fails on the failing stream.
func (f failingStore) Append(ctx context.Context, stream string, expected eventlog.ExpectedVersion, events ...eventlog.NewEvent) (eventlog.AppendResult, error) {
	return f.AppendWith(ctx, stream, expected, eventlog.AppendOptions{}, events...)
}

// TestHole6CSVRowFailureAfterCommittedRowsGivesAReport imports three units
// over HTTP whose second row fails in the store after the first was
// appended: the answer is 200 with a report (two accepted, line 3 rejected
// without the system's error text), and the good rows are in the log.
//
// Before the fix the import answered 500 and no report, though row 1 had
// been appended.
func TestHole6CSVRowFailureAfterCommittedRowsGivesAReport(t *testing.T) {
	t.Parallel()
	s := httpapitest.New(t, httpapitest.Options{WrapStore: func(st command.EventStore) command.EventStore {
		return failingStore{EventStore: st, stream: "unit-broken"}
	}})
	tk := s.Seed(t)
	csv := "code,name,parent,instansi\nfirst,Bidang Pertama,dinas,pemprov-jabar\nbroken,Bidang Rusak,dinas,pemprov-jabar\nthird,Bidang Ketiga,dinas,pemprov-jabar\n"
	r := s.Send(t, "POST", "/v1/import/units", tk.HR, csv, "Content-Type", "text/csv").Must(t, 200, "import with a failing row")
	var rep httpapi.ImportReport
	r.JSON(t, &rep)
	if rep.Rows != 3 || rep.Accepted != 2 || len(rep.Rejected) != 1 || rep.Rejected[0].Line != 3 {
		t.Fatalf("report %+v, want rows 3, accepted 2, line 3 rejected", rep)
	}
	if strings.Contains(rep.Rejected[0].Reason, "space") {
		t.Errorf("the report reveals the system's error: %q", rep.Rejected[0].Reason)
	}
	for _, code := range []string{"first", "third"} {
		if len(s.Stream(t, "unit-"+code)) != 1 {
			t.Errorf("unit %s was not appended", code)
		}
	}
}

// TestHole6MinPositionWaitsAreLimitedPerCaller starts more ?min_position=
// waits (for a position never reached) at once than one caller may have:
// exactly the surplus is 429 with Retry-After, at once, and the others are
// answered when their wait ends; afterwards the caller may wait again.
//
// Before the fix a caller could hold any number of waits at once.
func TestHole6MinPositionWaitsAreLimitedPerCaller(t *testing.T) {
	t.Parallel()
	s := httpapitest.New(t, httpapitest.Options{MaxWait: 2 * time.Second})
	tk := s.Seed(t)
	far := "/v1/standings?year=2025&min_position=999999999"
	const surplus = 2
	n := httpapi.MaxWaitsPerSubject + surplus
	got := make([]httpapitest.Response, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			got[i] = s.Send(t, "GET", far, tk.HR, nil)
		}()
	}
	close(start)
	wg.Wait()
	refused := 0
	for _, r := range got {
		switch {
		case r.Status == 429 && r.Header.Get("Retry-After") != "" && r.Problem(t).Type == httpapi.TypeTooManyRequests:
			refused++
		case r.Status != 200:
			t.Errorf("a wait answered %d: %.300s", r.Status, r.Body)
		}
	}
	if refused != surplus {
		t.Errorf("%d of %d concurrent waits refused, want %d", refused, n, surplus)
	}
	s.Send(t, "GET", far, tk.HR, nil).Must(t, 200, "a wait after the others ended")
}
