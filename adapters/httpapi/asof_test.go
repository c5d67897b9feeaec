package httpapi

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/skp"
)

// skpState is what the as-of tests compare: the parts of an SKP that change
// over its life.
type skpState struct {
	Status    skp.Status
	Version   uint64
	Target    float64
	Periodic  []windowRatings
	Annual    *skp.Ratings
	Objection objectionView
}

// stateOf keeps the ratings and the objection's stage of v, without the
// notes and the objection's texts (the own record, see views_own_test.go).
func stateOf(v skpView) skpState {
	st := skpState{Status: v.Status, Version: v.Version, Target: v.Plan.RHK[0].IKI[0].Target.Quantity,
		Periodic: []windowRatings{}, Objection: objectionView{Filed: v.Objection.Filed, Decided: v.Objection.Decided}}
	for _, w := range v.PeriodicRatings {
		st.Periodic = append(st.Periodic, windowRatings{Window: w.Window, Ratings: w.Ratings})
	}
	if v.AnnualRatings != nil {
		st.Annual = &v.AnnualRatings.Ratings
	}
	return st
}

func TestSKPAsOfThreePointsInItsLife(t *testing.T) {
	a, tk, pos := ratedYear(t)
	baik := ratings("sesuai_ekspektasi", "sesuai_ekspektasi", "baik")
	sangatBaik := ratings("di_atas_ekspektasi", "di_atas_ekspektasi", "sangat_baik")
	approvedAt := a.stream(t, skp.Stream(pegawai, 2025))[3].RecordedAt.Format(time.RFC3339Nano)
	p := func(name string) string { return strconv.FormatUint(pos[name], 10) }
	cases := []struct {
		name, asOf string
		want       skpState
	}{
		{"just drafted", p("draft"), skpState{Status: skp.StatusDraft, Version: 1, Target: 10, Periodic: []windowRatings{}}},
		{"approved, by time", approvedAt, skpState{Status: skp.StatusApproved, Version: 4, Target: 10, Periodic: []windowRatings{}}},
		{"rated for Q1", p("rate Q1"), skpState{Status: skp.StatusApproved, Version: 5, Target: 10,
			Periodic: []windowRatings{{Window: 1, Ratings: baik}}}},
		{"annual ratings amended", p("amend"), skpState{Status: skp.StatusApproved, Version: 7, Target: 10,
			Periodic: []windowRatings{{Window: 1, Ratings: baik}}, Annual: &baik}},
		{"objection filed", p("object"), skpState{Status: skp.StatusApproved, Version: 8, Target: 10,
			Periodic: []windowRatings{{Window: 1, Ratings: baik}}, Annual: &baik, Objection: objectionView{Filed: true}}},
		{"now", "", skpState{Status: skp.StatusApproved, Version: 9, Target: 10,
			Periodic: []windowRatings{{Window: 1, Ratings: baik}}, Annual: &sangatBaik, Objection: objectionView{Filed: true, Decided: true}}},
		{"a position past the head", "999999", skpState{Status: skp.StatusApproved, Version: 9, Target: 10,
			Periodic: []windowRatings{{Window: 1, Ratings: baik}}, Annual: &sangatBaik, Objection: objectionView{Filed: true, Decided: true}}},
	}
	for _, c := range cases {
		path := skpPath
		if c.asOf != "" {
			path += "?" + url.Values{"as_of": {c.asOf}}.Encode()
		}
		for _, tok := range []string{tk.pegawai, tk.inspektorat} {
			r := a.send(t, "GET", path, tok, nil).must(t, 200, c.name)
			var v skpView
			r.json(t, &v)
			if diff := cmp.Diff(c.want, stateOf(v)); diff != "" {
				t.Errorf("%s: state (-want +got):\n%s", c.name, diff)
			}
			if r.header.Get("ETag") != etag(c.want.Version) {
				t.Errorf("%s: ETag %s, want version %d", c.name, r.header.Get("ETag"), c.want.Version)
			}
		}
	}
	a.denied(t, 404, TypeNotFound, "before the draft", "GET", skpPath+"?as_of="+strconv.FormatUint(pos["draft"]-1, 10), tk.auditor, nil)
	a.denied(t, 404, TypeNotFound, "a colleague reads the past", "GET", skpPath+"?as_of="+p("draft"), tk.rekan, nil)
	a.denied(t, 404, TypeNotFound, "HR of another instansi reads the past", "GET", skpPath+"?as_of="+p("draft"), tk.otherHR, nil)
}

func TestBadAsOfIs400WithTheField(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	for _, q := range []string{"as_of=yesterday", "as_of=0", "as_of=-3", "as_of=2025-03-31", "as_of=", "as_of=1&as_of=2",
		"as_of=9223372036854775808", "as_of=18446744073709551615", "as_of=0001-01-01T00:00:00Z"} {
		for _, path := range []string{skpPath, "/v1/employees/" + pegawai, trailPath} {
			p := a.denied(t, 400, TypeValidation, path+"?"+q, "GET", path+"?"+q, tk.auditor, nil)
			if len(p.Errors) != 1 || p.Errors[0].Field != "as_of" {
				t.Errorf("%s?%s: field errors %+v, want one for as_of", path, q, p.Errors)
			}
		}
	}
}

func TestEmployeeAsOf(t *testing.T) {
	a, tk, _ := ratedYear(t)
	a.send(t, "POST", "/v1/employees/"+pegawai+"/transfers", tk.hr,
		map[string]any{"to_unit": "bidang-b", "effective": "2026-01-01", "reason": "mutasi"}).must(t, 200, "transfer")
	evs := a.stream(t, employee.Stream(pegawai))
	if len(evs) != 3 {
		t.Fatalf("employee stream has %d events, want registered, line assigned, transferred", len(evs))
	}
	type state struct {
		Unit    string
		Lines   int
		InForce bool
		Version uint64
	}
	cases := []struct {
		name, asOf string
		want       state
	}{
		{"registered", strconv.FormatUint(evs[0].Position, 10), state{"bidang-a", 0, false, 1}},
		{"reporting line assigned", strconv.FormatUint(evs[1].Position, 10), state{"bidang-a", 1, true, 2}},
		{"transferred", evs[2].RecordedAt.Format(time.RFC3339Nano), state{"bidang-b", 1, true, 3}},
		{"now", "", state{"bidang-b", 1, true, 3}},
	}
	for _, c := range cases {
		path := "/v1/employees/" + pegawai
		if c.asOf != "" {
			path += "?" + url.Values{"as_of": {c.asOf}}.Encode()
		}
		var v employeeView
		a.send(t, "GET", path, tk.auditor, nil).must(t, 200, c.name).json(t, &v)
		if got := (state{v.Unit, len(v.ReportingLines), v.ReportingLine != nil, v.Version}); got != c.want {
			t.Errorf("%s: %+v, want %+v", c.name, got, c.want)
		}
	}
	a.denied(t, 404, TypeNotFound, "before registration", "GET", "/v1/employees/"+pegawai+"?as_of="+strconv.FormatUint(evs[0].Position-1, 10), tk.hr, nil)
	a.denied(t, 404, TypeNotFound, "a colleague reads the past", "GET", "/v1/employees/"+pegawai+"?as_of=1", tk.rekan, nil)
}

// TestPositionsPastBigintAre400 checks the other parameters that name a
// global position: one past the bigint positions are stored as was a 500
// (search) or a stream that failed on every reconnect (live updates).
func TestPositionsPastBigintAre400(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	for _, path := range []string{"/v1/me/events?after=9223372036854775808", "/v1/standings?min_position=18446744073709551615"} {
		p := a.denied(t, 400, TypeValidation, path, "GET", path, tk.hr, nil)
		if len(p.Errors) != 1 {
			t.Errorf("%s: field errors %+v, want one", path, p.Errors)
		}
	}
}

// TestUnencodableResponseIsAProblem checks that a body JSON cannot carry (a
// time past year 9999) is answered as a problem+json 500, not plain text.
func TestUnencodableResponseIsAProblem(t *testing.T) {
	a := newAPIServer(t)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/v1/anything", nil)
	rec.Header().Set("ETag", `"3"`)
	a.srv.writeJSON(rec, req, 200, map[string]time.Time{"next": time.Date(10000, 2, 1, 0, 0, 0, 0, time.UTC)})
	if rec.Code != 500 || rec.Header().Get("Content-Type") != "application/problem+json" || rec.Header().Get("ETag") != "" {
		t.Fatalf("status %d, content type %q, ETag %q; want 500 problem+json without ETag: %s",
			rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("ETag"), rec.Body)
	}
	if !strings.Contains(rec.Body.String(), TypeInternal) {
		t.Fatalf("body %s, want the internal problem type", rec.Body)
	}
}

// TestLiveResumePastTheHeadIs400: a resume point past the last event of the
// log was taken, and the stream then skipped every event committed until
// the log reached it (silent until then).
func TestLiveResumePastTheHeadIs400(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	past := strconv.FormatUint(a.head(t)+1000, 10)
	p := a.denied(t, 400, TypeValidation, "after past the head", "GET", "/v1/me/events?after="+past, tk.hr, nil)
	if len(p.Errors) != 1 || p.Errors[0].Field != "after" || !strings.Contains(p.Detail, "past the last event") {
		t.Errorf("after past the head: %+v", p)
	}
	r := a.send(t, "GET", "/v1/me/events", tk.hr, nil, "Last-Event-ID", past).must(t, 400, "Last-Event-ID past the head").problem(t)
	if r.Type != TypeValidation {
		t.Errorf("Last-Event-ID past the head: %+v", r)
	}
}

// TestHeadersSentTwiceAre400: with two Authorization headers the first
// token was used, whichever the caller meant; two Idempotency-Key or
// If-Match headers likewise. Each is refused, naming the header.
func TestHeadersSentTwiceAre400(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	for _, c := range []struct {
		method, path, header string
		values               []string
	}{
		{"GET", "/v1/employees/" + pegawai, "Authorization", []string{"Bearer " + tk.hr, "Bearer " + tk.rekan}},
		{"POST", "/v1/units", "Idempotency-Key", []string{"k-1", "k-2"}},
		{"POST", "/v1/units/bidang-a/rename", "If-Match", []string{`"1"`, `"2"`}},
	} {
		req, _ := http.NewRequest(c.method, a.url+c.path, strings.NewReader(`{"name":"X"}`))
		req.Header.Set("Content-Type", "application/json")
		if c.header != "Authorization" {
			req.Header.Set("Authorization", "Bearer "+tk.hr)
		}
		for _, v := range c.values {
			req.Header.Add(c.header, v)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 400 || !strings.Contains(string(body), c.header) {
			t.Errorf("%s %s with %s twice: %d %s", c.method, c.path, c.header, resp.StatusCode, body)
		}
	}
}

// TestUnknownParametersOfAReadAre400: GET of an employee or an SKP took any
// query parameter, so a misspelt as_of answered the current state; so did
// the score trail (its employee and auditors got today's trail for
// ?asof=1) until it checked its parameters too.
func TestUnknownParametersOfAReadAre400(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "draft")
	trail := "/v1/employees/" + pegawai + "/skp/2025/score-trail"
	for _, c := range []struct{ path, tok string }{
		{"/v1/employees/" + pegawai + "?asof=1", tk.hr}, {"/v1/employees/" + pegawai + "?as_of=1&as_of=2", tk.hr},
		{"/v1/units/bidang-a?x=1", tk.hr}, {"/v1/policies?instansi=other", tk.hr},
		{trail + "?asof=1", tk.pegawai}, {trail + "?asof=1&format=csv", tk.auditor}, {trail + "?as_of=1&as_of=2", tk.auditor},
	} {
		p := a.denied(t, 400, TypeValidation, c.path, "GET", c.path, c.tok, nil)
		if len(p.Errors) != 1 {
			t.Errorf("%s: %+v, want one field error", c.path, p)
		}
	}
	a.send(t, "GET", "/v1/employees/"+pegawai+"?as_of="+strconv.FormatUint(a.head(t), 10), tk.hr, nil).must(t, 200, "as_of")
	a.send(t, "GET", trail+"?as_of="+strconv.FormatUint(a.head(t), 10), tk.auditor, nil).must(t, 200, "the trail as_of")
}

// TestDeadlineDaysAreBounded: deadline_days 100000 opened a year whose
// deadlines fell in 2304, and -400 was refused naming a deadline the caller
// never sent.
func TestDeadlineDaysAreBounded(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	for _, days := range []int{-1, -400, 367, 100000} {
		p := a.denied(t, 400, TypeValidation, fmt.Sprint("deadline_days ", days), "POST", "/v1/periods", tk.hr,
			map[string]any{"instansi": instansi, "year": 2026, "frequency": "quarterly", "deadline_days": days})
		if len(p.Errors) != 1 || p.Errors[0].Field != "deadline_days" {
			t.Errorf("deadline_days %d: %+v", days, p)
		}
	}
	a.send(t, "POST", "/v1/periods", tk.hr, map[string]any{"instansi": instansi, "year": 2026, "frequency": "quarterly",
		"deadline_days": 366}).must(t, 201, "deadline_days 366")
}

// TestUnknownParametersOfStreamsAndReplaysAre400: a stream asked with
// ?after_position= (a misspelt after) started live, skipping the replay
// the caller asked for, and the list of replays and a replay ignored any
// parameter.
func TestUnknownParametersOfStreamsAndReplaysAre400(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	for _, c := range []struct{ path, tok, field string }{
		{"/v1/me/events?after_position=0", tk.hr, "after_position"},
		{"/v1/me/events?after=0&after=1", tk.hr, "after"},
		{"/v1/replays?instansi=other", tk.inspektorat, "instansi"},
		{"/v1/replays/replay_20990101t000000_0badcafe?as_of=1", tk.inspektorat, "as_of"},
	} {
		p := a.denied(t, 400, TypeValidation, c.path, "GET", c.path, c.tok, nil)
		if len(p.Errors) != 1 || p.Errors[0].Field != c.field {
			t.Errorf("%s: errors %+v, want one for %s", c.path, p.Errors, c.field)
		}
	}
}

// TestCommandsRefuseQueryParameters: a draft sent with ?dry_run=true (a
// parameter the API does not have) was recorded for real.
func TestCommandsRefuseQueryParameters(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	head := a.head(t)
	p := a.denied(t, 400, TypeValidation, "a draft with ?dry_run", "POST", skpPath+"?dry_run=true", tk.pegawai, map[string]any{"plan": plan(10)})
	if len(p.Errors) != 1 || p.Errors[0].Field != "dry_run" {
		t.Errorf("errors %+v, want one for dry_run", p.Errors)
	}
	if got := a.head(t); got != head {
		t.Fatalf("the refused draft moved the head from %d to %d", head, got)
	}
	a.send(t, "POST", skpPath, tk.pegawai, map[string]any{"plan": plan(10)}).must(t, 201, "the draft without it")
	// The import and the replays act outside the commands' handler: they
	// imported, built and dropped with ?dry_run too. An empty query
	// ("?&") is a query string all the same.
	head = a.head(t)
	a.denied(t, 400, TypeValidation, "an import with ?dry_run", "POST", "/v1/import/units?dry_run=true", tk.hr,
		"code,name,parent,instansi\nbidang-c,Bidang C,dinas,"+instansi+"\n", "Content-Type", "text/csv")
	a.denied(t, 400, TypeValidation, "an import with If-Match", "POST", "/v1/import/units", tk.hr,
		"code,name,parent,instansi\nbidang-c,Bidang C,dinas,"+instansi+"\n", "Content-Type", "text/csv", "If-Match", `"3"`)
	for _, c := range []struct {
		method, path, tok string
		body              any
	}{
		{"POST", "/v1/replays?dry_run=true", tk.inspektorat, map[string]any{"until": "1", "projections": []string{"standings"}}},
		{"DELETE", "/v1/replays/nothing?dry_run=true", tk.inspektorat, nil},
		{"POST", "/v1/employees/" + rekan + "/transfers?&", tk.hr, map[string]any{"to_unit": "bidang-b", "effective": "2025-02-01"}},
	} {
		a.denied(t, 400, TypeValidation, c.method+" "+c.path, c.method, c.path, c.tok, c.body)
	}
	if got := a.head(t); got != head {
		t.Errorf("the refused writes moved the head from %d to %d", head, got)
	}
}
