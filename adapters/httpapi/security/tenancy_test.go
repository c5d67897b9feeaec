package security

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/kinerja/kinerja/adapters/httpapi"
	"github.com/kinerja/kinerja/adapters/httpapi/httpapitest"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/eventlog"
	"github.com/kinerja/kinerja/domain/skp"
	"github.com/kinerja/kinerja/projections/projectiontest"
)

// The second instansi of the tenancy sweep (httpapitest.OtherInstansi, B):
// the same unit names and the same people's names as the fixture's
// instansi (A), its own unit codes and NIPs, and reporting lines that
// overlap A's: the atasan pejabat penilai of B's Citra Pegawai is A's
// Kepala, by a documented cross-instansi assignment.
const (
	kepalaB       = "198101012006041008"
	penilaiB      = "197802022003121010"
	pegawaiB      = "198502022010012009"
	missingNIP    = "199505052020012008" // a valid NIP nobody has
	missingUnit   = "no-such-unit"
	missingInst   = "pemprov-none"
	missingReplay = "replay_20990101t000000_0badcafe"
	secretOfA     = "Rahasia instansi A"
)

const (
	unitsB = `code,name,parent,instansi
kab-dinas,Dinas Pendidikan,,pemkab-bogor
kab-kurikulum,Bidang Kurikulum,kab-dinas,pemkab-bogor
kab-sarana,Bidang Sarana,kab-dinas,pemkab-bogor
`
	employeesB = `nip,name,status,instansi,unit,jabatan_kind,jabatan_level,jabatan_name,golongan,golongan_tmt
198101012006041008,Ahmad Kepala,pns,pemkab-bogor,kab-dinas,jpt,pratama,Kepala Dinas,IV/c,2019-04-01
197802022003121010,Budi Penilai,pns,pemkab-bogor,kab-kurikulum,administrasi,administrator,Kepala Bidang Kurikulum,IV/a,2018-10-01
198502022010012009,Citra Pegawai,pns,pemkab-bogor,kab-kurikulum,administrasi,pelaksana,Analis Kurikulum,III/b,2021-04-01
`
	linesB = `nip,pejabat_penilai,atasan_pejabat_penilai,effective_from,acting,reason
197802022003121010,198101012006041008,198303032007011006,2025-01-01,no,struktur 2025
`
)

// secretsOfA are strings only A's data holds: NIPs, names B has no one by,
// unit codes, a unit name, feedback text and the instansi. A's Kepala's NIP
// is not among them: B's own reporting line names it.
func secretsOfA() []string {
	return []string{httpapitest.Pegawai, httpapitest.Rekan, httpapitest.Penilai, httpapitest.PenilaiB, httpapitest.HRNIP,
		httpapitest.AuditorID, httpapitest.Inspektorat, "Dewi Rekan", "Eko Penilai", "Fitri HR", "Gita Auditor",
		"Hadi Inspektur", "Inspektorat Daerah", `"dinas"`, "bidang-a", "bidang-b", `"itda"`, secretOfA, httpapitest.Instansi}
}

// withInstansiB seeds A with approved SKPs and B's units, employees and
// lines, B's Citra Pegawai with A's Kepala as her atasan pejabat penilai
// (a cross-instansi assignment with its reason).
func withInstansiB(t *testing.T) (*httpapitest.Server, httpapitest.Tokens) {
	t.Helper()
	s := httpapitest.New(t, httpapitest.Options{})
	tk := s.ApprovedSKPs(t)
	s.ImportCSV(t, tk.OtherHR, "units", unitsB)
	s.ImportCSV(t, tk.OtherHR, "employees", employeesB)
	s.ImportCSV(t, tk.OtherHR, "reporting-lines", linesB)
	s.Send(t, "POST", "/v1/employees/"+pegawaiB+"/reporting-lines", tk.OtherHR, map[string]any{
		"pejabat_penilai": penilaiB, "atasan_pejabat_penilai": httpapitest.Kepala, "effective_from": "2025-01-01",
		"reason": "struktur 2025", "cross_instansi_reason": "Penugasan lintas instansi, SK 800/12/2025"}).
		Must(t, 200, "B's line with A's Kepala as atasan")
	return s, tk
}

// twoInstansi seeds A (approved SKPs, feedback, a rating, reads in the
// access log, a replay) and B (the same names, an approved SKP, the
// overlapping line), runs the projections to the head, and then poisons
// A's SKP stream so that standings stops on an event of A. It returns A's
// tokens, B's tokens by role, and the schema of A's replay.
func twoInstansi(t *testing.T) (*httpapitest.Server, httpapitest.Tokens, map[string]string, string) {
	t.Helper()
	s, tk := withInstansiB(t)
	s.OpenPeriod(t, tk.OtherHR, httpapitest.OtherInstansi, 2025)
	tb := tokensOfB(t, s, tk)
	pathB := "/v1/skp/" + pegawaiB + "/2025"
	s.Send(t, "POST", pathB, tb[string(actor.Pegawai)], map[string]any{"plan": httpapitest.Plan(10)}).Must(t, 201, "B drafts")
	s.Send(t, "POST", pathB+"/submit", tb[string(actor.Pegawai)], nil).Must(t, 200, "B submits")
	s.Send(t, "PUT", pathB+"/expectations", tb[string(actor.PejabatPenilai)], httpapitest.Expectations()).Must(t, 200, "expectations")
	s.Send(t, "POST", pathB+"/approve", tb[string(actor.PejabatPenilai)], nil).Must(t, 200, "B's penilai approves")

	s.Send(t, "POST", httpapitest.SKPPath+"/feedback", tk.Penilai, map[string]any{"rhk": "rhk-1", "text": secretOfA}).
		Must(t, 201, "A's feedback")
	s.Clock.Set(httpapitest.Day(time.April, 3))
	s.Send(t, "POST", httpapitest.SKPPath+"/windows/1/ratings", tk.Penilai,
		map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": secretOfA}).Must(t, 201, "A's rating")
	running := s.StartProjections(t)
	running.WaitHead(t, s, 60*time.Second)
	for _, p := range []string{"/v1/employees/" + httpapitest.Pegawai, httpapitest.SKPPath, "/v1/standings?year=2025"} {
		s.Send(t, "GET", p, tk.HR, nil).Must(t, 200, "A's HR reads "+p)
	}
	var replay struct {
		Schema string `json:"schema"`
	}
	s.Send(t, "POST", "/v1/replays", tk.Auditor, map[string]any{"until": "2025-12-31", "projections": []string{"standings"}}).
		Must(t, 201, "A's inspektorat builds a replay").JSON(t, &replay)
	poison(t, s, running)
	s.FlushAccess(t)
	return s, tk, tb, replay.Schema
}

// poison appends to Rekan's SKP stream (A's, and not one the sweep reads:
// no route could read an object it cannot fold) an event of a schema
// version the projections cannot read, and waits until standings has
// stopped on it: the error of a stopped projection names A's event.
func poison(t *testing.T, s *httpapitest.Server, running *httpapitest.Running) {
	t.Helper()
	bad := projectiontest.Encode(skp.Approved{NIP: httpapitest.Rekan, Year: 2025, At: s.Clock.Now()}, projectiontest.HR)
	bad.SchemaVersion = 9
	if _, err := s.Store.Append(t.Context(), skp.Stream(httpapitest.Rekan, 2025), eventlog.Any, bad); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		all, err := running.Monitor.Status(ctx)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range all {
			if st.Name == "standings" && st.State == "stopped" {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("standings did not stop on the poisoned event: %+v", all)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// tokensOfB returns a token of B for each role of domain/actor (by role
// name), each for a registered employee of B who could plausibly hold it,
// and one with every role a token may grant ("all").
func tokensOfB(t *testing.T, s *httpapitest.Server, tk httpapitest.Tokens) map[string]string {
	t.Helper()
	subject := map[actor.Role]string{
		actor.Pegawai: pegawaiB, actor.PejabatPenilai: penilaiB, actor.AtasanPejabatPenilai: kepalaB,
		actor.Pimpinan: kepalaB, actor.HR: httpapitest.OtherHRNIP, actor.Admin: httpapitest.OtherHRNIP,
		actor.Auditor: httpapitest.OtherAuditor, actor.Inspektorat: httpapitest.OtherAuditor, actor.System: httpapitest.OtherHRNIP,
	}
	var all []actor.Role
	for _, r := range actor.Roles() {
		if r != actor.System { // no token may grant it (401); the sweep still sends one
			all = append(all, r)
		}
	}
	out := map[string]string{"all": s.Token(t, httpapitest.OtherHRNIP, httpapitest.OtherInstansi, all...)}
	for _, r := range actor.Roles() {
		nip, ok := subject[r]
		if !ok {
			t.Fatalf("role %s has no subject in B; teach tokensOfB", r)
		}
		roles := []actor.Role{r}
		if r == actor.PejabatPenilai || r == actor.AtasanPejabatPenilai || r == actor.Pimpinan {
			roles = append(roles, actor.Pegawai)
		}
		out[string(r)] = s.Token(t, nip, httpapitest.OtherInstansi, roles...)
	}
	return out
}

// projectionDetails are what the error of the projection stopped by
// poison says (its text, its owner): for admins only.
var projectionDetails = []string{"schema version", "httpapitest"}

// listQueries are the queries the sweep sends to the read routes that name
// no object, besides none: filters that name A's instansi, units and
// people.
var listQueries = map[string][]string{
	"/v1/standings":            {"?year=2025", "?year=2025&instansi=" + httpapitest.Instansi, "?year=2025&unit=bidang-a&sub_units=true"},
	"/v1/promotion-candidates": {"?instansi=" + httpapitest.Instansi},
	"/v1/training-needs":       {"?year=2025", "?year=2025&instansi=" + httpapitest.Instansi, "?year=2025&unit=bidang-a"},
	"/v1/audit/events": {"?stream=skp-" + httpapitest.Pegawai + "-2025", "?actor=" + httpapitest.Penilai,
		"?stream_prefix=employee-", "?type=skp.ratings_given"},
	"/v1/audit/access": {"?resource_id=" + httpapitest.Pegawai, "?subject=" + httpapitest.HRNIP},
	"/v1/replays":      {},
	"/v1/audit/verify": {},
	"/v1/projections":  {"?min_position=1"},
}

// TestHole2NoReadRouteShowsAnotherInstansi sweeps every GET route of the
// route table with a token of every role of instansi B, filling the path
// variables with A's objects (A's NIP, unit code, period, replay): no
// response holds A's NIPs, names, unit codes or feedback, except what the
// request itself names; a route that names an object answers exactly as it
// answers for an object that does not exist (404, or 403 where the role
// alone decides), and the lists (standings, training needs, promotion
// candidates, audit events, access log, replays, verify, projections, and
// the unauthenticated health routes) show none of A. A's own reader sees
// A's data in the same lists, so the sweep can see a leak.
//
// Before issue 10's fixes, GET /v1/audit/events returned every instansi's
// events to any auditor, replays of A were listed, read and dropped by B's
// inspektorat, a NIP of another instansi answered 403 where a missing one
// answered 404, and /readyz and /v1/projections showed a stopped
// projection's error (naming A's event) to anyone.
func TestHole2NoReadRouteShowsAnotherInstansi(t *testing.T) {
	t.Parallel()
	s, tk, tb, schemaA := twoInstansi(t)
	secrets := append(secretsOfA(), schemaA)
	aVals, mVals := pathValues(), pathValues()
	aVals["code"], aVals["schema"] = "bidang-a", schemaA
	mVals["nip"], mVals["code"], mVals["instansi"], mVals["schema"] = missingNIP, missingUnit, missingInst, missingReplay
	tb["none"] = ""
	requests := 0
	for _, rt := range s.HTTP.Routes() {
		switch {
		case !hasGet(rt):
		case rt.Path == "/openapi.yaml": // a static document, the same for every server; its examples use the fixture's NIPs
		case strings.HasPrefix(rt.Path, "/problems/"): // static pages explaining the problem types, the same for every server
		case rt.Path == "/v1/me/events": // a stream that never ends; TestLiveNothingLeavesItsScope sweeps it with every role of the other instansi
		case len(varsOf(rt.Path)) == 0:
			requests += sweepList(t, s, rt.Path, tb, secrets)
		default:
			requests += sweepObject(t, s, rt.Path, tb, secrets, aVals, mVals)
		}
	}
	t.Logf("%d requests", requests)
	seesOwn(t, s, tk)
	writesNamingA(t, s, tb, aVals, mVals)
	keepsReplay(t, s, tk, tb, aVals, mVals)
}

// sweepList reads the list route path with every query of listQueries and
// every token of B: no response holds A's secrets, and only admins see the
// error of a stopped projection. It returns the number of requests.
func sweepList(t *testing.T, s *httpapitest.Server, path string, tb map[string]string, secrets []string) int {
	t.Helper()
	n := 0
	for _, q := range append([]string{""}, listQueries[path]...) {
		for role, tok := range tb {
			n++
			r := s.Send(t, "GET", path+q, tok, nil)
			if path == "/v1/audit/access" {
				onlyB(t, role, path+q, r)
				continue
			}
			noSecrets(t, role, path+q, r, secrets)
			if role != string(actor.Admin) && role != "all" {
				noSecrets(t, role, path+q, r, projectionDetails)
			}
		}
	}
	return n
}

// sweepObject reads the route tpl filled with A's objects and with missing
// ones, with every token of B: the answers are the same refusal (404 for
// the caller with every role), and hold none of A's secrets. It returns
// the number of requests.
func sweepObject(t *testing.T, s *httpapitest.Server, tpl string, tb map[string]string, secrets []string, aVals, mVals map[string]string) int {
	t.Helper()
	aPath, mPath := concrete(t, tpl, aVals, "", ""), concrete(t, tpl, mVals, "", "")
	for role, tok := range tb {
		got, missing := s.Send(t, "GET", aPath, tok, nil), s.Send(t, "GET", mPath, tok, nil)
		noSecrets(t, role, aPath, got, secrets)
		sameAsMissing(t, role+" of B", "GET "+aPath, got, missing, toMissing(aVals, mVals))
		if role == "all" && got.Status != 404 {
			t.Errorf("B's caller with every role, GET %s: status %d, want 404: %.300s", aPath, got.Status, got.Body)
		}
	}
	return 2 * len(tb)
}

// keepsReplay has B's inspektorat (and B's caller with every role) drop
// A's replay: each answers as for a replay that does not exist, and A's
// inspektorat still lists and reads it. (Before the fix an inspectorate of
// one instansi could delete another's replay.)
func keepsReplay(t *testing.T, s *httpapitest.Server, tk httpapitest.Tokens, tb map[string]string, aVals, mVals map[string]string) {
	t.Helper()
	aPath, mPath := "/v1/replays/"+aVals["schema"], "/v1/replays/"+mVals["schema"]
	for _, role := range []string{string(actor.Inspektorat), "all"} {
		got, missing := s.Send(t, "DELETE", aPath, tb[role], nil), s.Send(t, "DELETE", mPath, tb[role], nil)
		sameAsMissing(t, role+" of B", "DELETE "+aPath, got, missing, toMissing(aVals, mVals))
	}
	s.Send(t, "GET", aPath, tk.Auditor, nil).Must(t, 200, "A's inspektorat reads its replay after B's attempts to drop it")
}

// writesNamingA sends writes of B's callers that name A's objects, in the
// path or in the body (a unit to register an employee in or transfer to, an
// official of a reporting line, an employee, a unit, a period, an SKP):
// each answers exactly as it does for an object that does not exist (so
// no message reveals A's units or people), and none appends anything.
func writesNamingA(t *testing.T, s *httpapitest.Server, tb map[string]string, aVals, mVals map[string]string) {
	t.Helper()
	hr, penilai := tb[string(actor.HR)], tb[string(actor.PejabatPenilai)]
	register := func(unit string) map[string]any {
		return map[string]any{"nip": "199202022020121001", "name": "Citra Baru", "status": "pns",
			"instansi": httpapitest.OtherInstansi, "unit": unit, "golongan": "III/a", "golongan_tmt": "2021-01-01",
			"jabatan": map[string]any{"kind": "administrasi", "level": "pelaksana", "name": "Analis"}}
	}
	line := func(official string) map[string]any {
		return map[string]any{"pejabat_penilai": official, "atasan_pejabat_penilai": kepalaB,
			"effective_from": "2025-04-01", "reason": "mutasi"}
	}
	cases := []struct {
		what, path, token string
		body              func(a bool) any
	}{
		{"register an employee in A's unit", "/v1/employees", hr, func(a bool) any { return register(pick(a, "bidang-a", missingUnit)) }},
		{"transfer to A's unit", "/v1/employees/" + pegawaiB + "/transfers", hr, func(a bool) any {
			return map[string]any{"to_unit": pick(a, "bidang-a", missingUnit), "effective": "2025-04-01", "reason": "mutasi"}
		}},
		{"A's pejabat penilai without a cross-instansi reason", "/v1/employees/" + pegawaiB + "/reporting-lines", hr,
			func(a bool) any { return line(pick(a, httpapitest.Penilai, missingNIP)) }},
		{"A's employee's golongan", "/v1/employees/{nip}/golongan", hr,
			func(bool) any { return map[string]any{"golongan": "III/c", "tmt": "2025-01-01"} }},
		{"rename A's unit", "/v1/units/{code}/rename", hr, func(bool) any { return map[string]any{"name": "Bidang Diambil"} }},
		{"close A's period", "/v1/periods/{instansi}/2025/close", hr, func(bool) any { return nil }},
		{"feedback on A's SKP", "/v1/skp/{nip}/2025/feedback", penilai,
			func(bool) any { return map[string]any{"rhk": "rhk-1", "text": "Bagus"} }},
	}
	for _, c := range cases {
		before := s.Head(t)
		aPath, mPath := concrete(t, c.path, aVals, "", ""), concrete(t, c.path, mVals, "", "")
		got, missing := s.Send(t, "POST", aPath, c.token, c.body(true)), s.Send(t, "POST", mPath, c.token, c.body(false))
		sameAsMissing(t, c.what, "POST "+aPath, got, missing, toMissing(aVals, mVals, httpapitest.Penilai, missingNIP))
		if after := s.Head(t); after != before {
			t.Errorf("%s: the log moved from %d to %d", c.what, before, after)
		}
	}
}

// pick returns a if first, else b.
func pick(first bool, a, b string) string {
	if first {
		return a
	}
	return b
}

// hasGet reports whether rt answers GET.
func hasGet(rt httpapi.RouteInfo) bool {
	for _, m := range rt.Methods {
		if m == "GET" {
			return true
		}
	}
	return false
}

// noSecrets fails the test if r's body holds a secret that the request
// path does not name.
func noSecrets(t *testing.T, role, path string, r httpapitest.Response, secrets []string) {
	t.Helper()
	if r.Status >= 500 {
		t.Errorf("%s GET %s: status %d: %.300s", role, path, r.Status, r.Body)
	}
	for _, sec := range secrets {
		if strings.Contains(string(r.Body), sec) && !strings.Contains(path, strings.Trim(sec, `"`)) {
			t.Errorf("%s of B, GET %s (status %d), sees %q of A: %.600s", role, path, r.Status, sec, r.Body)
		}
	}
}

// onlyB fails the test unless every entry of an access log page r is of a
// request of B's callers. (They name A's objects: the sweep's own refused
// requests are there.)
func onlyB(t *testing.T, role, path string, r httpapitest.Response) {
	t.Helper()
	if r.Status != 200 {
		if r.Status >= 500 || strings.Contains(string(r.Body), httpapitest.Instansi) {
			t.Errorf("%s of B, GET %s: status %d: %.300s", role, path, r.Status, r.Body)
		}
		return
	}
	var page struct {
		Entries []accessEntry `json:"entries"`
	}
	r.JSON(t, &page)
	for _, e := range page.Entries {
		if e.Instansi != httpapitest.OtherInstansi || e.Status/100 == 2 && e.ResourceID == httpapitest.Pegawai {
			t.Errorf("%s of B, GET %s, sees %+v", role, path, e)
		}
	}
}

// toMissing returns a replacer of A's path values (and of the extra
// pairs) by the missing objects' ones.
func toMissing(aVals, mVals map[string]string, extra ...string) *strings.Replacer {
	pairs := append([]string(nil), extra...)
	for _, k := range []string{"nip", "code", "instansi", "schema"} {
		pairs = append(pairs, aVals[k], mVals[k])
	}
	return strings.NewReplacer(pairs...)
}

// sameAsMissing fails the test unless got (a request naming A's object) is
// a refusal identical to missing (the same request naming an object that
// does not exist), but for the object's name (toMissing) and the request id.
func sameAsMissing(t *testing.T, who, req string, got, missing httpapitest.Response, toMissing *strings.Replacer) {
	t.Helper()
	if got.Status/100 == 2 || got.Status != missing.Status {
		t.Errorf("%s, %s: status %d, and %d for a missing object: %.300s", who, req, got.Status, missing.Status, got.Body)
		return
	}
	if got.Status == 401 {
		return
	}
	g, m := got.Problem(t), missing.Problem(t)
	g.Detail, g.Instance = toMissing.Replace(g.Detail), toMissing.Replace(g.Instance)
	g.RequestID, m.RequestID = "", ""
	sameErrors := toMissing.Replace(fmt.Sprint(g.Errors)) == fmt.Sprint(m.Errors)
	if g.Type != m.Type || g.Title != m.Title || g.Detail != m.Detail || g.Instance != m.Instance || !sameErrors {
		t.Errorf("%s, %s: %+v\nwant the answer for a missing object: %+v", who, req, g, m)
	}
}

// seesOwn checks that A's readers find A's data in the lists the sweep
// found empty of it: the sweep's secrets are visible when they may be.
func seesOwn(t *testing.T, s *httpapitest.Server, tk httpapitest.Tokens) {
	t.Helper()
	for _, c := range []struct{ path, tok, want string }{
		{"/v1/standings?year=2025", tk.HR, httpapitest.Pegawai},
		{"/v1/audit/events?stream=skp-" + httpapitest.Pegawai + "-2025", tk.Auditor, secretOfA},
		{"/v1/audit/access", tk.Auditor, httpapitest.HRNIP},
		{"/v1/replays", tk.Auditor, "replay_"},
	} {
		r := s.Send(t, "GET", c.path, c.tok, nil).Must(t, 200, "A reads "+c.path)
		if !strings.Contains(string(r.Body), c.want) {
			t.Errorf("A's reader of %s does not see %q: the sweep could not see a leak there: %.300s", c.path, c.want, r.Body)
		}
	}
}

// TestHole2AnUnreadableSKPOfAnotherInstansiIsMissing: the score trail of an
// SKP of A whose stream holds an event no code can read answers B's
// auditor as a missing SKP. The handler used to read the SKP before it
// checked the employee's instansi, so B's auditor got a 500 there and
// learnt that the SKP exists.
func TestHole2AnUnreadableSKPOfAnotherInstansiIsMissing(t *testing.T) {
	t.Parallel()
	s, _, tb, _ := twoInstansi(t)
	path := func(nip string) string { return "/v1/employees/" + nip + "/skp/2025/score-trail" }
	auditor := tb[string(actor.Auditor)]
	got := s.Send(t, "GET", path(httpapitest.Rekan), auditor, nil).Must(t, 404, "B's auditor reads A's unreadable SKP").Problem(t)
	want := s.Send(t, "GET", path(missingNIP), auditor, nil).Must(t, 404, "B's auditor reads a missing NIP").Problem(t)
	if got.Type != want.Type || got.Title != want.Title {
		t.Fatalf("A's SKP answers %+v, a missing one %+v", got, want)
	}
}
