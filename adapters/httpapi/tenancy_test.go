package httpapi

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/employee"
	"github.com/kinerja/kinerja/domain/skp"
)

// The second instansi of the tenancy tests: the same unit names as the
// first, people with the same names, and a reporting line of its own.
const (
	instansiB = "pemkab-bogor"
	kepalaB   = "198101012006041008"
	penilaiB2 = "197802022003121010"
	pegawaiB  = "198502022010012009"
	missing   = "199505052020012008" // a valid NIP nobody has
	skpPathB  = "/v1/skp/" + pegawaiB + "/2025"
)

const unitsCSVB = `code,name,parent,instansi
bogor-dinas,Dinas Pendidikan,,pemkab-bogor
bogor-bidang-a,Bidang Kurikulum,bogor-dinas,pemkab-bogor
`

const employeesCSVB = `nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt
198101012006041008,Ahmad Kepala,pns,pemkab-bogor,bogor-dinas,jpt,pratama,Kepala Dinas,IV/c,2019-04-01
197802022003121010,Budi Penilai,pns,pemkab-bogor,bogor-bidang-a,administrasi,administrator,Kepala Bidang Kurikulum,IV/a,2018-10-01
198502022010012009,Citra Pegawai,pns,pemkab-bogor,bogor-bidang-a,administrasi,pelaksana,Analis Kurikulum,III/b,2021-04-01
`

const linesCSVB = `nip,pejabat_penilai,atasan_pejabat_penilai,effective_from,acting,reason
198502022010012009,197802022003121010,198101012006041008,2025-01-01,no,struktur 2025
`

// tokensB are the tokens of the second instansi's people.
type tokensB struct {
	hr, auditor, inspektorat, penilai, pegawai string
}

// twoInstansi seeds both instansi, opens 2025 in both, and gives each an
// approved SKP; the first instansi's also has feedback and a rating.
func twoInstansi(t *testing.T) (*apiServer, tokens, tokensB) {
	t.Helper()
	a := newAPIServer(t)
	tk := a.seed(t)
	tb := tokensB{
		hr:          tk.otherHR,
		auditor:     a.token(t, auditorB, instansiB, actor.Auditor),
		inspektorat: a.token(t, itdaB, instansiB, actor.Inspektorat),
		penilai:     a.token(t, penilaiB2, instansiB, actor.Pegawai, actor.PejabatPenilai),
		pegawai:     a.token(t, pegawaiB, instansiB, actor.Pegawai),
	}
	for _, f := range []struct{ kind, csv string }{{"units", unitsCSVB}, {"employees", employeesCSVB}, {"reporting-lines", linesCSVB}} {
		var rep ImportReport
		a.send(t, "POST", "/v1/import/"+f.kind, tb.hr, f.csv, "Content-Type", "text/csv").must(t, 200, "import B "+f.kind).json(t, &rep)
		if len(rep.Rejected) != 0 || rep.Accepted != rep.Rows {
			t.Fatalf("import B %s: %+v", f.kind, rep)
		}
	}
	a.send(t, "POST", "/v1/periods", tb.hr, map[string]any{"instansi": instansiB, "year": 2025, "frequency": "quarterly"}).
		must(t, 201, "open B's period")
	for _, e := range []struct{ path, owner, penilai string }{{skpPath, tk.pegawai, tk.penilai}, {skpPathB, tb.pegawai, tb.penilai}} {
		a.send(t, "POST", e.path, e.owner, map[string]any{"plan": plan(10)}).must(t, 201, "draft "+e.path)
		a.send(t, "POST", e.path+"/submit", e.owner, nil).must(t, 200, "submit "+e.path)
		a.send(t, "PUT", e.path+"/expectations", e.penilai, expectations()).must(t, 200, "expectations")
		a.send(t, "POST", e.path+"/approve", e.penilai, nil).must(t, 200, "approve "+e.path)
	}
	a.send(t, "POST", skpPath+"/feedback", tk.penilai, map[string]any{"rhk": "rhk-1", "text": "Rahasia instansi A"}).
		must(t, 201, "feedback")
	a.clock.Set(day(4, 3))
	a.send(t, "POST", skpPath+"/windows/1/ratings", tk.penilai,
		map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Q1"}).must(t, 201, "rate Q1")
	return a, tk, tb
}

// secretsOfA are strings that only the first instansi's events contain.
var secretsOfA = []string{pegawai, penilai, kepala, hrNIP, `"bidang-a"`, `"bidang-b"`, "Rahasia instansi A", instansi}

// TestAuditSearchShowsOnlyTheCallersInstansi searches the log as the
// auditor and the inspektorat of the second instansi, by every filter: none
// of the first instansi's events (names, NIPs, ratings, feedback) appear.
func TestAuditSearchShowsOnlyTheCallersInstansi(t *testing.T) {
	a, _, tb := twoInstansi(t)
	streamsB := map[string]bool{}
	for _, e := range a.stream(t, skp.Stream(pegawaiB, 2025)) {
		streamsB[e.Stream] = true
	}
	filters := []url.Values{
		{},
		{"stream": {skp.Stream(pegawai, 2025)}},
		{"stream": {employee.Stream(pegawai)}},
		{"stream_prefix": {"skp-"}},
		{"stream_prefix": {"employee-"}},
		{"stream_prefix": {"unit-"}},
		{"stream_prefix": {"period-" + instansi}},
		{"actor": {penilai}},
		{"actor": {hrNIP}},
		{"type": {skp.TypeFeedbackGiven + "," + skp.TypePeriodicRatingsGiven}},
		{"type": {employee.TypeRegistered}},
		{"limit": {"1000"}},
	}
	for _, tok := range []string{tb.auditor, tb.inspektorat} {
		seenB := 0
		for _, q := range filters {
			r := a.send(t, "GET", "/v1/audit/events?"+q.Encode(), tok, nil).must(t, 200, "search "+q.Encode())
			for _, s := range secretsOfA {
				if strings.Contains(string(r.body), s) {
					t.Errorf("search %q by B shows %q of instansi A", q.Encode(), s)
				}
			}
			var v searchView
			r.json(t, &v)
			for _, e := range v.Events {
				if e.meta.Instansi != instansiB && !strings.Contains(string(e.Metadata), `"instansi":"`+instansiB+`"`) {
					t.Errorf("search %q by B returns event %d of stream %s: %s", q.Encode(), e.Position, e.Stream, e.Metadata)
				}
				if streamsB[e.Stream] {
					seenB++
				}
			}
		}
		if seenB == 0 {
			t.Errorf("B's auditor does not find B's own SKP events")
		}
	}
}

// TestVerifyShowsNoOtherInstansiContent breaks the chain at an event of the
// first instansi: the second instansi's auditor learns the position and
// the hashes, not the stream, the event id or the content.
func TestVerifyShowsNoOtherInstansiContent(t *testing.T) {
	a, _, tb := twoInstansi(t)
	evs := a.stream(t, skp.Stream(pegawai, 2025))
	target := evs[len(evs)-1]
	tamper(t, a, fmt.Sprintf(`UPDATE events SET data = replace(data::text, 'Q1', 'Q2')::json WHERE position = %d`, target.Position))
	r := a.send(t, "GET", "/v1/audit/verify", tb.auditor, nil).must(t, 200, "verify")
	var v verifyView
	r.json(t, &v)
	if v.Status != "broken" || v.FirstBadPosition == nil || *v.FirstBadPosition != target.Position {
		t.Fatalf("verify of a tampered log: %+v", v)
	}
	for _, s := range append(secretsOfA, target.ID, target.Stream) {
		if strings.Contains(string(r.body), s) {
			t.Errorf("verify shows %q of instansi A: %s", s, r.body)
		}
	}
}

// tamper runs statements on the events table with its triggers off, as a
// superuser could.
func tamper(t *testing.T, a *apiServer, stmts ...string) {
	t.Helper()
	ctx := t.Context()
	tx, err := a.sc.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	for _, q := range append([]string{`SET LOCAL session_replication_role = replica`}, stmts...) {
		if _, err := tx.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
}

// probe is one request about another instansi's object, and the same
// request about an object that does not exist.
type probe struct {
	what, method, path, pathMissing string
	body, bodyMissing               any
	// theirs and none are the keys (NIP, code) that differ between the two.
	theirs, none string
}

// answersAsMissing checks that p as tok answers exactly as the request
// about a missing object (status and body, but for the keys and the
// request id), and appends nothing. The status must be want, or when want
// is 0, 403 or 404 (a 403 decided by the caller's role alone).
func answersAsMissing(t *testing.T, a *apiServer, tok string, want int, p probe) {
	t.Helper()
	before := a.head(t)
	rTheirs := a.send(t, p.method, p.path, tok, p.body)
	rNone := a.send(t, p.method, p.pathMissing, tok, p.bodyMissing)
	if after := a.head(t); after != before {
		t.Fatalf("%s: the log moved from %d to %d", p.what, before, after)
	}
	ok := func(status int) bool { return status == want || (want == 0 && (status == 403 || status == 404)) }
	if rTheirs.status != rNone.status || !ok(rTheirs.status) {
		t.Errorf("%s: status %d for theirs, %d for none, want %d both: %s | %s", p.what, rTheirs.status, rNone.status, want, rTheirs.body, rNone.body)
		return
	}
	norm := func(r response, key string) string {
		var m map[string]any
		r.json(t, &m)
		delete(m, "request_id")
		b, _ := json.Marshal(m)
		return strings.ReplaceAll(string(b), key, "KEY")
	}
	if d := cmp.Diff(norm(rNone, p.none), norm(rTheirs, p.theirs)); d != "" {
		t.Errorf("%s: theirs answers unlike none (-none +theirs):\n%s", p.what, d)
	}
}

// employeeProbes are the routes about one employee's data.
func employeeProbes() []probe {
	var out []probe
	for _, r := range []struct{ what, method, path string }{
		{"read master data", "GET", "/v1/employees/%s"},
		{"read master data as of", "GET", "/v1/employees/%s?as_of=3"},
		{"read the SKP", "GET", "/v1/skp/%s/2025"},
		{"read the SKP as of", "GET", "/v1/skp/%s/2025?as_of=3"},
		{"read the score trail", "GET", "/v1/employees/%s/skp/2025/score-trail"},
		{"read the history", "GET", "/v1/employees/%s/history"},
		{"read the standing", "GET", "/v1/standings/%s/2025"},
		{"explain the standing", "GET", "/v1/standings/%s/2025/explain"},
		{"explain the promotion", "GET", "/v1/promotion-candidates/%s/explain"},
		{"read the training needs", "GET", "/v1/employees/%s/training-needs"},
	} {
		out = append(out, probe{what: r.what, method: r.method, path: fmt.Sprintf(r.path, pegawai),
			pathMissing: fmt.Sprintf(r.path, missing), theirs: pegawai, none: missing})
	}
	return out
}

// TestOtherInstansiAnswersAsMissing sweeps the read routes of an employee,
// an SKP and a unit with every reading role of the second instansi: each
// answers exactly as for a NIP or code that does not exist.
func TestOtherInstansiAnswersAsMissing(t *testing.T) {
	a, _, tb := twoInstansi(t)
	pimpinanB := a.token(t, kepalaB, instansiB, actor.Pegawai, actor.Pimpinan)
	adminB := a.token(t, adminB, instansiB, actor.Admin)
	probes := append(employeeProbes(),
		probe{what: "read a unit", method: "GET", path: "/v1/units/bidang-a", pathMissing: "/v1/units/bidang-z", theirs: "bidang-a", none: "bidang-z"},
		probe{what: "read a unit report", method: "GET", path: "/v1/units/bidang-a/report?year=2025",
			pathMissing: "/v1/units/bidang-z/report?year=2025", theirs: "bidang-a", none: "bidang-z"},
		probe{what: "read a period", method: "GET", path: "/v1/periods/" + instansi + "/2025",
			pathMissing: "/v1/periods/pemprov-jabax/2025", theirs: instansi, none: "pemprov-jabax"})
	roles := map[string]string{"hr": tb.hr, "auditor": tb.auditor, "inspektorat": tb.inspektorat, "pimpinan": pimpinanB,
		"admin": adminB, "pejabat penilai": tb.penilai, "pegawai": tb.pegawai}
	for role, tok := range roles {
		want := 0 // the same answer; 403 where the role alone may not read it.
		if role == "auditor" || role == "inspektorat" {
			want = 404
		}
		for _, p := range probes {
			p.what = role + " of B: " + p.what
			answersAsMissing(t, a, tok, want, p)
		}
	}
	for _, p := range employeeProbes()[:4] {
		p.what = "hr of B: " + p.what
		answersAsMissing(t, a, tb.hr, 404, p)
	}
}

// TestOtherInstansiWritesAnswerAsMissing sends the second instansi's writes
// that name the first instansi's employees, units and SKPs: each answers
// exactly as for one that does not exist, revealing neither that it exists
// nor its instansi, and appends nothing.
func TestOtherInstansiWritesAnswerAsMissing(t *testing.T) {
	a, _, tb := twoInstansi(t)
	emp := func(path string, body any) probe {
		return probe{what: "POST " + path, method: "POST", path: "/v1/employees/" + pegawai + path, body: body,
			pathMissing: "/v1/employees/" + missing + path, bodyMissing: body, theirs: pegawai, none: missing}
	}
	unitRef := func(what, path string, body func(code string) any) probe {
		return probe{what: what, method: "POST", path: path, body: body("bidang-a"), pathMissing: path, bodyMissing: body("bidang-z"),
			theirs: "bidang-a", none: "bidang-z"}
	}
	rating := map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi"}
	hrProbes := []probe{
		emp("/transfers", map[string]any{"to_unit": "bogor-dinas", "effective": "2025-05-01", "reason": "x"}),
		emp("/jabatan", map[string]any{"jabatan": map[string]any{"kind": "administrasi", "level": "pelaksana", "name": "X"}, "effective": "2025-05-01"}),
		emp("/golongan", map[string]any{"golongan": "III/c", "tmt": "2025-04-01"}),
		emp("/reporting-lines", map[string]any{"pejabat_penilai": kepalaB, "effective_from": "2025-05-01", "reason": "x"}),
		emp("/leave-service", map[string]any{"effective": "2025-05-01", "reason": "x"}),
		{what: "rename a unit", method: "POST", path: "/v1/units/bidang-a/rename", pathMissing: "/v1/units/bidang-z/rename",
			body: map[string]any{"name": "x"}, bodyMissing: map[string]any{"name": "x"}, theirs: "bidang-a", none: "bidang-z"},
		{what: "close a period", method: "POST", path: "/v1/periods/" + instansi + "/2025/close", pathMissing: "/v1/periods/pemprov-jabax/2025/close",
			theirs: instansi, none: "pemprov-jabax"},
		unitRef("register an employee in their unit", "/v1/employees", func(code string) any {
			return map[string]any{"nip": "199606062020011011", "name": "Y", "status": "pns", "instansi": instansiB, "unit": code,
				"jabatan": map[string]any{"kind": "administrasi", "level": "pelaksana", "name": "Y"}, "golongan": "III/a", "golongan_tmt": "2020-01-01"}
		}),
		unitRef("transfer into their unit", "/v1/employees/"+pegawaiB+"/transfers", func(code string) any {
			return map[string]any{"to_unit": code, "effective": "2025-05-01", "reason": "x"}
		}),
		unitRef("register a unit under theirs", "/v1/units", func(code string) any {
			return map[string]any{"code": "bogor-bidang-b", "name": "Bidang Sarana", "parent": code, "instansi": instansiB}
		}),
		unitRef("move a unit under theirs", "/v1/units/bogor-dinas/move", func(code string) any { return map[string]any{"parent": code} }),
		{what: "name their employee as pejabat penilai", method: "POST", path: "/v1/employees/" + pegawaiB + "/reporting-lines",
			pathMissing: "/v1/employees/" + pegawaiB + "/reporting-lines",
			body:        map[string]any{"pejabat_penilai": penilai, "atasan_pejabat_penilai": kepalaB, "effective_from": "2025-05-01", "reason": "x"},
			bodyMissing: map[string]any{"pejabat_penilai": missing, "atasan_pejabat_penilai": kepalaB, "effective_from": "2025-05-01", "reason": "x"},
			theirs:      penilai, none: missing},
	}
	for _, p := range hrProbes {
		answersAsMissing(t, a, tb.hr, 404, p)
	}
	for path, body := range map[string]any{"/windows/1/ratings": rating, "/annual-rating": rating, "/approve": nil,
		"/feedback": map[string]any{"rhk": "rhk-1", "text": "x"}} {
		answersAsMissing(t, a, tb.penilai, 404, probe{what: "B's penilai POST " + path, method: "POST",
			path: skpPath + path, pathMissing: "/v1/skp/" + missing + "/2025" + path, body: body, bodyMissing: body,
			theirs: pegawai, none: missing})
	}
}

// TestOtherInstansiImportsAnswerAsMissing imports rows of the second
// instansi that name the first instansi's units and employees: each row is
// rejected with the reason a missing one gets, and nothing is appended.
func TestOtherInstansiImportsAnswerAsMissing(t *testing.T) {
	a, _, tb := twoInstansi(t)
	cases := []struct {
		kind, header, row, theirs, none string
	}{
		{"employees", "nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt",
			"199606062020011011,Y,pns,pemkab-bogor,KEY,administrasi,pelaksana,Y,III/a,2020-01-01", "bidang-a", "bidang-z"},
		{"units", "code,name,parent,instansi", "bogor-bidang-b,Bidang Sarana,KEY,pemkab-bogor", "bidang-a", "bidang-z"},
		{"reporting-lines", "nip,pejabat_penilai,atasan_pejabat_penilai,effective_from,acting,reason",
			pegawaiB + ",KEY," + kepalaB + ",2025-05-01,no,x", penilai, missing},
		{"reporting-lines", "nip,pejabat_penilai,atasan_pejabat_penilai,effective_from,acting,reason",
			"KEY," + kepalaB + "," + kepalaB + ",2025-05-01,no,x", pegawai, missing},
	}
	for _, c := range cases {
		reason := func(key string) string {
			t.Helper()
			before := a.head(t)
			csv := c.header + "\n" + strings.ReplaceAll(c.row, "KEY", key) + "\n"
			var rep ImportReport
			a.send(t, "POST", "/v1/import/"+c.kind, tb.hr, csv, "Content-Type", "text/csv").must(t, 200, "import "+c.kind).json(t, &rep)
			if len(rep.Rejected) != 1 || a.head(t) != before {
				t.Fatalf("import %s naming %s: %+v", c.kind, key, rep)
			}
			return strings.ReplaceAll(rep.Rejected[0].Reason, key, "KEY")
		}
		if theirs, none := reason(c.theirs), reason(c.none); theirs != none {
			t.Errorf("import %s: another instansi's %s is rejected with %q, a missing one with %q", c.kind, c.theirs, theirs, none)
		}
	}
}

// TestVerifyAnchorAtAnotherInstansisEvent checks an anchor whose position
// holds an event of another instansi: the chain is global, so it holds (the
// console once looked the position up in the caller's scoped audit search
// and reported the log truncated).
func TestVerifyAnchorAtAnotherInstansisEvent(t *testing.T) {
	a, _, tb := twoInstansi(t)
	evs := a.stream(t, skp.Stream(pegawai, 2025))
	target := evs[len(evs)-1]
	at := func(hash string) verifyView {
		var v verifyView
		a.send(t, "GET", fmt.Sprintf("/v1/audit/verify?anchor_position=%d&anchor_hash=%s", target.Position, hash), tb.auditor, nil).
			must(t, 200, "verify with an anchor").json(t, &v)
		return v
	}
	if v := at(hex.EncodeToString(target.Hash)); v.Status != "ok" || v.Anchor == nil || !v.Anchor.Held || v.Anchor.Position != target.Position {
		t.Fatalf("an anchor at instansi A's event, checked by B's auditor: %+v", v)
	}
	if v := at(strings.Repeat("ab", 32)); v.Status != "broken" || v.Anchor == nil || v.Anchor.Held {
		t.Fatalf("a wrong anchor hash: %+v", v)
	}
	for _, q := range []string{"anchor_position=3", "anchor_hash=" + strings.Repeat("ab", 32), "anchor_position=x&anchor_hash=ab",
		"anchor_position=9223372036854775808&anchor_hash=" + strings.Repeat("ab", 32)} {
		a.denied(t, 400, TypeValidation, q, "GET", "/v1/audit/verify?"+q, tb.auditor, nil)
	}
}
