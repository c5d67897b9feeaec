package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/kinerja/kinerja/adapters/csvimport"
	"github.com/kinerja/kinerja/adapters/pgstore"
	"github.com/kinerja/kinerja/domain/command"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/migrations/pgtest"
)

func TestDuplicateJSONKeysAre400(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	bodies := map[string]string{
		"exact duplicate":      `{"code":"dup","code":"dup2","name":"Dup","parent":"dinas","instansi":"pemprov-jabar"}`,
		"differing in case":    `{"code":"dup","name":"Dup","Name":"Other","parent":"dinas","instansi":"pemprov-jabar"}`,
		"unicode case folding": `{"code":"dup","name":"Dup","parent":"dinas","instan\u017fi":"x","instansi":"pemprov-jabar"}`,
	}
	for name, body := range bodies {
		p := a.denied(t, 400, TypeValidation, name, "POST", "/v1/units", tk.hr, body)
		if len(p.Errors) != 1 || p.Errors[0].Message != "duplicate key" {
			t.Errorf("%s: %+v", name, p)
		}
	}
	nested := `{"plan":{"rhk":[{"id":"rhk-1","kind":"utama","text":"A","Text":"B","iki":[]}],"perilaku":[]}}`
	a.denied(t, 400, TypeValidation, "a duplicate in a nested object", "POST", skpPath, tk.pegawai, nested)
	// The same key in sibling objects is no duplicate.
	for doc, want := range map[string]string{
		`{"a":[{"x":1},{"x":2}],"b":{"x":{"x":3}}}`: "",
		`{"a":"b","b":"a"}`:                         "",
		`{"a":{"b":1},"A":2}`:                       "A",
		`[{"x":1},{"y":[],"Y":{}}]`:                 "Y",
		`{"K":1,"K":2}`:                             "K", // KELVIN SIGN folds to k
	} {
		if k, _ := duplicateKey([]byte(doc)); k != want {
			t.Errorf("duplicateKey(%s) = %q, want %q", doc, k, want)
		}
	}
}

// TestNULInBodyOrQueryIs400 checks what the text work already made 4xx:
// NUL in body strings, query parameters, path segments and CSV cells.
func TestNULInBodyOrQueryIs400(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	a.denied(t, 400, TypeValidation, "NUL in a body string", "POST", "/v1/units", tk.hr,
		map[string]any{"code": "nul", "name": "A\x00B", "parent": "dinas", "instansi": instansi})
	a.denied(t, 400, TypeValidation, "NUL in a unit code", "POST", "/v1/units", tk.hr,
		map[string]any{"code": "n\x00l", "name": "AB", "parent": "dinas", "instansi": instansi})
	// A code that cannot name a stream: the detail once named the stream.
	if p := a.denied(t, 400, TypeValidation, "a space in a unit code", "POST", "/v1/units", tk.hr,
		map[string]any{"code": "a b", "name": "AB", "parent": "dinas", "instansi": instansi}); strings.Contains(p.Detail, "stream") || !strings.Contains(p.Detail, "unit code") {
		t.Errorf("detail %q", p.Detail)
	}
	for _, path := range []string{
		"/v1/standings?year=2025&unit=" + url.QueryEscape("a\x00b"),
		"/v1/audit/events?stream=" + url.QueryEscape("unit-\x00"),
		"/v1/promotion-candidates?instansi=" + url.QueryEscape("p\x00"),
	} {
		r := a.send(t, "GET", path, tk.hr, nil)
		if r.status/100 == 5 {
			t.Errorf("GET %s: %d %s", path, r.status, r.body)
		}
	}
	r := a.send(t, "GET", "/v1/standings?year=2025&unit="+url.QueryEscape("a\x00b"), tk.hr, nil)
	if r.status != 400 {
		t.Errorf("NUL in a query parameter: %d %s", r.status, r.body)
	}
	for _, path := range []string{"/v1/units/a%00b", "/v1/units/a%00b/report?year=2025", "/v1/employees/1986092620150510%00",
		"/v1/skp/198609262015051001/2025%00", "/v1/audit/events?correlation_id=%00", "/v1/training-needs?unit=%00"} {
		if r := a.send(t, "GET", path, tk.hr, nil); r.status/100 == 5 {
			t.Errorf("GET %s: %d %s", path, r.status, r.body)
		}
	}
	csv := "code,name,parent,instansi\nnul,N\x00L,dinas,pemprov-jabar\n"
	r = a.send(t, "POST", "/v1/import/units", tk.hr, csv, "Content-Type", "text/csv")
	if r.status/100 == 5 {
		t.Errorf("NUL in a CSV cell: %d %s", r.status, r.body)
	}
}

func TestUnreachableDatabaseIs503WithRetryAfter(t *testing.T) {
	a := newAPIServer(t, func(api *API, sc *pgtest.Schema) {
		dead := pgtest.Pool(t, "postgres://postgres@127.0.0.1:1/x?sslmode=disable&connect_timeout=2")
		st, err := pgstore.New(dead, pgstore.Config{NotifyChannel: "kinerja_events_dead"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(st.Close)
		svc, err := command.NewService(command.ServiceConfig{Store: st, Location: wib})
		if err != nil {
			t.Fatal(err)
		}
		api.Service, api.Audit = svc, st
		api.Idempotency = idempotencyStore{pgstore.NewIdempotencyStore(dead)}
	})
	tk := a.tokens(t)
	for _, key := range []string{"", "dead-db"} {
		r := a.send(t, "POST", "/v1/units", tk.hr, unitBody("down"), IdempotencyKeyHeader, key)
		if r.status != 503 || r.header.Get("Retry-After") == "" || r.problem(t).Type != TypeUnavailable {
			t.Fatalf("write with key %q on a dead database: %d (Retry-After %q) %s", key, r.status, r.header.Get("Retry-After"), r.body)
		}
	}
	r := a.send(t, "GET", "/v1/units/dinas", tk.hr, nil)
	if r.status != 503 || r.header.Get("Retry-After") == "" {
		t.Fatalf("read on a dead database: %d %s", r.status, r.body)
	}
}

func TestProblemForUnavailableDatabase(t *testing.T) {
	for name, err := range map[string]error{
		"connect refused":       &pgconn.ConnectError{Config: &pgconn.Config{}},
		"pool acquire deadline": fmt.Errorf("load unit-x: %w", context.DeadlineExceeded),
		"admin shutdown":        &pgconn.PgError{Code: "57P01"},
		"too many connections":  &pgconn.PgError{Code: "53300"},
	} {
		if p := problemFor(err); p.Status != 503 || p.Type != TypeUnavailable {
			t.Errorf("%s: %+v", name, p)
		}
	}
	if p := problemFor(&pgconn.PgError{Code: "23505"}); p.Status != 500 {
		t.Errorf("a unique violation: %+v", p)
	}
}

// failingStore fails every append to one stream with an error of the system.
type failingStore struct {
	command.EventStore
	stream string
}

var errDiskFull = errors.New("could not extend file: no space left on device")

func (f failingStore) AppendWith(ctx context.Context, stream string, expected eventlog.ExpectedVersion, opts eventlog.AppendOptions, events ...eventlog.NewEvent) (eventlog.AppendResult, error) {
	if stream == f.stream {
		return eventlog.AppendResult{}, errDiskFull
	}
	return f.EventStore.AppendWith(ctx, stream, expected, opts, events...)
}

func (f failingStore) Append(ctx context.Context, stream string, expected eventlog.ExpectedVersion, events ...eventlog.NewEvent) (eventlog.AppendResult, error) {
	return f.AppendWith(ctx, stream, expected, eventlog.AppendOptions{}, events...)
}

func TestImportRowFailureAfterCommittedRowsGivesAReport(t *testing.T) {
	a := newAPIServer(t, func(api *API, sc *pgtest.Schema) {
		svc, err := command.NewService(command.ServiceConfig{Store: failingStore{EventStore: api.Audit.(*pgstore.Store), stream: "unit-broken"},
			Location: wib, Now: func() time.Time { return day(time.January, 6) }})
		if err != nil {
			t.Fatal(err)
		}
		im, err := csvimport.New(csvimport.Config{Service: svc, Now: func() time.Time { return day(time.January, 6) }, RowFault: RowFault})
		if err != nil {
			t.Fatal(err)
		}
		api.Importer = im
	})
	tk := a.tokens(t)
	a.bootstrap(t) // the HR caller must be a registered employee
	csv := "code,name,parent,instansi\nbadan,Badan,,pemprov-jabar\nbroken,Broken,badan,pemprov-jabar\nbagian,Bagian,badan,pemprov-jabar\n"
	r := a.send(t, "POST", "/v1/import/units", tk.hr, csv, "Content-Type", "text/csv").must(t, 200, "import with a failing row")
	var rep ImportReport
	r.json(t, &rep)
	if rep.Rows != 3 || rep.Accepted != 2 || len(rep.Rejected) != 1 || rep.Rejected[0].Line != 3 {
		t.Fatalf("report %+v", rep)
	}
	if strings.Contains(rep.Rejected[0].Reason, "space") {
		t.Fatalf("the report reveals the system's error: %q", rep.Rejected[0].Reason)
	}
	if len(a.stream(t, "unit-badan")) != 1 || len(a.stream(t, "unit-bagian")) != 1 {
		t.Fatal("the good rows were not appended")
	}
}

// TestEncodedSlashNamesNoResource: a slash encoded in a path segment was
// decoded before routing, so /v1%2Faudit%2Fverify was served as
// /v1/audit/verify and an employee's history answered under
// /v1/employees/{nip}%2Fhistory: past a proxy filtering by path prefix.
func TestEncodedSlashNamesNoResource(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	for _, path := range []string{"/v1%2Faudit%2Fverify", "/v1/employees/" + pegawai + "%2Fhistory", "/v1/employees/" + pegawai + "%2fhistory"} {
		a.denied(t, 404, TypeNotFound, path, "GET", path, tk.auditor, nil)
	}
	a.send(t, "GET", "/v1/employees/"+pegawai, tk.hr, nil).must(t, 200, "the plain path")
}

// TestInvalidDateNamesItsField: a date that is not one was a 400 without
// errors[] that echoed the whole value back (a 100 KB "date", a 100 KB
// problem); it names its field and at most the value's first 40 bytes.
func TestInvalidDateNamesItsField(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	path := "/v1/employees/" + rekan + "/transfers"
	for _, v := range []string{"2025-02-30", strings.Repeat("9", 100_000)} {
		r := a.send(t, "POST", path, tk.hr, map[string]any{"to_unit": "bidang-b", "effective": v})
		var p Problem
		r.must(t, 400, "invalid date").json(t, &p)
		if len(p.Errors) != 1 || p.Errors[0].Field != "effective" || len(r.body) > 2000 {
			t.Errorf("date %.20q…: %d bytes, errors %+v; want one error for effective, a short body", v, len(r.body), p.Errors)
		}
	}
	r := a.send(t, "POST", "/v1/employees/"+rekan+"/reporting-lines", tk.hr, map[string]any{"pejabat_penilai": kepala,
		"atasan_pejabat_penilai": penilaiB, "effective_from": "2025-13-01", "reason": "x"})
	var p Problem
	if r.must(t, 400, "invalid month").json(t, &p); len(p.Errors) != 1 || p.Errors[0].Field != "effective_from" {
		t.Errorf("errors %+v, want one for effective_from", p.Errors)
	}
}

// TestMisspeltParametersAreRefused: the SKP document and the chain check
// ignored parameters they do not know, so ?asof= printed today's document
// as if it were the one asked for, and ?anchor_hsh= verified without the
// anchor and said ok.
func TestMisspeltParametersAreRefused(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	for path, tok := range map[string]string{
		skpPath + "/document.pdf?asof=3":                   tk.hr,
		"/v1/audit/verify?anchor_position=1&anchor_hsh=00": tk.auditor,
		"/v1/audit/verify?x=1":                             tk.auditor,
	} {
		if p := a.denied(t, 400, TypeValidation, path, "GET", path, tok, nil); len(p.Errors) != 1 {
			t.Errorf("%s: errors %+v, want the unknown parameter", path, p.Errors)
		}
	}
}

// TestIfMatchStarRequiresTheResource: If-Match: * is true only when the
// resource exists (RFC 9110); a draft sent with it created the SKP.
func TestIfMatchStarRequiresTheResource(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	p := a.denied(t, 412, TypePreconditionFailed, "If-Match * on an SKP not drafted", "POST", skpPath, tk.pegawai,
		map[string]any{"plan": plan(10)}, "If-Match", "*")
	if p.CurrentVersion == nil || *p.CurrentVersion != 0 {
		t.Errorf("current_version %v, want 0", p.CurrentVersion)
	}
	if n := len(a.stream(t, skp.Stream(pegawai, 2025))); n != 0 {
		t.Fatalf("%d events appended", n)
	}
	a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "draft")
	a.send(t, "POST", skpPath+"/submit", tk.pegawai, nil, "If-Match", "*").must(t, 200, "submit with If-Match * once it exists")
}
