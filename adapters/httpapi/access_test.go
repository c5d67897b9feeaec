package httpapi

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"
	"github.com/gorilla/mux"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/kinerja/kinerja/adapters/accesslog"
	"github.com/kinerja/kinerja/domain/actor"
)

// newTestAccessLog returns an access log over pool, closed when the test ends.
func newTestAccessLog(t testing.TB, pool *pgxpool.Pool) *accesslog.Store {
	t.Helper()
	st, err := accesslog.New(context.Background(), pool, accesslog.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := st.Close(ctx); err != nil {
			t.Error(err)
		}
	})
	return st
}

// accessPage flushes the access log and searches it as tok with q.
func (a *apiServer) accessPage(t *testing.T, tok string, q url.Values) accessPageView {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.access.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	var v accessPageView
	a.send(t, "GET", "/v1/audit/access?"+q.Encode(), tok, nil).must(t, 200, "search the access log").json(t, &v)
	return v
}

func TestReadingAnSKPIsRecordedInTheAccessLog(t *testing.T) {
	a, tk := approvedSKP(t)
	asOf := "as_of=" + strconv.FormatUint(a.head(t), 10)
	a.send(t, "GET", skpPath+"?"+asOf, tk.penilai, nil, RequestIDHeader, "read-1").must(t, 200, "supervisor reads the SKP")
	a.send(t, "GET", skpPath, tk.rekan, nil).must(t, 404, "colleague tries to read the SKP")
	a.send(t, "GET", "/v1/units/bidang-a", tk.penilai, nil).must(t, 200, "read a unit")
	a.send(t, "POST", skpPath+"/feedback", tk.penilai, map[string]any{"rhk": "rhk-1", "text": "bagus"}).must(t, 201, "a write")

	v := a.accessPage(t, tk.auditor, url.Values{"resource_id": {pegawai}})
	if len(v.Entries) != 2 || v.NextAfter != nil {
		t.Fatalf("entries on %s: %+v, want the supervisor's read and the colleague's attempt", pegawai, v)
	}
	got := v.Entries[0]
	want := accessEntryView{ID: got.ID, At: got.At, Subject: penilai, Roles: []string{"pegawai", "pejabat_penilai"},
		Instansi: instansi, Method: "GET", Route: "/v1/skp/{nip}/{year}", ResourceKind: "skp", ResourceID: pegawai,
		Query: asOf, Status: 200, RequestID: "read-1", ClientAddr: "127.0.0.1", ResourceInstansi: []string{}}
	if !equalEntry(got, want) {
		t.Errorf("entry\n got %+v\nwant %+v", got, want)
	}
	if time.Since(got.At) > time.Minute || got.At.After(time.Now()) {
		t.Errorf("entry at %s, want the time of the request", got.At)
	}
	if e := v.Entries[1]; e.Subject != rekan || e.Status != 404 {
		t.Errorf("second entry %+v, want rekan's refused read", e)
	}
	all := a.accessPage(t, tk.auditor, url.Values{})
	for _, e := range all.Entries {
		if e.ResourceKind == "" || strings.HasPrefix(e.Route, "/v1/units/{code}") && e.ResourceKind != "unit_report" {
			t.Errorf("a read without personal data was recorded: %+v", e)
		}
		if e.Method != "GET" {
			t.Errorf("a write was recorded: %+v", e)
		}
	}
}

func equalEntry(a, b accessEntryView) bool {
	return cmp.Equal(a, b)
}

func TestAuditorsSeeOnlyTheirInstansiAccessLog(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	otherAuditor := a.token(t, auditorB, otherInst, actor.Auditor)
	a.send(t, "GET", "/v1/employees/"+pegawai, tk.hr, nil).must(t, 200, "HR reads an employee")
	a.send(t, "GET", "/v1/employees/"+pegawai, tk.otherHR, nil)
	a.send(t, "GET", "/v1/employees/"+pegawai+"/history", tk.otherHR, nil)

	mine := a.accessPage(t, tk.auditor, url.Values{})
	if len(mine.Entries) != 1 || mine.Entries[0].Subject != hrNIP || mine.Entries[0].ResourceKind != "employee" {
		t.Fatalf("auditor of %s sees %+v, want only HR's read", instansi, mine.Entries)
	}
	theirs := a.accessPage(t, otherAuditor, url.Values{})
	// The other instansi's log holds its HR's two attempts, whatever their outcome.
	if len(theirs.Entries) != 2 {
		t.Fatalf("auditor of pemkab-bogor sees %+v, want its HR's two reads", theirs.Entries)
	}
	for _, e := range theirs.Entries {
		if e.Instansi != "pemkab-bogor" || e.Subject != otherHR {
			t.Errorf("pemkab-bogor's auditor sees %+v", e)
		}
	}
	// Our auditor's own searches are reads of personal data too.
	again := a.accessPage(t, tk.auditor, url.Values{"kind": {"access_log"}, "subject": {auditorID}})
	if len(again.Entries) == 0 {
		t.Fatal("the auditor's own search of the access log was not recorded")
	}
}

func TestOnlyAuditorsReadTheAccessLog(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	admin := a.token(t, hrNIP, instansi, actor.Admin)
	for name, tok := range map[string]string{"hr": tk.hr, "inspektorat": tk.inspektorat, "pegawai": tk.pegawai, "admin": admin} {
		a.denied(t, 403, TypeForbidden, name+" reads the access log", "GET", "/v1/audit/access", tok, nil)
	}
	a.denied(t, 401, TypeUnauthorized, "no token", "GET", "/v1/audit/access", "", nil)
}

func TestAccessLogSearchPagesAndRejectsBadParameters(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	for range 3 {
		a.send(t, "GET", "/v1/employees/"+pegawai, tk.hr, nil).must(t, 200, "HR reads")
	}
	q := url.Values{"subject": {hrNIP}, "limit": {"2"}}
	p1 := a.accessPage(t, tk.auditor, q)
	if len(p1.Entries) != 2 || p1.NextAfter == nil {
		t.Fatalf("page 1: %+v", p1)
	}
	q.Set("after", *p1.NextAfter)
	p2 := a.accessPage(t, tk.auditor, q)
	if len(p2.Entries) != 1 || p2.NextAfter != nil || p2.Entries[0].ID == p1.Entries[1].ID {
		t.Fatalf("page 2: %+v", p2)
	}
	// An exactly full last page says it is the last: it once sent the
	// client on to an empty page.
	if full := a.accessPage(t, tk.auditor, url.Values{"subject": {hrNIP}, "limit": {"3"}}); len(full.Entries) != 3 || full.NextAfter != nil {
		t.Fatalf("exactly full last page: %d entries, next_after %v; want 3 and null", len(full.Entries), full.NextAfter)
	}
	csv := a.send(t, "GET", "/v1/audit/access?subject="+hrNIP, tk.auditor, nil, "Accept", "text/csv").must(t, 200, "CSV")
	if lines := strings.Count(string(csv.body), "\n"); lines != 4 {
		t.Errorf("CSV has %d lines, want a header and 3 rows:\n%s", lines, csv.body)
	}
	for _, bad := range []string{"nip=1", "after=x", "limit=0", "from=yesterday", "subject=a%00b",
		"from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z", "subject=a&subject=b", "resource_id=" + strings.Repeat("9", 101),
		"kind=bogus", "after=-9223372036854775808.0"} {
		p := a.send(t, "GET", "/v1/audit/access?"+bad, tk.auditor, nil).must(t, 400, bad).problem(t)
		// A control character is refused by the query check before the handler.
		if (p.Type != TypeValidation && p.Type != TypeMalformed) || len(p.Errors) == 0 {
			t.Errorf("%s: %+v", bad, p)
		}
	}
	from := url.Values{"from": {time.Now().Add(time.Hour).Format(time.RFC3339)}}
	if v := a.accessPage(t, tk.auditor, from); len(v.Entries) != 0 {
		t.Errorf("entries from the future: %+v", v.Entries)
	}
}

func TestRequestLogLineCarriesTheCaller(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	logs := &logBuffer{}
	srv, err := NewServer(ServerConfig{}, Deps{Logger: slog.New(slog.NewJSONHandler(logs, nil)), Database: a.sc.Pool,
		Events: a.store, API: a.srv.api})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	do(t, "GET", hs.URL+"/v1/employees/"+pegawai, http.Header{"Authorization": {"Bearer " + tk.hr}, RequestIDHeader: {"r-1"}})
	do(t, "GET", hs.URL+"/v1/employees/"+pegawai, http.Header{RequestIDHeader: {"r-2"}})
	lines := logs.lines(t)
	if len(lines) != 2 {
		t.Fatalf("log lines %v", lines)
	}
	if l := lines[0]; l["request_id"] != "r-1" || l["subject"] != hrNIP || !equalAny(l["roles"], []any{"hr"}) {
		t.Errorf("authenticated request logged as %v", l)
	}
	if l := lines[1]; l["request_id"] != "r-2" || l["subject"] != "" || !equalAny(l["roles"], []any{}) || l["status"] != float64(401) {
		t.Errorf("anonymous request logged as %v", l)
	}
}

func equalAny(v any, want []any) bool {
	got, ok := v.([]any)
	return ok && slices.Equal(got, want)
}

// TestEveryReadRouteIsClassified makes a new GET route decide whether its
// reads are recorded: each is either a personal-data route or a public one.
func TestEveryReadRouteIsClassified(t *testing.T) {
	a := newAPIServer(t)
	seen := map[string]bool{}
	err := a.srv.router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tpl, err1 := route.GetPathTemplate()
		methods, err2 := route.GetMethods()
		if err1 != nil || err2 != nil || !strings.HasPrefix(tpl, "/v1/") || !slices.Contains(methods, http.MethodGet) {
			return nil
		}
		seen[tpl] = true
		_, personal := personalRoutes[tpl]
		if personal == publicRoutes[tpl] {
			t.Errorf("GET %s is in both or neither of personalRoutes and publicRoutes", tpl)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for tpl := range personalRoutes {
		if !seen[tpl] {
			t.Errorf("personalRoutes names %s, which is no GET route", tpl)
		}
	}
	for tpl := range publicRoutes {
		if !seen[tpl] {
			t.Errorf("publicRoutes names %s, which is no GET route", tpl)
		}
	}
}

func TestAccessLogIsRequired(t *testing.T) {
	a := newAPIServer(t)
	api := *a.srv.api
	api.Access = nil
	_, err := NewServer(ServerConfig{}, Deps{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Database: a.sc.Pool,
		Events: a.store, API: &api})
	if err == nil || !strings.Contains(err.Error(), "Access") {
		t.Fatalf("NewServer without an access log: %v", err)
	}
}

// TestAccessLogKindsAreDocumented: the kind parameter of the access log
// search documents exactly the resource kinds the log records, so a client
// that validates against the document can search for every one of them.
func TestAccessLogKindsAreDocumented(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(openAPIDocument)
	if err != nil {
		t.Fatal(err)
	}
	op := doc.Paths.Find("/v1/audit/access").Get
	var documented []string
	for _, p := range op.Parameters {
		if p.Value.Name == "kind" {
			for _, v := range p.Value.Schema.Value.Enum {
				documented = append(documented, v.(string))
			}
		}
	}
	recorded := recordedKinds()
	slices.Sort(documented)
	if !slices.Equal(documented, recorded) {
		t.Errorf("the kind parameter documents %v; the access log records %v", documented, recorded)
	}
}
