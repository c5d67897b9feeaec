package httpapi

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/kinerja/kinerja/domain/actor"
	"github.com/kinerja/kinerja/domain/performance"
	"github.com/kinerja/kinerja/domain/skp"
)

// amendReason starts like a spreadsheet formula, to check that CSV exports
// defuse it.
const amendReason = "=1+1 salah input perilaku"

// ratedYear is pegawai's SKP of 2025 approved, rated for Q1 and the year,
// the annual ratings amended, objected to, and the objection decided. pos
// holds the global position of each step by name.
func ratedYear(t *testing.T) (*apiServer, tokens, map[string]uint64) {
	t.Helper()
	a := newAPIServer(t)
	tk := a.seed(t)
	rating := func(h, p, note string) map[string]any { return map[string]any{"hasil": h, "perilaku": p, "note": note} }
	steps := []struct {
		name  string
		at    time.Time
		path  string
		token string
		body  any
	}{
		{"draft", day(1, 6), skpPath, tk.pegawai, map[string]any{"plan": plan(10)}},
		{"submit", day(1, 7), skpPath + "/submit", tk.pegawai, nil},
		{"expectations", day(1, 10), skpPath + "/expectations", tk.penilai, expectations()},
		{"approve", day(1, 10), skpPath + "/approve", tk.penilai, nil},
		{"rate Q1", day(4, 3), skpPath + "/windows/1/ratings", tk.penilai, rating("sesuai_ekspektasi", "sesuai_ekspektasi", "Q1")},
		{"rate year", day(12, 31), skpPath + "/annual-rating", tk.penilai, rating("sesuai_ekspektasi", "di_bawah_ekspektasi", "Tahunan")},
		{"amend", nextYear(1, 2), skpPath + "/amendments", tk.penilai,
			map[string]any{"window": 0, "hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "reason": amendReason}},
		{"object", nextYear(1, 5), skpPath + "/objection", tk.pegawai, map[string]any{"reasons": "Capaian melebihi target"}},
		{"decide", nextYear(1, 12), skpPath + "/objection/decision", tk.kepala,
			map[string]any{"outcome": "ratings_changed", "hasil": "di_atas_ekspektasi", "perilaku": "di_atas_ekspektasi", "note": "Bukti mendukung"}},
	}
	pos := map[string]uint64{}
	for _, s := range steps {
		a.clock.Set(s.at)
		r := a.send(t, writeMethod(s.path), s.path, s.token, s.body)
		if r.status != 200 && r.status != 201 {
			t.Fatalf("%s: status %d: %s", s.name, r.status, r.body)
		}
		var w writeResponse
		r.json(t, &w)
		pos[s.name] = w.Position
	}
	return a, tk, pos
}

const trailPath = "/v1/employees/" + pegawai + "/skp/2025/score-trail"

// trailRow is what an auditor checks in each change.
type trailRow struct {
	Type, ActorID, ActorRole, Reason string
	Window                           int
	Before                           *skp.Ratings
	After                            skp.Ratings
	Outcome                          skp.Outcome
}

func ratings(h, p, pred string) skp.Ratings {
	return skp.Ratings{Hasil: performance.Rating(h), Perilaku: performance.Rating(p), Predikat: performance.Predikat(pred)}
}

func TestScoreTrailShowsEveryRatingChangeInOrder(t *testing.T) {
	a, tk, pos := ratedYear(t)
	var v scoreTrailView
	r := a.send(t, "GET", trailPath, tk.auditor, nil).must(t, 200, "score trail as auditor")
	r.json(t, &v)
	sesuai, kurang := ratings("sesuai_ekspektasi", "sesuai_ekspektasi", "baik"), ratings("sesuai_ekspektasi", "di_bawah_ekspektasi", "kurang")
	want := []trailRow{
		{skp.TypePeriodicRatingsGiven, penilai, "pejabat_penilai", "Q1", 1, nil, sesuai, ""},
		{skp.TypeAnnualRatingsGiven, penilai, "pejabat_penilai", "Tahunan", 0, nil, kurang, ""},
		{skp.TypeRatingsAmended, penilai, "pejabat_penilai", amendReason, 0, &kurang, sesuai, ""},
		{skp.TypeObjectionDecided, kepala, "atasan_pejabat_penilai", "Bukti mendukung", 0, &sesuai,
			ratings("di_atas_ekspektasi", "di_atas_ekspektasi", "sangat_baik"), skp.OutcomeRatingsChanged},
	}
	var got []trailRow
	for _, c := range v.Changes {
		got = append(got, trailRow{c.Type, c.ActorID, c.ActorRole, c.Reason, c.Window, c.Before, c.After, c.Outcome})
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("score trail (-want +got):\n%s", diff)
	}
	wantPos := []uint64{pos["rate Q1"], pos["rate year"], pos["amend"], pos["decide"]}
	checkTrailEnvelopes(t, a, v, wantPos)
	if v.Version != 9 || r.header.Get("ETag") != `"9"` || v.AsOf != "now" {
		t.Fatalf("trail version %d, ETag %s, as_of %s", v.Version, r.header.Get("ETag"), v.AsOf)
	}

	var then scoreTrailView
	a.send(t, "GET", trailPath+"?as_of="+strconv.FormatUint(pos["amend"], 10), tk.inspektorat, nil).
		must(t, 200, "score trail as of the amendment").json(t, &then)
	if len(then.Changes) != 3 || then.Version != 7 || then.Changes[2].Type != skp.TypeRatingsAmended {
		t.Fatalf("trail as of the amendment: %+v", then)
	}
}

// checkTrailEnvelopes checks each change's event id, position and hash
// against the stored events.
func checkTrailEnvelopes(t *testing.T, a *apiServer, v scoreTrailView, wantPos []uint64) {
	t.Helper()
	byID := map[string]int{}
	evs := a.stream(t, skp.Stream(pegawai, 2025))
	for i, e := range evs {
		byID[e.ID] = i
	}
	for i, c := range v.Changes {
		e := evs[byID[c.EventID]]
		if e.ID != c.EventID || c.Position != wantPos[i] || e.Position != c.Position || c.Hash != hex.EncodeToString(e.Hash) ||
			c.Version != e.Version || c.RecordedAt.IsZero() {
			t.Errorf("change %d: %+v does not match event %s at %d (want position %d)", i, c, e.ID, e.Position, wantPos[i])
		}
	}
}

// TestScoreTrailIsForTheEmployeeAndAuditors checks who reads a score
// trail: the employee their own and auditors; those who may read the
// employee otherwise get 403, a colleague 404 as for a missing employee.
func TestScoreTrailIsForTheEmployeeAndAuditors(t *testing.T) {
	a, tk, _ := ratedYear(t)
	otherAuditor := a.token(t, auditorB, otherInst, actor.Auditor)
	admin := a.token(t, hrNIP, instansi, actor.Admin)
	for _, c := range []struct{ who, tok string }{{"HR", tk.hr}, {"the pejabat penilai", tk.penilai},
		{"the atasan and pimpinan", tk.kepala}, {"an admin", admin}} {
		a.denied(t, 403, TypeForbidden, c.who+" reads the score trail", "GET", trailPath, c.tok, nil)
	}
	var own scoreTrailView
	a.send(t, "GET", trailPath, tk.pegawai, nil).must(t, 200, "the employee reads their own score trail").json(t, &own)
	if own.NIP != pegawai || len(own.Changes) != 4 {
		t.Errorf("own score trail %+v, want the 4 rating events", own)
	}
	a.denied(t, 404, TypeNotFound, "a colleague reads the score trail", "GET", trailPath, tk.rekan, nil)
	a.denied(t, 404, TypeNotFound, "HR of another instansi reads the score trail", "GET", trailPath, tk.otherHR, nil)
	a.denied(t, 404, TypeNotFound, "an auditor of another instansi reads the score trail", "GET", trailPath, otherAuditor, nil)
	a.send(t, "GET", trailPath, tk.inspektorat, nil).must(t, 200, "inspektorat reads the score trail")
	a.denied(t, 404, TypeNotFound, "an SKP that does not exist", "GET", "/v1/employees/"+kepala+"/skp/2025/score-trail", tk.auditor, nil)
	a.denied(t, 400, TypeValidation, "a bad as_of", "GET", trailPath+"?as_of=yesterday", tk.auditor, nil)
	// Before the SKP existed there was no trail, as GET of the SKP as of
	// that moment answers (it was a 200 with no changes and version 0).
	if p := a.denied(t, 404, TypeNotFound, "the trail before the SKP existed", "GET", trailPath+"?as_of=1", tk.auditor, nil); !strings.Contains(p.Detail, "No SKP existed") {
		t.Errorf("before the SKP: %+v", p)
	}
	a.denied(t, 401, TypeUnauthorized, "no token", "GET", trailPath, "", nil)
}

func TestScoreTrailAsCSV(t *testing.T) {
	a, tk, pos := ratedYear(t)
	r := a.send(t, "GET", trailPath, tk.auditor, nil, "Accept", "text/csv").must(t, 200, "score trail as CSV")
	if ct := r.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" ||
		!strings.Contains(r.header.Get("Content-Disposition"), "score-trail-"+pegawai+"-2025.csv") {
		t.Fatalf("Content-Type %q, Content-Disposition %q", ct, r.header.Get("Content-Disposition"))
	}
	rows := parseCSV(t, r.body)
	if len(rows) != 5 {
		t.Fatalf("%d CSV rows, want a header and 4: %q", len(rows), rows)
	}
	amend := column(t, rows, 3)
	want := map[string]string{"position": strconv.FormatUint(pos["amend"], 10), "type": skp.TypeRatingsAmended,
		"before_perilaku": "di_bawah_ekspektasi", "before_predikat": "kurang", "after_perilaku": "sesuai_ekspektasi",
		"after_predikat": "baik", "actor_id": penilai, "actor_role": "pejabat_penilai", "reason": "'" + amendReason, "window": "0"}
	for k, v := range want {
		if amend[k] != v {
			t.Errorf("amendment row: %s = %q, want %q", k, amend[k], v)
		}
	}
	if first := column(t, rows, 1); first["before_hasil"] != "" || first["window"] != "1" {
		t.Errorf("first rating row: %v", first)
	}
}

// parseCSV parses a CSV body, which must start with a UTF-8 byte order mark.
func parseCSV(t *testing.T, body []byte) [][]string {
	t.Helper()
	body, ok := bytes.CutPrefix(body, []byte(utf8BOM))
	if !ok {
		t.Errorf("CSV without a UTF-8 BOM: %.40q", body)
	}
	rows, err := csv.NewReader(bytes.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatalf("CSV %q: %v", body, err)
	}
	return rows
}

// column returns row i of a CSV table by header name.
func column(t *testing.T, rows [][]string, i int) map[string]string {
	t.Helper()
	m := map[string]string{}
	for j, h := range rows[0] {
		m[h] = rows[i][j]
	}
	return m
}

func TestVerifyOverHTTPReportsTheFirstBadPosition(t *testing.T) {
	a, tk, pos := ratedYear(t)
	head := a.head(t)
	var ok verifyView
	a.send(t, "GET", "/v1/audit/verify", tk.auditor, nil).must(t, 200, "verify").json(t, &ok)
	if ok.Status != "ok" || ok.EventsVerified != head || ok.HeadPosition != head || ok.FirstBadPosition != nil ||
		ok.Problem != "" || len(ok.HeadHash) != 64 || ok.LastGoodPosition != head || ok.LastGoodHash != ok.HeadHash || ok.MissingFrom != nil {
		t.Fatalf("intact log: %+v (head %d)", ok, head)
	}
	a.denied(t, 403, TypeForbidden, "the employee verifies", "GET", "/v1/audit/verify", tk.pegawai, nil)
	a.denied(t, 403, TypeForbidden, "HR verifies", "GET", "/v1/audit/verify", tk.hr, nil)

	ctx := context.Background()
	tx, err := a.sc.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(ctx)
	for _, q := range []string{`SET LOCAL session_replication_role = replica`,
		fmt.Sprintf(`UPDATE events SET data = replace(data::text, 'di_bawah_ekspektasi', 'sesuai_ekspektasi')::json WHERE position = %d`, pos["rate year"])} {
		if _, err := tx.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		t.Fatal(err)
	}
	var broken verifyView
	a.send(t, "GET", "/v1/audit/verify", tk.inspektorat, nil).must(t, 200, "verify a tampered log").json(t, &broken)
	// The head is the log's, past the break; the last good event is the
	// one before it.
	if broken.Status != "broken" || broken.FirstBadPosition == nil || *broken.FirstBadPosition != pos["rate year"] ||
		broken.EventsVerified != pos["rate year"]-1 || broken.LastGoodPosition != pos["rate year"]-1 || broken.HeadPosition != head ||
		broken.HeadHash != ok.HeadHash || broken.MissingFrom != nil || broken.Problem == "" {
		t.Fatalf("tampered log: %+v, want first bad position %d", broken, pos["rate year"])
	}
}

// TestTheYearsPlanIsFinalOnceRated: the plan of a rated year was revised
// (sent back to submitted, its IKI and their realisations dropped) and
// approved again after the year closed. The plan no longer changes once the
// year is rated, nor once it is closed; the ratings are still amended with
// a reason after the close (and reopen the objection window).
func TestTheYearsPlanIsFinalOnceRated(t *testing.T) {
	a := newAPIServer(t)
	tk := a.seed(t)
	rating := map[string]any{"hasil": "sesuai_ekspektasi", "perilaku": "sesuai_ekspektasi", "note": "Tahunan"}
	for _, s := range []struct {
		at          time.Time
		path, token string
		body        any
	}{
		{day(1, 6), skpPath, tk.pegawai, map[string]any{"plan": plan(10)}},
		{day(1, 7), skpPath + "/submit", tk.pegawai, nil},
		{day(1, 10), skpPath + "/expectations", tk.penilai, expectations()},
		{day(1, 10), skpPath + "/approve", tk.penilai, nil},
		{day(12, 31), skpPath + "/annual-rating", tk.penilai, rating},
	} {
		a.clock.Set(s.at)
		if r := a.send(t, writeMethod(s.path), s.path, s.token, s.body); r.status != 200 && r.status != 201 {
			t.Fatalf("%s: %d %s", s.path, r.status, r.body)
		}
	}
	a.clock.Set(nextYear(1, 2))
	revise := map[string]any{"plan": plan(1), "reason": "setelah dinilai"}
	p := a.denied(t, 422, TypeRuleViolated, "revise a rated year", "POST", skpPath+"/revise", tk.pegawai, revise)
	if p.Code != "skp.year_rated" {
		t.Errorf("revise a rated year: %+v", p)
	}
	a.send(t, "POST", "/v1/periods/"+instansi+"/2025/close", tk.hr, nil).must(t, 200, "close 2025")
	p = a.denied(t, 422, TypeRuleViolated, "revise a closed year", "POST", skpPath+"/revise", tk.pegawai, revise)
	if p.Code != "period.year_closed" {
		t.Errorf("revise a closed year: %+v", p)
	}
	a.send(t, "POST", skpPath+"/amendments", tk.penilai, map[string]any{"window": 0, "hasil": "di_atas_ekspektasi",
		"perilaku": "di_atas_ekspektasi", "reason": "bukti terverifikasi setelah penutupan"}).must(t, 200, "amend after the close")
}
