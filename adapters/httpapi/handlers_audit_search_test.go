package httpapi

import (
	"encoding/hex"
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/skp"
)

// search runs an audit search as tok and decodes the page.
func (a *apiServer) search(t *testing.T, tok string, q url.Values) searchView {
	t.Helper()
	var v searchView
	a.send(t, "GET", "/v1/audit/events?"+q.Encode(), tok, nil).must(t, 200, "search "+q.Encode()).json(t, &v)
	return v
}

func positions(evs []eventView) []uint64 {
	out := []uint64{}
	for _, e := range evs {
		out = append(out, e.Position)
	}
	return out
}

func TestAuditSearchPagesThroughTheLog(t *testing.T) {
	a, tk, pos := ratedYear(t)
	var want []uint64
	for _, e := range a.stream(t, skp.Stream(pegawai, 2025)) {
		want = append(want, e.Position)
	}
	var got []uint64
	var sizes []int
	q := url.Values{"stream_prefix": {"skp-" + pegawai + "-"}, "limit": {"3"}}
	for {
		page := a.search(t, tk.auditor, q)
		got, sizes = append(got, positions(page.Events)...), append(sizes, len(page.Events))
		if page.NextAfter == nil {
			break
		}
		q.Set("after", strconv.FormatUint(*page.NextAfter, 10))
	}
	// Nine events in pages of three: the third, exactly full, is the last
	// and says so (next_after null); it once pointed to an empty fourth.
	if diff := cmp.Diff(want, got); diff != "" || !slices.Equal(sizes, []int{3, 3, 3}) {
		t.Fatalf("paged positions (-want +got):\n%s\npage sizes %v", diff, sizes)
	}

	cases := []struct {
		name string
		q    url.Values
		want []uint64
	}{
		{"actor and types", url.Values{"actor": {penilai}, "type": {skp.TypeAnnualRatingsGiven + "," + skp.TypeRatingsAmended}},
			[]uint64{pos["rate year"], pos["amend"]}},
		{"repeated type", url.Values{"type": {skp.TypeSubmitted}, "stream": {skp.Stream(pegawai, 2025)}}, []uint64{pos["submit"]}},
		{"the atasan's decisions", url.Values{"actor": {kepala}}, []uint64{pos["decide"]}},
		{"nobody", url.Values{"actor": {"199912312020121001"}}, []uint64{}},
	}
	for _, c := range cases {
		if got := positions(a.search(t, tk.inspektorat, c.q).Events); !slices.Equal(got, c.want) {
			t.Errorf("%s: positions %v, want %v", c.name, got, c.want)
		}
	}
	checkSearchTimeRange(t, a, tk, pos)
}

// checkSearchTimeRange searches [recorded_at of the amendment, recorded_at
// of the decision) and checks one event's view against the stored event.
func checkSearchTimeRange(t *testing.T, a *apiServer, tk tokens, pos map[string]uint64) {
	t.Helper()
	evs := a.stream(t, skp.Stream(pegawai, 2025))
	at := func(p uint64) string {
		for _, e := range evs {
			if e.Position == p {
				return e.RecordedAt.Format(time.RFC3339Nano)
			}
		}
		t.Fatalf("no event at %d", p)
		return ""
	}
	page := a.search(t, tk.auditor, url.Values{"stream": {skp.Stream(pegawai, 2025)}, "from": {at(pos["amend"])}, "to": {at(pos["decide"])}})
	if got := positions(page.Events); !slices.Equal(got, []uint64{pos["amend"], pos["object"]}) {
		t.Fatalf("time range: positions %v, want amend %d and object %d", got, pos["amend"], pos["object"])
	}
	e, stored := page.Events[0], evs[6]
	var meta map[string]any
	if err := json.Unmarshal(e.Metadata, &meta); err != nil {
		t.Fatal(err)
	}
	var data skp.RatingsAmended
	if err := json.Unmarshal(e.Data, &data); err != nil {
		t.Fatal(err)
	}
	if e.EventID != stored.ID || e.Hash != hex.EncodeToString(stored.Hash) || e.PrevHash != hex.EncodeToString(stored.PrevHash) ||
		meta["actor_id"] != penilai || meta["actor_role"] != "pejabat_penilai" || data.Reason != amendReason || e.Type != skp.TypeRatingsAmended {
		t.Fatalf("event view %+v (data %s, metadata %s) does not match the stored event %s", e, e.Data, e.Metadata, stored.ID)
	}
}

func TestAuditSearchAsCSV(t *testing.T) {
	a, tk, pos := ratedYear(t)
	q := url.Values{"stream": {skp.Stream(pegawai, 2025)}, "limit": {"3"}}
	r := a.send(t, "GET", "/v1/audit/events?"+q.Encode(), tk.auditor, nil, "Accept", "text/csv, application/json;q=0.5").
		must(t, 200, "search as CSV")
	if r.header.Get("Content-Type") != "text/csv; charset=utf-8" || r.header.Get("X-Next-After") != strconv.FormatUint(pos["expectations"], 10) {
		t.Fatalf("Content-Type %q, X-Next-After %q (want %d)", r.header.Get("Content-Type"), r.header.Get("X-Next-After"), pos["expectations"])
	}
	rows := parseCSV(t, r.body)
	if len(rows) != 4 {
		t.Fatalf("%d rows, want a header and 3", len(rows))
	}
	draft := column(t, rows, 1)
	if draft["position"] != strconv.FormatUint(pos["draft"], 10) || draft["type"] != skp.TypeDrafted ||
		draft["actor_id"] != pegawai || draft["actor_role"] != "pegawai" || !json.Valid([]byte(draft["data"])) || len(draft["hash"]) != 64 {
		t.Fatalf("draft row: %v", draft)
	}
	q.Set("after", r.header.Get("X-Next-After"))
	q.Set("limit", "10")
	r = a.send(t, "GET", "/v1/audit/events?"+q.Encode(), tk.auditor, nil, "Accept", "text/csv").must(t, 200, "last page as CSV")
	if rows := parseCSV(t, r.body); len(rows) != 7 || r.header.Get("X-Next-After") != "" {
		t.Fatalf("last page: %d rows, X-Next-After %q", len(rows), r.header.Get("X-Next-After"))
	}
	if r := a.send(t, "GET", "/v1/audit/events?"+q.Encode(), tk.auditor, nil, "Accept", "text/csv;q=0.1, application/json"); r.header.Get("Content-Type") != "application/json" {
		t.Fatalf("JSON preferred, got %s", r.header.Get("Content-Type"))
	}
}

func TestAuditSearchRejectsBadFiltersByField(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	cases := []struct {
		query  string
		fields []string
	}{
		{"limit=0", []string{"limit"}},
		{"limit=1001", []string{"limit"}},
		{"limit=ten", []string{"limit"}},
		{"after=-1", []string{"after"}},
		{"after=9223372036854775808", []string{"after"}}, // past bigint: was a 500
		{"to=0001-01-01T00:00:00Z", []string{"to"}},      // the zero time: was no bound
		{"from=yesterday", []string{"from"}},
		{"to=2025-13-01T00:00:00Z", []string{"to"}},
		{"from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z", []string{"to"}},
		{"type=Not+A+Type", []string{"type"}},
		{"stream=nope", []string{"stream"}},
		{"actor_id=" + pegawai, []string{"actor_id"}},
		{"limit=1&limit=2", []string{"limit"}},
		{"limit=0&after=x&colour=red", []string{"colour", "after", "limit"}},
		// Both were taken together: an empty list, as if the log held nothing.
		{"stream=skp-" + pegawai + "-2025&stream_prefix=unit-", []string{"stream_prefix"}},
	}
	for _, c := range cases {
		p := a.denied(t, 400, TypeValidation, c.query, "GET", "/v1/audit/events?"+c.query, tk.auditor, nil)
		var fields []string
		for _, f := range p.Errors {
			fields = append(fields, f.Field)
		}
		if !slices.Equal(fields, c.fields) {
			t.Errorf("%s: field errors %+v, want fields %v", c.query, p.Errors, c.fields)
		}
	}
	for _, tok := range []string{tk.pegawai, tk.hr, tk.penilai, tk.kepala} {
		a.denied(t, 403, TypeForbidden, "a non-auditor searches", "GET", "/v1/audit/events", tok, nil)
	}
}

func TestWantsCSV(t *testing.T) {
	cases := map[string]bool{
		"": false, "*/*": false, "application/json": false, "text/csv": true, "text/csv; charset=utf-8": true,
		"application/json, text/csv": false, "text/csv, application/json;q=0.9": true, "text/csv;q=0": false,
		"text/*": false, "text/csv;q=0.5, */*": false, "text/csv, */*": true, "text/csv, application/*;q=0.2, */*": true,
		"application/json;q=0.1, */*, text/csv;q=0.5": true,
	}
	for accept, want := range cases {
		if got := wantsCSV(accept); got != want {
			t.Errorf("wantsCSV(%q) = %v, want %v", accept, got, want)
		}
	}
}

func TestCSVSafe(t *testing.T) {
	cases := map[string]string{"": "", "plain": "plain", "=SUM(A1)": "'=SUM(A1)", "+62 812": "'+62 812",
		"@cmd": "'@cmd", "-1.5": "-1.5", "-x": "'-x", "\tx": "'\tx", "a=b": "a=b"}
	for in, want := range cases {
		if got := csvSafe(in); got != want {
			t.Errorf("csvSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestAuditSearchExactlyFullLastPage: on both backends, a search whose
// last page is exactly full says it is the last (next_after null), and
// one a page short of it points to a page of one.
func TestAuditSearchExactlyFullLastPage(t *testing.T) {
	for _, backend := range testBackends {
		t.Run(backend, func(t *testing.T) {
			a := newAPIServerOn(t, backend)
			tk := a.seed(t)
			all := a.search(t, tk.auditor, url.Values{"limit": {"1000"}})
			n := len(all.Events)
			if n < 2 || all.NextAfter != nil {
				t.Fatalf("whole log: %d events, next_after %v; want a few and null", n, all.NextAfter)
			}
			full := a.search(t, tk.auditor, url.Values{"limit": {strconv.Itoa(n)}})
			if len(full.Events) != n || full.NextAfter != nil {
				t.Fatalf("limit %d: %d events, next_after %v; want %d and null", n, len(full.Events), full.NextAfter, n)
			}
			short := a.search(t, tk.auditor, url.Values{"limit": {strconv.Itoa(n - 1)}})
			if len(short.Events) != n-1 || short.NextAfter == nil || *short.NextAfter != short.Events[n-2].Position {
				t.Fatalf("limit %d: %d events, next_after %v; want %d and the last one's position", n-1, len(short.Events), short.NextAfter, n-1)
			}
			rest := a.search(t, tk.auditor, url.Values{"limit": {strconv.Itoa(n - 1)}, "after": {strconv.FormatUint(*short.NextAfter, 10)}})
			if len(rest.Events) != 1 || rest.NextAfter != nil {
				t.Fatalf("the page after: %d events, next_after %v; want 1 and null", len(rest.Events), rest.NextAfter)
			}
		})
	}
}
